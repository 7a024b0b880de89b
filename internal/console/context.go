package console

import (
	"context"
	"sync"
	"time"

	"github.com/vextrus/vextrus/internal/platform/errs"
)

func withSession(ctx context.Context, s *Session, v *View) context.Context {
	return withView(context.WithValue(ctx, sessionKey{}, s), v)
}

var zones sync.Map // name -> *time.Location

// loadZone returns the time zone name (an IANA name), cached.
func loadZone(name string) (*time.Location, error) {
	if name == "" {
		return nil, errs.E(errs.NotFound, "no time zone")
	}
	if z, ok := zones.Load(name); ok {
		return z.(*time.Location), nil
	}
	z, err := time.LoadLocation(name)
	if err != nil {
		return nil, err
	}
	zones.Store(name, z)
	return z, nil
}
