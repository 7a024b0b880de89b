package auth_test

import (
	"github.com/vextrus/vextrus/internal/platform/apitest"
	"net/http"
	"strings"
	"testing"
)

func TestTenantUsersInvisibleToOtherTenants(t *testing.T) {
	e := newEnv(t)
	secret := e.user(e.b, "secret@beta.test")
	tokA := e.token("alpha", "owner@alpha.test")
	leaks := func(t *testing.T, what string, r apitest.Response) {
		t.Helper()
		if strings.Contains(string(r.Raw), "beta.test") || strings.Contains(string(r.Raw), secret.ID.String()) ||
			strings.Contains(string(r.Raw), e.b.String()) {
			t.Fatalf("%s shows tenant B's data: %s", what, r.Raw)
		}
	}
	t.Run("REST list", func(t *testing.T) {
		r := e.do("GET", "/api/v1/auth/users?limit=200", tokA, nil)
		if r.Status != http.StatusOK || len(r.Body["items"].([]any)) != 1 {
			t.Fatalf("got %d %s", r.Status, r.Raw)
		}
		leaks(t, "list", r)
		leaks(t, "search", e.do("GET", "/api/v1/auth/users?q=beta", tokA, nil))
	})
	t.Run("REST get by id", func(t *testing.T) {
		r := e.do("GET", "/api/v1/auth/users/"+secret.ID.String(), tokA, nil)
		if r.Status != http.StatusNotFound {
			t.Fatalf("got %d %s", r.Status, r.Raw)
		}
		leaks(t, "get", r)
	})
	t.Run("REST roles, sessions and keys of the user", func(t *testing.T) {
		for _, path := range []string{"/users/" + secret.ID.String() + "/sessions", "/roles", "/apikeys", "/departments", "/tenant"} {
			leaks(t, path, e.do("GET", "/api/v1/auth"+path, tokA, nil))
		}
		r := e.do("POST", "/api/v1/auth/users/"+secret.ID.String()+"/roles", tokA, map[string]string{"role": "viewer"})
		if r.Status != http.StatusNotFound {
			t.Fatalf("assigning a role to B's user: %d %s", r.Status, r.Raw)
		}
	})
	t.Run("GraphQL users and entities", func(t *testing.T) {
		r := e.graphql(tokA, `{ users(first: 100) { edges { node { id email tenant { id slug } } } } me { email } }`, nil)
		if r.Body["errors"] != nil {
			t.Fatalf("errors: %s", r.Raw)
		}
		leaks(t, "users", r)
		r = e.graphql(tokA, `query($r: [_Any!]!) { _entities(representations: $r) { ... on User { id email } ... on Tenant { id slug } } }`,
			map[string]any{"r": []any{
				map[string]any{"__typename": "User", "id": secret.ID.String()},
				map[string]any{"__typename": "Tenant", "id": e.b.String()},
			}})
		leaks(t, "_entities", r)
		if !strings.Contains(string(r.Raw), "NOT_FOUND") {
			t.Fatalf("_entities of B's rows: %s", r.Raw)
		}
	})
	t.Run("GraphQL without a token", func(t *testing.T) {
		r := e.graphql("", `{ users { edges { node { id } } } }`, nil)
		if !strings.Contains(string(r.Raw), "UNAUTHENTICATED") {
			t.Fatalf("got %s", r.Raw)
		}
	})
}
