package auth_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/db/dbtest"
)

func TestTablesPassTheRLSCatalogCheck(t *testing.T) {
	e := newEnv(t)
	dbtest.AssertRLS(t, e.db.Admin, "auth")
}

func TestAssigningRolesNeedsThePermission(t *testing.T) {
	e := newEnv(t)
	e.user(e.a, "viewer@alpha.test", authz.RoleViewer)
	target := e.user(e.a, "target@alpha.test")
	viewer := e.token("alpha", "viewer@alpha.test")

	r := e.do("POST", "/api/v1/auth/users/"+target.ID.String()+"/roles", viewer, map[string]string{"role": "admin"})
	if r.Status != http.StatusForbidden || r.Code() != "PERMISSION_DENIED" || !strings.Contains(r.Detail(), "auth.role.assign") {
		t.Fatalf("REST: %d %s, want 403 naming auth.role.assign", r.Status, r.Raw)
	}
	g := e.graphql(viewer, `mutation($id: ID!) { assignRole(userId: $id, role: "admin") { id roles } }`, map[string]any{"id": target.ID.String()})
	if ge := g.GraphQLErrors(); len(ge) != 1 || ge[0].Code() != "PERMISSION_DENIED" || !strings.Contains(ge[0].Message, "auth.role.assign") {
		t.Fatalf("GraphQL: %s", g.Raw)
	}

	owner := e.token("alpha", "owner@alpha.test")
	r = e.do("POST", "/api/v1/auth/users/"+target.ID.String()+"/roles", owner, map[string]string{"role": "accountant"})
	if r.Status != http.StatusOK || !strings.Contains(string(r.Raw), `"accountant"`) {
		t.Fatalf("owner assigning: %d %s", r.Status, r.Raw)
	}
	r = e.do("DELETE", "/api/v1/auth/users/"+target.ID.String()+"/roles/accountant", owner, nil)
	if r.Status != http.StatusOK || strings.Contains(string(r.Raw), `"accountant"`) {
		t.Fatalf("owner revoking: %d %s", r.Status, r.Raw)
	}
}

func TestAdminCannotGrantOwner(t *testing.T) {
	e := newEnv(t)
	e.user(e.a, "admin@alpha.test", authz.RoleAdmin)
	target := e.user(e.a, "target@alpha.test")
	admin := e.token("alpha", "admin@alpha.test")
	r := e.do("POST", "/api/v1/auth/users/"+target.ID.String()+"/roles", admin, map[string]string{"role": "owner"})
	if r.Status != http.StatusForbidden || !strings.Contains(r.Detail(), "auth.tenant.") {
		t.Fatalf("admin granting owner: %d %s", r.Status, r.Raw)
	}
}

func TestAPIKeysAreScopedAndRevocable(t *testing.T) {
	e := newEnv(t)
	owner := e.token("alpha", "owner@alpha.test")
	r := e.do("POST", "/api/v1/auth/apikeys", owner, map[string]any{"name": "erp sync", "permissions": []string{"auth.user.read"}})
	if r.Status != http.StatusCreated {
		t.Fatalf("create key: %d %s", r.Status, r.Raw)
	}
	key, id := r.Body["key"].(string), r.Body["id"].(string)
	if list := e.do("GET", "/api/v1/auth/users", "", nil, "X-API-Key", key); list.Status != http.StatusOK {
		t.Fatalf("key listing users: %d %s", list.Status, list.Raw)
	}
	if roles := e.do("GET", "/api/v1/auth/roles", key, nil); roles.Status != http.StatusForbidden {
		t.Fatalf("key beyond its scope: %d %s", roles.Status, roles.Raw)
	}
	keys := e.do("GET", "/api/v1/auth/apikeys", owner, nil)
	if strings.Contains(string(keys.Raw), key) || !strings.Contains(string(keys.Raw), `"lastUsedAt":"`) {
		t.Fatalf("key list leaks the secret or lacks last use: %s", keys.Raw)
	}
	if rv := e.do("POST", "/api/v1/auth/apikeys/"+id+"/revoke", owner, nil); rv.Status != http.StatusNoContent {
		t.Fatalf("revoke: %d %s", rv.Status, rv.Raw)
	}
	if after := e.do("GET", "/api/v1/auth/users", key, nil); after.Status != http.StatusUnauthorized {
		t.Fatalf("revoked key: %d %s", after.Status, after.Raw)
	}
}

func TestUnreadableTimeIsRefusedNamingTheField(t *testing.T) {
	e := newEnv(t)
	owner := e.token("alpha", "owner@alpha.test")
	g := e.graphql(owner, `mutation($t: Time) { createApiKey(input: {name: "erp sync", permissions: ["auth.user.read"], expiresAt: $t}) { key } }`,
		map[string]any{"t": "next Friday"})
	if ge := g.GraphQLErrors(); len(ge) != 1 || ge[0].Code() != "INVALID_ARGUMENT" || !slices.Equal(ge[0].Fields(), []string{"expiresAt"}) {
		t.Fatalf("GraphQL error = %s, want INVALID_ARGUMENT naming expiresAt", g.Raw)
	}
	if keys := e.do("GET", "/api/v1/auth/apikeys", owner, nil); strings.Contains(string(keys.Raw), "erp sync") {
		t.Fatalf("a key was created anyway: %s", keys.Raw)
	}
}
