package auth

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"strings"
	"time"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/httpx"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// ServiceTokenPath is where processes without auth ask it for a service
// credential. It is mounted on the internal listener only (InternalRoutes)
// and authenticated by auth.service_token_secret, not by a user's token:
// the work asking has none. The authn middleware lets it through.
const ServiceTokenPath = "/internal/v1/auth/service-tokens"

// ServiceTokenRequest is the body of POST ServiceTokenPath.
type ServiceTokenRequest struct {
	Tenant  string `json:"tenant"`
	Service string `json:"service"`
}

// ServiceTokenJSON is the answer of POST ServiceTokenPath.
type ServiceTokenJSON struct {
	Token       string    `json:"token"`
	TokenID     string    `json:"tokenId"`
	ExpiresAt   time.Time `json:"expiresAt"`
	Permissions []string  `json:"permissions"`
}

// InternalRoutes mounts what auth serves on the internal listener: the
// minting of service credentials.
func (s *Service) InternalRoutes(mux *http.ServeMux) {
	h := &restAPI{s: s}
	mux.Handle("POST "+ServiceTokenPath, httpx.HandlerFunc(h.mintServiceToken))
}

// mintServiceToken answers 401, and mints nothing, unless the request
// carries `Authorization: Bearer <auth.service_token_secret>`; with no
// secret configured every request is refused.
func (h *restAPI) mintServiceToken(w http.ResponseWriter, r *http.Request) error {
	if !h.s.serviceSecretMatches(r.Header.Get("Authorization")) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="vextrus-internal"`)
		return errs.E(errs.Unauthenticated, "a service token needs the platform's service secret")
	}
	var in ServiceTokenRequest
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	t, err := tenant.Parse(in.Tenant)
	if err != nil {
		return errs.Field("tenant", "must be a tenant id")
	}
	if in.Service == "" {
		return errs.Field("service", "is required")
	}
	tok, err := h.s.MintServiceToken(r.Context(), t, in.Service)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	return ok(w, ServiceTokenJSON{Token: tok.Raw, TokenID: tok.ID, ExpiresAt: tok.Expires.UTC(), Permissions: tok.Permissions})
}

// serviceSecretMatches compares in constant time over SHA-256 digests, so
// neither the secret's content nor its length leaks through timing.
func (s *Service) serviceSecretMatches(authorization string) bool {
	secret := s.cfg.ServiceTokenSecret
	scheme, got, found := strings.Cut(authorization, " ")
	if secret == "" || !found || !strings.EqualFold(scheme, "Bearer") {
		return false
	}
	want, have := sha256.Sum256([]byte(secret)), sha256.Sum256([]byte(strings.TrimSpace(got)))
	return subtle.ConstantTimeCompare(want[:], have[:]) == 1
}
