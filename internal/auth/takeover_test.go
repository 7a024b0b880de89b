package auth_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

const resetMutation = `mutation($id: ID!) { issuePasswordReset(userId: $id) { resetToken expiresAt } }`

// An admin holds auth.user.write but not everything an owner holds: a
// reset token for the owner would let the admin log in as the owner.
func TestAdminCannotTakeOverAnOwner(t *testing.T) {
	e := newEnv(t)
	e.user(e.a, "admin@alpha.test", authz.RoleAdmin)
	owner := e.ownerOf("alpha")
	admin := e.token("alpha", "admin@alpha.test")

	r := e.do("POST", "/api/v1/auth/users/"+owner+"/password-reset", admin, nil)
	if r.Status != http.StatusForbidden || r.Code() != "PERMISSION_DENIED" || strings.Contains(string(r.Raw), "resetToken") {
		t.Fatalf("REST reset of the owner by an admin: %d %s, want 403", r.Status, r.Raw)
	}
	g := e.graphql(admin, resetMutation, map[string]any{"id": owner})
	if code, _ := g.FirstError(); code != "PERMISSION_DENIED" || strings.Contains(string(g.Raw), "resetToken\":\"") {
		t.Fatalf("GraphQL reset of the owner by an admin: %s, want PERMISSION_DENIED", g.Raw)
	}
	sessions := e.do("GET", "/api/v1/auth/users/"+owner+"/sessions", e.token("alpha", "owner@alpha.test"), nil)
	items, _ := sessions.Body["items"].([]any)
	if len(items) == 0 {
		t.Fatalf("owner sessions: %s", sessions.Raw)
	}
	sid := items[0].(map[string]any)["id"].(string)
	if rv := e.do("POST", "/api/v1/auth/sessions/"+sid+"/revoke", admin, map[string]string{"userId": owner}); rv.Status != http.StatusForbidden {
		t.Fatalf("admin revoking the owner's session: %d %s, want 403", rv.Status, rv.Raw)
	}
}

func TestResetNeedsEveryPermissionOfTheUser(t *testing.T) {
	e := newEnv(t)
	adminUser := e.user(e.a, "admin@alpha.test", authz.RoleAdmin)
	viewer := e.user(e.a, "viewer@alpha.test", authz.RoleViewer)
	admin := e.token("alpha", "admin@alpha.test")
	owner := e.token("alpha", "owner@alpha.test")

	if r := e.do("POST", "/api/v1/auth/users/"+viewer.ID.String()+"/password-reset", admin, nil); r.Status != http.StatusCreated {
		t.Fatalf("admin resetting a viewer: %d %s", r.Status, r.Raw)
	}
	r := e.do("POST", "/api/v1/auth/users/"+adminUser.ID.String()+"/password-reset", owner, nil)
	tok, _ := r.Body["resetToken"].(string)
	if r.Status != http.StatusCreated || tok == "" {
		t.Fatalf("owner resetting an admin: %d %s", r.Status, r.Raw)
	}
	g := e.graphql(owner, resetMutation, map[string]any{"id": adminUser.ID.String()})
	if code, _ := g.FirstError(); code != "" || !strings.Contains(string(g.Raw), `"resetToken":"`) {
		t.Fatalf("GraphQL reset of an admin by the owner: %s", g.Raw)
	}
	if u := e.do("POST", "/api/v1/auth/password/reset", "", map[string]string{"token": tok, "newPassword": "a brand new passphrase"}); u.Status != http.StatusNoContent {
		t.Fatalf("using the reset: %d %s", u.Status, u.Raw)
	}
}

// On the platform tenant a reset of its owner was the way to suspend
// other tenants; the admin stays an admin.
func TestPlatformAdminCannotReachTenantSuspensionThroughAReset(t *testing.T) {
	e := newEnv(t)
	e.tenant("platform")
	e.user(e.tenantID("platform"), "admin@platform.test", authz.RoleAdmin)
	admin := e.token("platform", "admin@platform.test")

	r := e.do("POST", "/api/v1/auth/users/"+e.ownerOf("platform")+"/password-reset", admin, nil)
	if r.Status != http.StatusForbidden {
		t.Fatalf("platform admin resetting the platform owner: %d %s", r.Status, r.Raw)
	}
	if s := e.do("POST", "/api/v1/auth/tenants/"+e.b.String()+"/suspend", admin, nil); s.Status != http.StatusForbidden {
		t.Fatalf("platform admin suspending a tenant: %d %s", s.Status, s.Raw)
	}
	if p := e.do("GET", "/probe", e.token("beta", "owner@beta.test"), nil); p.Status != http.StatusOK {
		t.Fatalf("beta after the attempts: %d %s", p.Status, p.Raw)
	}
}

// ownerOf is the id of owner@<slug>.test.
func (e *env) ownerOf(slug string) string {
	e.t.Helper()
	me := e.do("GET", "/api/v1/auth/me", e.token(slug, "owner@"+slug+".test"), nil)
	id, _ := me.Body["id"].(string)
	if id == "" {
		e.t.Fatalf("me: %d %s", me.Status, me.Raw)
	}
	return id
}

func (e *env) tenantID(slug string) tenant.ID {
	e.t.Helper()
	id, _, err := e.svc.TenantBySlug(context.Background(), slug)
	if err != nil {
		e.t.Fatal(err)
	}
	return id
}
