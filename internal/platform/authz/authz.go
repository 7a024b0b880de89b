// Package authz answers "may the caller do this?". Each service declares
// its permissions (`<service>.<resource>.<action>`) at start-up into one
// Registry; the authn middleware puts the verified Principal, with the
// permissions its roles grant, into the request context; services call
// Require before every operation.
package authz

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"sync"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// Permission is one thing a role can allow.
type Permission struct {
	// Name is `<service>.<resource>.<action>`, e.g. masterdata.customer.write.
	Name        string
	Description string
}

// Principal is the verified caller of a request.
type Principal struct {
	// UserID is the user (or API key) id, the token's `sub`.
	UserID string
	// Tenant is the token's `tid`; the only source of a request's tenant.
	Tenant tenant.ID
	// Roles are the role names in the token.
	Roles []string
	// Permissions are what the roles (or an API key's scopes) grant.
	Permissions map[string]bool
	// APIKey is true when the caller is an integration key, not a user.
	APIKey bool
	// TokenID is the token's `jti`, for session revocation.
	TokenID string
	// SessionID is the token's `sid`: the refresh-token family it came
	// from, so logout can end it. Empty for API keys.
	SessionID string
	// Service names the platform service acting for the tenant with a
	// service credential (package servicecred); UserID is then
	// ServiceSubject(Service). Empty for users and API keys.
	Service string
}

// ServiceSubjectPrefix starts the subject (UserID, actor) of a service
// principal, so records and audit entries it causes name the service.
const ServiceSubjectPrefix = "service:"

// ServiceSubject is the subject of service name's principal.
func ServiceSubject(name string) string { return ServiceSubjectPrefix + name }

// ServicePrincipal is the principal of service name acting for tenant t
// with exactly perms: no roles, nothing of the tenant's users.
func ServicePrincipal(t tenant.ID, name string, perms []string, tokenID string) *Principal {
	m := make(map[string]bool, len(perms))
	for _, p := range perms {
		m[p] = true
	}
	return &Principal{UserID: ServiceSubject(name), Tenant: t, Permissions: m, TokenID: tokenID, Service: name}
}

// Has reports whether p holds perm.
func (p *Principal) Has(perm string) bool { return p != nil && p.Permissions[perm] }

// HasRole reports whether p holds role.
func (p *Principal) HasRole(role string) bool { return p != nil && slices.Contains(p.Roles, role) }

type ctxKey struct{}

// With returns ctx carrying p and p's tenant.
func With(ctx context.Context, p *Principal) context.Context {
	return tenant.With(context.WithValue(ctx, ctxKey{}, p), p.Tenant)
}

// From returns the principal of ctx.
func From(ctx context.Context) (*Principal, bool) {
	p, ok := ctx.Value(ctxKey{}).(*Principal)
	return p, ok && p != nil
}

// Actor is the id of ctx's user or API key, or `service:<name>` for a
// service acting with a service credential (what changes record as their
// author and events carry as their actor); "" for the platform itself.
func Actor(ctx context.Context) string {
	if p, ok := From(ctx); ok {
		return p.UserID
	}
	return ""
}

// Require returns nil when the caller holds perm. Returns UNAUTHENTICATED
// without a caller and PERMISSION_DENIED naming the missing permission.
func Require(ctx context.Context, perm string) error {
	p, ok := From(ctx)
	if !ok {
		return errs.E(errs.Unauthenticated, "authentication required")
	}
	if !p.Has(perm) {
		return errs.E(errs.PermissionDenied, "missing permission %s", perm)
	}
	return nil
}

// Caller checks that the caller of ctx holds perm and returns who it
// is. Returns UNAUTHENTICATED or PERMISSION_DENIED.
func Caller(ctx context.Context, perm string) (*Principal, error) {
	if err := Require(ctx, perm); err != nil {
		return nil, err
	}
	p, _ := From(ctx)
	return p, nil
}

// nameRE accepts `<service>.<resource>.<action>` and, for an action that
// concerns the whole service rather than one resource (`rules.evaluate`),
// `<service>.<action>`.
var nameRE = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*){1,2}$`)

// Registry is the one list of permissions every service declared.
type Registry struct {
	mu    sync.RWMutex
	perms map[string]Permission
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry { return &Registry{perms: map[string]Permission{}} }

// Register declares perms; a malformed or duplicate name is an error, so
// wiring mistakes fail at start.
func (r *Registry) Register(perms ...Permission) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, p := range perms {
		if !nameRE.MatchString(p.Name) {
			return fmt.Errorf("permission %q is not <service>.<resource>.<action> or <service>.<action>", p.Name)
		}
		if _, dup := r.perms[p.Name]; dup {
			return fmt.Errorf("permission %q registered twice", p.Name)
		}
		r.perms[p.Name] = p
	}
	return nil
}

// Known reports whether name was registered.
func (r *Registry) Known(name string) bool {
	r.mu.RLock()
	defer r.mu.RUnlock()
	_, ok := r.perms[name]
	return ok
}

// All lists every permission by name.
func (r *Registry) All() []Permission {
	r.mu.RLock()
	defer r.mu.RUnlock()
	out := make([]Permission, 0, len(r.perms))
	for _, p := range r.perms {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
