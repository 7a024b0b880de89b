package auth

import (
	"context"
	"net/http"

	"github.com/vextrus/vextrus/internal/platform/authn"
	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// PrincipalPath answers the caller's own principal and its tenant's status.
// Processes that do not run auth (package authclient) ask it, with the
// credential they are checking, for what they cannot know locally: the
// permissions of custom roles, API keys, and whether a tenant is suspended.
const PrincipalPath = Base + "/principal"

// Inspect verifies cred (an access token or API key, without the Bearer
// scheme) as the authn middleware does, except that a suspended tenant is
// reported instead of refused. The status is read from the database, not
// from this process's cache, so every auth replica gives the same answer
// once a change commits. A suspended tenant's principal holds no
// permissions. Returns UNAUTHENTICATED for a bad, revoked or expired
// credential.
func (s *Service) Inspect(ctx context.Context, cred string) (*authz.Principal, string, error) {
	cfg := s.Authn()
	cfg.Tenants = reportedStatus{}
	p, err := cfg.Authenticate(ctx, cred)
	if err != nil {
		return nil, "", err
	}
	active, err := s.lookupTenantStatus(ctx, p.Tenant)
	if err != nil {
		return nil, "", err
	}
	if !active {
		q := *p // p and its maps may be shared by the caches: copy
		q.Permissions = map[string]bool{}
		return &q, TenantSuspended, nil
	}
	return p, TenantActive, nil
}

// ForgetTenantStatus drops this process's cached status of id, so a
// suspension made by another auth replica applies here at once (the
// listener of vextrus.auth.tenant.* events calls it).
func (s *Service) ForgetTenantStatus(id tenant.ID) { s.tenants.Invalidate(id) }

// reportedStatus lets Inspect authenticate a suspended tenant's
// credential, whose status it then reports.
type reportedStatus struct{}

func (reportedStatus) Active(context.Context, tenant.ID) (bool, error) { return true, nil }

// PrincipalJSON is the answer of PrincipalPath, as auth writes it and
// package authclient reads it.
type PrincipalJSON struct {
	TenantID     string `json:"tenantId"`
	TenantStatus string `json:"tenantStatus"`
	UserID       string `json:"userId"`
	APIKey       bool   `json:"apiKey"`
	// Service names the platform service of a service credential.
	Service     string   `json:"service,omitempty"`
	Roles       []string `json:"roles"`
	Permissions []string `json:"permissions"`
	TokenID     string   `json:"tokenId,omitempty"`
	SessionID   string   `json:"sessionId,omitempty"`
}

func toPrincipalJSON(p *authz.Principal, status string) PrincipalJSON {
	roles := p.Roles
	if roles == nil {
		roles = []string{}
	}
	return PrincipalJSON{TenantID: p.Tenant.String(), TenantStatus: status, UserID: p.UserID, APIKey: p.APIKey, Service: p.Service,
		Roles: roles, Permissions: sortedKeys(p.Permissions), TokenID: p.TokenID, SessionID: p.SessionID}
}

// principal is public to the authn middleware because it verifies the
// credential itself: a suspended tenant's credential must get an answer
// saying so, where the middleware would refuse it.
func (h *restAPI) principal(w http.ResponseWriter, r *http.Request) error {
	cred, _, err := authn.RequestCredential(r)
	if err != nil {
		return err
	}
	if cred == "" {
		w.Header().Set("WWW-Authenticate", `Bearer realm="vextrus"`)
		return errs.E(errs.Unauthenticated, "authentication required")
	}
	p, status, err := h.s.Inspect(r.Context(), cred)
	if err != nil {
		if errs.Is(err, errs.Unauthenticated) {
			w.Header().Set("WWW-Authenticate", `Bearer realm="vextrus", error="invalid_token"`)
		}
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	return ok(w, toPrincipalJSON(p, status))
}
