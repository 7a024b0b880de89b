package authclient

import (
	"context"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// maxEntries bounds each cache; past it the cache starts over rather than
// grow (auth's own API key cache does the same).
const maxEntries = 10_000

// roleResolver implements authn.RoleResolver. A role set of system roles
// only is expanded here over the catalogue, with no call; a set naming any
// other role is resolved by auth, which alone knows the tenant's custom
// roles, and kept per (tenant, role set) for the TTL. The maps it returns
// are shared: read only.
type roleResolver struct {
	r         *Remote
	catalogue *authz.Registry
	ttl       time.Duration
	now       func() time.Time

	system sync.Map // sorted, joined role names → map[string]bool

	mu     sync.Mutex
	custom map[string]rolesEntry // tenant id + "|" + sorted, joined role names
}

type rolesEntry struct {
	perms map[string]bool
	until time.Time
}

func newRoleResolver(r *Remote, catalogue *authz.Registry, ttl time.Duration, now func() time.Time) *roleResolver {
	return &roleResolver{r: r, catalogue: catalogue, ttl: ttl, now: now, custom: map[string]rolesEntry{}}
}

// Permissions implements authn.RoleResolver. Returns UNAUTHENTICATED when
// auth refuses the credential or reports the tenant suspended, UNAVAILABLE
// when auth cannot be reached.
func (c *roleResolver) Permissions(ctx context.Context, id tenant.ID, roles []string) (map[string]bool, error) {
	sorted := slices.Clone(roles)
	slices.Sort(sorted)
	sorted = slices.Compact(sorted)
	names := strings.Join(sorted, ",")
	if allSystem(sorted) {
		if m, ok := c.system.Load(names); ok {
			return m.(map[string]bool), nil
		}
		perms := map[string]bool{}
		for _, name := range sorted {
			r, _ := authz.SystemRoleNamed(name)
			c.catalogue.Expand(perms, r.Patterns...)
		}
		c.system.Store(names, perms)
		return perms, nil
	}
	key := id.String() + "|" + names
	now := c.now()
	c.mu.Lock()
	e, ok := c.custom[key]
	c.mu.Unlock()
	if ok && now.Before(e.until) {
		return e.perms, nil
	}
	p, err := c.r.inspectFor(ctx, id)
	if err != nil {
		return nil, err
	}
	if !p.active() {
		// The status cache said active a moment ago; it was wrong.
		c.r.ForgetTenant(id)
		return nil, errs.E(errs.Unauthenticated, "the tenant is suspended")
	}
	got := slices.Clone(p.Roles)
	slices.Sort(got)
	if !slices.Equal(slices.Compact(got), sorted) {
		return nil, errs.E(errs.Internal, "auth answered for other roles than the token's")
	}
	perms := p.permissions()
	c.mu.Lock()
	if len(c.custom) >= maxEntries {
		clear(c.custom)
	}
	c.custom[key] = rolesEntry{perms: perms, until: now.Add(c.ttl)}
	c.mu.Unlock()
	return perms, nil
}

func allSystem(roles []string) bool {
	for _, name := range roles {
		if _, ok := authz.SystemRoleNamed(name); !ok {
			return false
		}
	}
	return true
}
