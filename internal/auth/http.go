package auth

import (
	"net/http"

	"github.com/vextrus/vextrus/internal/platform/httpx"
)

// Base is the prefix of auth's REST API.
const Base = "/api/v1/auth"

// PublicPaths need no credential: the authn middleware lets them through.
var PublicPaths = []string{
	Base + "/login", Base + "/refresh", Base + "/invites/accept", Base + "/password/reset",
	Base + "/openapi.json", "/.well-known/jwks.json",
	// The principal endpoint verifies the credential itself (principal.go).
	PrincipalPath,
}

// GraphQLPath is where the auth subgraph (package graph, mounted by the
// composition root) is served; credentials there are optional, since login
// runs without one.
const GraphQLPath = "/graphql/auth"

// Routes mounts the REST API, the JWKS and the OpenAPI document.
func (s *Service) Routes(mux *http.ServeMux) {
	h := &restAPI{s: s}
	routes := map[string]httpx.HandlerFunc{
		"GET /.well-known/jwks.json":                            h.jwks,
		"GET " + Base + "/openapi.json":                         httpx.Document(OpenAPI),
		"POST " + Base + "/login":                               h.login,
		"POST " + Base + "/refresh":                             h.refresh,
		"POST " + Base + "/logout":                              h.logout,
		"GET " + Base + "/me":                                   h.me,
		"GET " + Base + "/principal":                            h.principal,
		"GET " + Base + "/tenant":                               h.tenant,
		"POST " + Base + "/tenants":                             h.createTenant,
		"POST " + Base + "/tenants/{id}/suspend":                h.tenantStatus(TenantSuspended),
		"POST " + Base + "/tenants/{id}/reactivate":             h.tenantStatus(TenantActive),
		"GET " + Base + "/users":                                h.listUsers,
		"GET " + Base + "/users/{id}":                           h.getUser,
		"POST " + Base + "/users/{id}/roles":                    h.assignRole,
		"DELETE " + Base + "/users/{id}/roles/{role}":           h.revokeRole,
		"POST " + Base + "/users/{id}/password-reset":           h.issueReset,
		"GET " + Base + "/users/{id}/sessions":                  h.userSessions,
		"POST " + Base + "/invites":                             h.invite,
		"POST " + Base + "/invites/accept":                      h.useToken("token", "password"),
		"POST " + Base + "/password/reset":                      h.useToken("token", "newPassword"),
		"POST " + Base + "/password/change":                     h.changePassword,
		"GET " + Base + "/roles":                                h.roles,
		"POST " + Base + "/roles":                               h.createRole,
		"GET " + Base + "/permissions":                          h.permissions,
		"GET " + Base + "/sessions":                             h.mySessions,
		"POST " + Base + "/sessions/{id}/revoke":                h.revokeSession,
		"GET " + Base + "/apikeys":                              h.listAPIKeys,
		"POST " + Base + "/apikeys":                             h.createAPIKey,
		"POST " + Base + "/apikeys/{id}/revoke":                 h.revokeAPIKey,
		"GET " + Base + "/departments":                          h.departments,
		"POST " + Base + "/departments":                         h.createDepartment,
		"PUT " + Base + "/departments/{id}/members/{userId}":    h.setMember,
		"DELETE " + Base + "/departments/{id}/members/{userId}": h.removeMember,
	}
	for pattern, fn := range routes {
		mux.Handle(pattern, fn)
	}
}

type restAPI struct{ s *Service }

// ClientIP is the client's address as the server chain resolved it
// (httpx.ClientAddr): the peer, or the address a trusted proxy or the
// gateway forwarded (http.trusted_proxies, docs/security.md).
func ClientIP(r *http.Request) string { return httpx.ClientAddr(r) }

func noContent(w http.ResponseWriter) error {
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func ok(w http.ResponseWriter, v any) error {
	httpx.WriteJSON(w, http.StatusOK, v)
	return nil
}

func created(w http.ResponseWriter, location string, v any) error {
	if location != "" {
		w.Header().Set("Location", location)
	}
	httpx.WriteJSON(w, http.StatusCreated, v)
	return nil
}

func (h *restAPI) jwks(w http.ResponseWriter, r *http.Request) error {
	set, err := h.s.keys.jwks(r.Context())
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "public, max-age=300")
	return ok(w, set)
}
