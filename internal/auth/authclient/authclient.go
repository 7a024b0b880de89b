// Package authclient is authentication for processes that do not run the
// auth module: the authn middleware's configuration backed by auth in
// another process, called through the platform service client.
//
// Access tokens are verified locally against auth's JWKS (cached,
// rotation-aware): no call to auth per request. What a process cannot know
// locally it asks auth's principal endpoint (auth.PrincipalPath) with the
// credential it is checking, and caches:
//
//   - tenant status per tenant, for auth.tenant_status_ttl, dropped the
//     moment a vextrus.auth.tenant.suspended.v1 or .reactivated.v1 event
//     arrives (Listener);
//   - permissions per (tenant, role set) for auth.role_cache_ttl when a
//     role set names a custom role; system roles are expanded locally over
//     the platform's permission catalogue, as auth expands them;
//   - API key principals per SHA-256 of the key for auth.api_key_cache_ttl;
//   - the sessions revoked within the last access-token lifetime, from
//     auth's vextrus.auth.session.revoked.v1 events (Listener), whose
//     access tokens are refused.
//
// See docs/auth.md, "Processes without auth".
package authclient

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/vextrus/vextrus/internal/auth"
	"github.com/vextrus/vextrus/internal/platform/authn"
	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/svcclient"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// Config is how long each answer of auth is kept.
type Config struct {
	// KeysTTL is how long the JWKS is kept; an unknown kid refetches it
	// sooner.
	KeysTTL time.Duration
	// TenantStatusTTL bounds how long a suspension can go unnoticed when
	// its event does not arrive.
	TenantStatusTTL time.Duration
	// RoleCacheTTL is how long the permissions of a role set with a custom
	// role are kept.
	RoleCacheTTL time.Duration
	// APIKeyCacheTTL is how long a verified API key is kept: a revoked key
	// works here at most this long.
	APIKeyCacheTTL time.Duration
	// AccessTTL is the lifetime of access tokens: how long a revoked
	// session is remembered.
	AccessTTL time.Duration
}

// ConfigFrom takes the cache lifetimes of the auth section, so one setting
// means the same in auth and everywhere else.
func ConfigFrom(c auth.Config) Config {
	return Config{KeysTTL: 5 * time.Minute, TenantStatusTTL: c.TenantStatusTTL, RoleCacheTTL: c.RoleCacheTTL,
		APIKeyCacheTTL: c.APIKeyCacheTTL, AccessTTL: c.AccessTTL}
}

// Deps is what a Remote needs.
type Deps struct {
	// Client calls the auth service (App.Client("auth")).
	Client *svcclient.Client
	// JWKS fetches auth's key set, usually authn.HTTPJWKS.
	JWKS authn.FetchFunc
	// Permissions holds every permission of the platform, whatever runs
	// in this process: system roles expand over it exactly as auth
	// expands them over its own.
	Permissions *authz.Registry
	Config      Config
	// Now is the clock of the caches; nil means time.Now.
	Now func() time.Time
}

// Remote is the authn backing of a process without auth. Safe for
// concurrent use.
type Remote struct {
	client   *svcclient.Client
	verifier *authn.Verifier
	status   *authn.StatusCache
	roles    *roleResolver
	apiKeys  *apiKeyVerifier
	revoked  *authn.RevokedSessions
}

// New builds a Remote; nothing is fetched until the first request.
func New(deps Deps) (*Remote, error) {
	if deps.Client == nil || deps.JWKS == nil || deps.Permissions == nil {
		return nil, errors.New("authclient: Client, JWKS and Permissions are required")
	}
	c := deps.Config
	if c.KeysTTL <= 0 || c.TenantStatusTTL <= 0 || c.RoleCacheTTL <= 0 || c.APIKeyCacheTTL <= 0 || c.AccessTTL <= 0 {
		return nil, errors.New("authclient: every cache lifetime must be positive")
	}
	now := deps.Now
	if now == nil {
		now = time.Now
	}
	r := &Remote{client: deps.Client, verifier: authn.NewVerifier(authn.NewCachedKeys(deps.JWKS, c.KeysTTL), nil)}
	r.status = authn.NewStatusCache(r.lookupStatus, c.TenantStatusTTL)
	r.roles = newRoleResolver(r, deps.Permissions, c.RoleCacheTTL, now)
	r.apiKeys = newAPIKeyVerifier(r, c.APIKeyCacheTTL, now)
	r.revoked = authn.NewRevokedSessions(c.AccessTTL, now)
	return r, nil
}

// Authn returns the middleware configuration without Public and Optional
// paths, which the composition root sets.
func (r *Remote) Authn() authn.Config {
	return authn.Config{Verifier: r.verifier, Tenants: r.status, Roles: r.roles, APIKeys: r.apiKeys, Revoked: r.revoked}
}

// SessionRevoked refuses from now on the access tokens of session sid,
// revoked at at. The Listener calls it on auth's session.revoked events.
func (r *Remote) SessionRevoked(sid string, at time.Time) { r.revoked.Revoke(sid, at) }

// ForgetTenant drops what is cached of id's status, so the next request
// of the tenant asks auth. The Listener calls it on auth's tenant events.
func (r *Remote) ForgetTenant(id tenant.ID) { r.status.Invalidate(id) }

// principal is the answer of auth.PrincipalPath.
type principal auth.PrincipalJSON

func (p principal) active() bool { return p.TenantStatus == auth.TenantActive }

func (p principal) permissions() map[string]bool {
	m := make(map[string]bool, len(p.Permissions))
	for _, name := range p.Permissions {
		m[name] = true
	}
	return m
}

// inspect asks auth who authorization (an Authorization header value) is.
// Returns auth's UNAUTHENTICATED for a credential it refuses, UNAVAILABLE
// when auth cannot be reached.
func (r *Remote) inspect(ctx context.Context, authorization string) (principal, error) {
	var p principal
	err := r.client.Do(ctx, http.MethodGet, auth.PrincipalPath, nil, &p, svcclient.Header("Authorization", authorization))
	if err != nil {
		return principal{}, err
	}
	if _, perr := tenant.Parse(p.TenantID); perr != nil || p.UserID == "" {
		return principal{}, errs.E(errs.Unavailable, "auth answered a malformed principal")
	}
	return p, nil
}

// inspectFor is inspect for a credential of tenant id, taken from ctx
// where the authn middleware put it.
func (r *Remote) inspectFor(ctx context.Context, id tenant.ID) (principal, error) {
	cred := authn.Credential(ctx)
	if cred == "" {
		return principal{}, errs.E(errs.Unauthenticated, "no credential to check the tenant with")
	}
	p, err := r.inspect(ctx, cred)
	if err != nil {
		return principal{}, err
	}
	if p.TenantID != id.String() {
		// The credential in ctx is not the one being checked: a wiring
		// mistake, never a reason to trust another tenant's answer.
		return principal{}, errs.E(errs.Internal, "auth answered for another tenant than the credential's")
	}
	return p, nil
}

// lookupStatus feeds the status cache. An error (a credential auth
// refuses, auth unreachable) fails the request and caches nothing, so one
// bad credential cannot lock a tenant out.
func (r *Remote) lookupStatus(ctx context.Context, id tenant.ID) (bool, error) {
	p, err := r.inspectFor(ctx, id)
	if err != nil {
		return false, err
	}
	return p.active(), nil
}
