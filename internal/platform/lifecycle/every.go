package lifecycle

import (
	"context"
	"time"
)

// Every calls fn every interval until ctx ends, first at once when
// immediately is set, and then returns nil. A periodic task's failures are
// fn's to log and retry at the next tick, never a reason to stop the
// process, so fn returns nothing.
func Every(ctx context.Context, interval time.Duration, immediately bool, fn func(context.Context)) error {
	t := time.NewTicker(interval)
	defer t.Stop()
	if immediately {
		fn(ctx)
	}
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
			fn(ctx)
		}
	}
}
