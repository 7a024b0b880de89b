package auth_test

import (
	"net/http"
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
	if r.status != http.StatusForbidden || r.code() != "PERMISSION_DENIED" || !strings.Contains(r.detail(), "auth.role.assign") {
		t.Fatalf("REST: %d %s, want 403 naming auth.role.assign", r.status, r.raw)
	}
	g := e.graphql(viewer, `mutation($id: ID!) { assignRole(userId: $id, role: "admin") { id roles } }`, map[string]any{"id": target.ID.String()})
	errsList, _ := g.body["errors"].([]any)
	if len(errsList) != 1 {
		t.Fatalf("GraphQL: %s", g.raw)
	}
	ge := errsList[0].(map[string]any)
	if ge["extensions"].(map[string]any)["code"] != "PERMISSION_DENIED" || !strings.Contains(ge["message"].(string), "auth.role.assign") {
		t.Fatalf("GraphQL error = %v", ge)
	}

	owner := e.token("alpha", "owner@alpha.test")
	r = e.do("POST", "/api/v1/auth/users/"+target.ID.String()+"/roles", owner, map[string]string{"role": "accountant"})
	if r.status != http.StatusOK || !strings.Contains(string(r.raw), `"accountant"`) {
		t.Fatalf("owner assigning: %d %s", r.status, r.raw)
	}
	r = e.do("DELETE", "/api/v1/auth/users/"+target.ID.String()+"/roles/accountant", owner, nil)
	if r.status != http.StatusOK || strings.Contains(string(r.raw), `"accountant"`) {
		t.Fatalf("owner revoking: %d %s", r.status, r.raw)
	}
}

func TestAdminCannotGrantOwner(t *testing.T) {
	e := newEnv(t)
	e.user(e.a, "admin@alpha.test", authz.RoleAdmin)
	target := e.user(e.a, "target@alpha.test")
	admin := e.token("alpha", "admin@alpha.test")
	r := e.do("POST", "/api/v1/auth/users/"+target.ID.String()+"/roles", admin, map[string]string{"role": "owner"})
	if r.status != http.StatusForbidden || !strings.Contains(r.detail(), "auth.tenant.") {
		t.Fatalf("admin granting owner: %d %s", r.status, r.raw)
	}
}

func TestAPIKeysAreScopedAndRevocable(t *testing.T) {
	e := newEnv(t)
	owner := e.token("alpha", "owner@alpha.test")
	r := e.do("POST", "/api/v1/auth/apikeys", owner, map[string]any{"name": "erp sync", "permissions": []string{"auth.user.read"}})
	if r.status != http.StatusCreated {
		t.Fatalf("create key: %d %s", r.status, r.raw)
	}
	key, id := r.body["key"].(string), r.body["id"].(string)
	if list := e.do("GET", "/api/v1/auth/users", "", nil, "X-API-Key", key); list.status != http.StatusOK {
		t.Fatalf("key listing users: %d %s", list.status, list.raw)
	}
	if roles := e.do("GET", "/api/v1/auth/roles", key, nil); roles.status != http.StatusForbidden {
		t.Fatalf("key beyond its scope: %d %s", roles.status, roles.raw)
	}
	keys := e.do("GET", "/api/v1/auth/apikeys", owner, nil)
	if strings.Contains(string(keys.raw), key) || !strings.Contains(string(keys.raw), `"lastUsedAt":"`) {
		t.Fatalf("key list leaks the secret or lacks last use: %s", keys.raw)
	}
	if rv := e.do("POST", "/api/v1/auth/apikeys/"+id+"/revoke", owner, nil); rv.status != http.StatusNoContent {
		t.Fatalf("revoke: %d %s", rv.status, rv.raw)
	}
	if after := e.do("GET", "/api/v1/auth/users", key, nil); after.status != http.StatusUnauthorized {
		t.Fatalf("revoked key: %d %s", after.status, after.raw)
	}
}

func TestUnreadableTimeIsRefusedNamingTheField(t *testing.T) {
	e := newEnv(t)
	owner := e.token("alpha", "owner@alpha.test")
	g := e.graphql(owner, `mutation($t: Time) { createApiKey(input: {name: "erp sync", permissions: ["auth.user.read"], expiresAt: $t}) { key } }`,
		map[string]any{"t": "next Friday"})
	errsList, _ := g.body["errors"].([]any)
	if len(errsList) != 1 {
		t.Fatalf("GraphQL: %s", g.raw)
	}
	ext, _ := errsList[0].(map[string]any)["extensions"].(map[string]any)
	fields, _ := ext["fields"].([]any)
	if ext["code"] != "INVALID_ARGUMENT" || len(fields) != 1 || fields[0].(map[string]any)["field"] != "expiresAt" {
		t.Fatalf("GraphQL error = %s, want INVALID_ARGUMENT naming expiresAt", g.raw)
	}
	if keys := e.do("GET", "/api/v1/auth/apikeys", owner, nil); strings.Contains(string(keys.raw), "erp sync") {
		t.Fatalf("a key was created anyway: %s", keys.raw)
	}
}
