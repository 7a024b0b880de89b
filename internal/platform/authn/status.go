package authn

import (
	"context"
	"sync"
	"time"

	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// TenantStatus says whether a tenant may act. Returns UNAVAILABLE when it
// cannot tell. The middleware calls it with the credential being checked
// in ctx (Credential), so a remote lookup can ask auth with it.
type TenantStatus interface {
	Active(ctx context.Context, id tenant.ID) (bool, error)
}

// StatusLookup asks the source of truth (auth's tenants table).
type StatusLookup func(ctx context.Context, id tenant.ID) (active bool, err error)

// StatusCache answers TenantStatus from memory for TTL per tenant, so the
// middleware does not query per request. Auth drops an entry the moment it
// suspends a tenant in this process (Invalidate, also on the
// vextrus.auth.tenant.suspended.v1 event elsewhere); TTL bounds how long
// another process may still accept the tenant's tokens.
type StatusCache struct {
	lookup StatusLookup
	ttl    time.Duration

	mu sync.RWMutex
	m  map[tenant.ID]statusEntry
	// gen counts invalidations, so a lookup that raced with one does not
	// put back the status it read before the change.
	gen uint64
}

type statusEntry struct {
	active bool
	until  time.Time
}

// NewStatusCache caches lookup's answers for ttl.
func NewStatusCache(lookup StatusLookup, ttl time.Duration) *StatusCache {
	return &StatusCache{lookup: lookup, ttl: ttl, m: map[tenant.ID]statusEntry{}}
}

// Active reports whether id is active, from memory when fresh.
func (c *StatusCache) Active(ctx context.Context, id tenant.ID) (bool, error) {
	now := time.Now()
	c.mu.RLock()
	e, ok := c.m[id]
	gen := c.gen
	c.mu.RUnlock()
	if ok && now.Before(e.until) {
		return e.active, nil
	}
	active, err := c.lookup(ctx, id)
	if err != nil {
		return false, err
	}
	c.mu.Lock()
	if c.gen == gen {
		c.m[id] = statusEntry{active: active, until: now.Add(c.ttl)}
	}
	c.mu.Unlock()
	return active, nil
}

// Invalidate drops what the cache knows of id.
func (c *StatusCache) Invalidate(id tenant.ID) {
	c.mu.Lock()
	delete(c.m, id)
	c.gen++
	c.mu.Unlock()
}
