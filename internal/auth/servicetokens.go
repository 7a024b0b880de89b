package auth

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/authn"
	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/servicecred"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// ServiceGrants are the permissions each platform service's background
// work may use for a tenant, by service name (docs/security.md, "Service
// credentials"). A service without an entry gets no token.
type ServiceGrants map[string][]string

var serviceNameRE = regexp.MustCompile(`^[a-z][a-z0-9_-]{0,39}$`)

// ValidServiceGrant reports what is wrong with granting perms to service:
// a malformed name, an empty grant, or a permission of auth other than a
// read. Tenant administration (users, roles, API keys, sessions, tenants)
// is never a service's to do, so such a grant is refused at wiring.
// Whether each permission exists is the composition root's check, against
// the whole platform's catalogue.
func ValidServiceGrant(service string, perms []string) error {
	if !serviceNameRE.MatchString(service) {
		return fmt.Errorf("service grant %q: the name must be lowercase letters, digits, - or _", service)
	}
	if len(perms) == 0 {
		return fmt.Errorf("service grant %q: grants nothing", service)
	}
	for _, p := range perms {
		if strings.HasPrefix(p, "auth.") && !strings.HasSuffix(p, ".read") {
			return fmt.Errorf("service grant %q: %s administers the tenant; a service credential may hold none of auth's permissions but reads", service, p)
		}
	}
	return nil
}

func (g ServiceGrants) validate() error {
	for name, perms := range g {
		if err := ValidServiceGrant(name, perms); err != nil {
			return fmt.Errorf("auth: %w", err)
		}
	}
	return nil
}

// MintServiceToken signs a service credential: an access token with sub
// `service:<name>`, the `svc` claim, tenant t, the service's grant as
// `perms`, and a lifetime of auth.service_token_ttl. Only the composition
// root calls it in process; other processes reach it through the internal
// listener with the shared secret (ServiceTokenPath). The tenant's status
// is read from the database, not a cache. Returns PERMISSION_DENIED for a
// service without a grant, NOT_FOUND for an unknown tenant,
// FAILED_PRECONDITION for a suspended one, UNAVAILABLE when no key signs.
func (s *Service) MintServiceToken(ctx context.Context, t tenant.ID, service string) (servicecred.Token, error) {
	perms, ok := s.grants[service]
	if !ok {
		return servicecred.Token{}, errs.E(errs.PermissionDenied, "service %q has no grant", service)
	}
	status, err := s.store.tenantStatus(ctx, t)
	if errs.Is(err, errs.NotFound) {
		return servicecred.Token{}, errs.E(errs.NotFound, "tenant not found")
	} else if err != nil {
		return servicecred.Token{}, err
	}
	if status != TenantActive {
		return servicecred.Token{}, errs.E(errs.FailedPrecondition, "the tenant is suspended")
	}
	key, err := s.keys.signer()
	if err != nil {
		return servicecred.Token{}, errs.Wrap(errs.Unavailable, err, "token signing is unavailable")
	}
	now := s.now()
	exp := now.Add(s.cfg.ServiceTokenTTL)
	claims := &authn.Claims{
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer: authn.Issuer, Subject: authz.ServiceSubject(service), ID: uuid.Must(uuid.NewV7()).String(),
			IssuedAt: jwt.NewNumericDate(now), NotBefore: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(exp),
		},
		Tenant: t.String(), Roles: []string{}, Service: service, Permissions: slices.Clone(perms),
	}
	raw, err := authn.Sign(claims, key.kid, key.private)
	if err != nil {
		return servicecred.Token{}, err
	}
	s.log.DebugContext(ctx, "service token minted", "service", service, "tenant", t.String(), "jti", claims.ID)
	return servicecred.Token{Raw: raw, Expires: exp, Permissions: slices.Clone(perms), ID: claims.ID}, nil
}
