package graph

import (
	"context"
	"net/http"
	"sync"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/orders"
)

// locationCache keeps the locations one request read, so a page of 50
// orders at two sites reads two locations, not 50. It lives as long as
// the request: a location changed by another request is read afresh by
// the next.
type locationCache struct {
	mu sync.Mutex
	by map[uuid.UUID]orders.Location
}

type locationCacheKey struct{}

// withLocationCache gives each request of h a cache of its own.
func withLocationCache(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c := &locationCache{by: map[uuid.UUID]orders.Location{}}
		h.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), locationCacheKey{}, c)))
	})
}

// cachedLocation reads location id through the request's cache; without
// one (a caller that did not come through Handler) it reads each time.
// Errors are not kept.
func (r *Resolver) cachedLocation(ctx context.Context, id uuid.UUID) (orders.Location, error) {
	c, _ := ctx.Value(locationCacheKey{}).(*locationCache)
	if c == nil {
		return r.Service.Location(ctx, id)
	}
	c.mu.Lock()
	l, ok := c.by[id]
	c.mu.Unlock()
	if ok {
		return l, nil
	}
	l, err := r.Service.Location(ctx, id)
	if err != nil {
		return orders.Location{}, err
	}
	c.mu.Lock()
	c.by[id] = l
	c.mu.Unlock()
	return l, nil
}
