package authn

import (
	"context"
	"net/http"
	"strings"

	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/httpx"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// TenantHeader may repeat the token's tenant; it never chooses one.
const TenantHeader = "X-Tenant-ID"

// APIKeyHeader carries an integration key as an alternative to
// `Authorization: Bearer vx_...`.
const APIKeyHeader = "X-API-Key"

// APIKeyPrefix starts every API key, so the middleware tells keys from
// JWTs without trying both.
const APIKeyPrefix = "vx_"

// RoleResolver turns the role names of a token into permissions. System
// roles come from code; custom roles from the tenant's data, cached. ctx
// carries the credential being checked (Credential), for a resolver that
// asks auth in another process.
type RoleResolver interface {
	Permissions(ctx context.Context, id tenant.ID, roles []string) (map[string]bool, error)
}

// APIKeyVerifier checks an integration key and returns its principal.
// Returns UNAUTHENTICATED for an unknown, revoked or expired key.
type APIKeyVerifier interface {
	VerifyAPIKey(ctx context.Context, key string) (*authz.Principal, error)
}

// Config is what the middleware needs.
type Config struct {
	Verifier *Verifier
	Tenants  TenantStatus
	Roles    RoleResolver
	// APIKeys verifies integration keys; nil refuses them.
	APIKeys APIKeyVerifier
	// Revoked holds the sessions revoked within the last access-token
	// lifetime, whose tokens are refused; nil checks none.
	Revoked *RevokedSessions
	// Public lists paths that need no credential: an entry ending in "/"
	// is a prefix, any other an exact path.
	Public []string
	// Optional lists paths (same syntax) where a credential is verified
	// when sent but not required, such as GraphQL endpoints whose login
	// mutation runs without one; their resolvers call authz.Require.
	Optional []string
}

// DefaultPublic are the platform's paths that need no credential. /metrics
// and the detailed /readyz are served on the internal listener only, which
// the network keeps to the operator's scrapers and probes; the public
// listener has no /metrics and a /readyz that says only ready or not.
var DefaultPublic = []string{"/healthz", "/readyz", "/metrics", "/.well-known/jwks.json", "/docs/", "/api/openapi.json"}

// Middleware authenticates every request outside cfg.Public: it verifies
// the access token (or API key), refuses suspended tenants and a
// mismatching X-Tenant-ID, and puts the principal, its tenant and the raw
// credential into the request context.
func Middleware(cfg Config) httpx.Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			path := r.URL.Path
			if matches(cfg.Public, path) {
				next.ServeHTTP(w, r)
				return
			}
			cred, isKey, err := RequestCredential(r)
			if err != nil {
				w.Header().Set("WWW-Authenticate", `Bearer realm="vextrus", error="invalid_request"`)
				httpx.WriteError(w, r, err)
				return
			}
			if cred == "" {
				if matches(cfg.Optional, path) {
					next.ServeHTTP(w, r)
					return
				}
				w.Header().Set("WWW-Authenticate", `Bearer realm="vextrus"`)
				httpx.WriteError(w, r, errs.E(errs.Unauthenticated, "authentication required"))
				return
			}
			// The credential is in the context while it is checked, so a
			// remote TenantStatus or RoleResolver can ask auth with it.
			p, err := cfg.authenticate(WithCredential(r.Context(), "Bearer "+cred), cred, isKey)
			if err != nil {
				if errs.Is(err, errs.Unauthenticated) {
					w.Header().Set("WWW-Authenticate", `Bearer realm="vextrus", error="invalid_token"`)
				}
				httpx.WriteError(w, r, err)
				return
			}
			if h := r.Header.Get(TenantHeader); h != "" && h != p.Tenant.String() {
				httpx.WriteError(w, r, errs.E(errs.PermissionDenied, "%s does not match the tenant of the credential", TenantHeader))
				return
			}
			ctx := WithCredential(authz.With(r.Context(), p), "Bearer "+cred)
			next.ServeHTTP(w, r.WithContext(ctx))
		})
	}
}

// RequestCredential returns the bearer token or API key of r (from
// X-API-Key or `Authorization: Bearer`), and whether it is an API key. A
// malformed Authorization header is returned whole, to be refused by
// verification; no header gives "". A request carrying both headers is
// INVALID_ARGUMENT naming X-API-Key: which one to believe is not ours to
// guess, and RFC 6750 §3.1 treats more than one way of sending a
// credential as an invalid request.
func RequestCredential(r *http.Request) (cred string, isKey bool, err error) {
	k, h := r.Header.Get(APIKeyHeader), r.Header.Get("Authorization")
	if k != "" && h != "" {
		return "", false, errs.Field(APIKeyHeader, "must not be sent together with Authorization: send one credential")
	}
	if k != "" {
		return k, true, nil
	}
	scheme, tok, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return h, false, nil // "" when absent; malformed is verified and refused below
	}
	tok = strings.TrimSpace(tok)
	return tok, strings.HasPrefix(tok, APIKeyPrefix), nil
}

// Authenticate verifies a bearer token or API key outside HTTP, for
// transports such as GraphQL websockets or CLI tools.
func (cfg Config) Authenticate(ctx context.Context, cred string) (*authz.Principal, error) {
	return cfg.authenticate(WithCredential(ctx, "Bearer "+cred), cred, strings.HasPrefix(cred, APIKeyPrefix))
}

func (cfg Config) authenticate(ctx context.Context, cred string, isKey bool) (*authz.Principal, error) {
	if isKey {
		if cfg.APIKeys == nil {
			return nil, errs.E(errs.Unauthenticated, "API keys are not accepted here")
		}
		p, err := cfg.APIKeys.VerifyAPIKey(ctx, cred)
		if err != nil {
			return nil, err
		}
		return p, cfg.checkTenant(ctx, p.Tenant)
	}
	claims, err := cfg.Verifier.Verify(ctx, cred)
	if err != nil {
		return nil, err
	}
	if cfg.Revoked != nil && claims.Session != "" && cfg.Revoked.Revoked(claims.Session) {
		return nil, errs.E(errs.Unauthenticated, "the session was revoked")
	}
	tid, err := tenant.Parse(claims.Tenant)
	if err != nil {
		return nil, errs.E(errs.Unauthenticated, "token tenant is malformed")
	}
	if err := cfg.checkTenant(ctx, tid); err != nil {
		return nil, err
	}
	if claims.Service != "" {
		// A service credential holds exactly the grant auth signed into
		// it, never what the tenant's roles would give.
		if claims.Subject != authz.ServiceSubject(claims.Service) || len(claims.Roles) > 0 {
			return nil, errs.E(errs.Unauthenticated, "malformed service token")
		}
		return authz.ServicePrincipal(tid, claims.Service, claims.Permissions, claims.ID), nil
	}
	perms, err := cfg.Roles.Permissions(ctx, tid, claims.Roles)
	if err != nil {
		return nil, err
	}
	return &authz.Principal{UserID: claims.Subject, Tenant: tid, Roles: claims.Roles,
		Permissions: perms, TokenID: claims.ID, SessionID: claims.Session}, nil
}

func (cfg Config) checkTenant(ctx context.Context, id tenant.ID) error {
	active, err := cfg.Tenants.Active(ctx, id)
	if err != nil {
		return err
	}
	if !active {
		return errs.E(errs.Unauthenticated, "the tenant is suspended")
	}
	return nil
}

func matches(list []string, path string) bool {
	for _, p := range list {
		if path == p || (strings.HasSuffix(p, "/") && strings.HasPrefix(path, p)) {
			return true
		}
	}
	return false
}
