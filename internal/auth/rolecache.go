package auth

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// roleCache resolves a token's role names to permissions for the authn
// middleware without a query per request: system roles come from code,
// custom roles from a per-tenant copy kept for a TTL and dropped when this
// process changes them. The maps it returns are shared: read only.
type roleCache struct {
	s   *Service
	ttl time.Duration

	mu      sync.RWMutex
	tenants map[tenant.ID]*tenantRoles
}

type tenantRoles struct {
	until    time.Time
	patterns map[string][]string // custom role → patterns
	resolved sync.Map            // joined role names → map[string]bool
}

func newRoleCache(s *Service, ttl time.Duration) *roleCache {
	return &roleCache{s: s, ttl: ttl, tenants: map[tenant.ID]*tenantRoles{}}
}

// Permissions implements authn.RoleResolver. Unknown role names grant
// nothing: a custom role deleted after the token was issued loses its
// power at once.
func (c *roleCache) Permissions(ctx context.Context, id tenant.ID, roles []string) (map[string]bool, error) {
	tr, err := c.tenant(ctx, id)
	if err != nil {
		return nil, err
	}
	key := strings.Join(roles, ",")
	if m, ok := tr.resolved.Load(key); ok {
		return m.(map[string]bool), nil
	}
	perms := map[string]bool{}
	for _, name := range roles {
		if r, ok := authz.SystemRoleNamed(name); ok {
			c.s.registry.Expand(perms, r.Patterns...)
		} else if p, ok := tr.patterns[name]; ok {
			c.s.registry.Expand(perms, p...)
		}
	}
	tr.resolved.Store(key, perms)
	return perms, nil
}

func (c *roleCache) tenant(ctx context.Context, id tenant.ID) (*tenantRoles, error) {
	now := time.Now()
	c.mu.RLock()
	tr, ok := c.tenants[id]
	c.mu.RUnlock()
	if ok && now.Before(tr.until) {
		return tr, nil
	}
	tr = &tenantRoles{until: now.Add(c.ttl), patterns: map[string][]string{}}
	stored, err := c.s.store.customRoles(tenant.With(ctx, id))
	for _, r := range stored {
		tr.patterns[r.Name] = r.Patterns
	}
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.tenants[id] = tr
	c.mu.Unlock()
	return tr, nil
}

func (c *roleCache) invalidate(id tenant.ID) {
	c.mu.Lock()
	delete(c.tenants, id)
	c.mu.Unlock()
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func itoa(i int) string { return strconv.Itoa(i) }
