package auth_test

import (
	"net/http"
	"slices"
	"testing"

	"github.com/vextrus/vextrus/internal/platform/apitest"
	"github.com/vextrus/vextrus/internal/platform/authz"
)

func TestUserChangesHonourIfMatch(t *testing.T) {
	e := newEnv(t)
	owner := e.token("alpha", "owner@alpha.test")
	u := e.user(e.a, "clerk@alpha.test")
	item := "/api/v1/auth/users/" + u.ID.String()
	got := e.do("GET", item, owner, nil)
	etag := got.Header.Get("ETag")
	if got.Status != http.StatusOK || etag == "" {
		t.Fatalf("GET: %d %q", got.Status, etag)
	}
	if r := e.do("GET", item, owner, nil, "If-None-Match", etag); r.Status != http.StatusNotModified {
		t.Fatalf("If-None-Match with the current ETag: %d", r.Status)
	}
	assigned := e.do("POST", item+"/roles", owner, map[string]string{"role": authz.RoleViewer}, "If-Match", etag)
	if assigned.Status != http.StatusOK || assigned.Header.Get("ETag") == etag {
		t.Fatalf("assign from the current ETag: %d %s (ETag %q)", assigned.Status, assigned.Raw, assigned.Header.Get("ETag"))
	}
	for name, tag := range map[string]string{"stale": etag, "never issued": `"abc"`, "weak": "W/" + assigned.Header.Get("ETag")} {
		t.Run(name+" If-Match is 412 and changes nothing", func(t *testing.T) {
			for _, r := range []apitest.Response{
				e.do("DELETE", item+"/roles/"+authz.RoleViewer, owner, nil, "If-Match", tag),
				e.do("POST", item+"/roles", owner, map[string]string{"role": authz.RoleApprover}, "If-Match", tag),
				e.do("POST", item+"/password-reset", owner, nil, "If-Match", tag),
			} {
				if r.Status != http.StatusPreconditionFailed || r.Code() != "FAILED_PRECONDITION" {
					t.Fatalf("got %d %s", r.Status, r.Raw)
				}
			}
			if now := e.do("GET", item, owner, nil); now.Header.Get("ETag") != assigned.Header.Get("ETag") {
				t.Fatalf("the user changed: ETag %s", now.Header.Get("ETag"))
			}
		})
	}
	t.Run("a list naming the current ETag matches", func(t *testing.T) {
		r := e.do("DELETE", item+"/roles/"+authz.RoleViewer, owner, nil, "If-Match", `"999", `+assigned.Header.Get("ETag"))
		if r.Status != http.StatusOK {
			t.Fatalf("got %d %s", r.Status, r.Raw)
		}
	})
}

func TestDepartmentAndTenantChangesHonourIfMatch(t *testing.T) {
	e := newEnv(t)
	owner := e.token("alpha", "owner@alpha.test")
	u := e.user(e.a, "head@alpha.test")
	d := e.do("POST", "/api/v1/auth/departments", owner, map[string]string{"name": "Procurement"})
	if d.Status != http.StatusCreated || d.Body["version"] != float64(1) {
		t.Fatalf("create: %d %s", d.Status, d.Raw)
	}
	member := "/api/v1/auth/departments/" + d.Body["id"].(string) + "/members/" + u.ID.String()
	if r := e.do("PUT", member, owner, map[string]bool{"head": true}, "If-Match", `"1"`); r.Status != http.StatusNoContent {
		t.Fatalf("set member from version 1: %d %s", r.Status, r.Raw)
	}
	if r := e.do("DELETE", member, owner, nil, "If-Match", `"1"`); r.Status != http.StatusPreconditionFailed {
		t.Fatalf("remove member from the stale version 1: %d %s", r.Status, r.Raw)
	}
	if r := e.do("DELETE", member, owner, nil, "If-Match", `"2"`); r.Status != http.StatusNoContent {
		t.Fatalf("remove member from version 2: %d %s", r.Status, r.Raw)
	}
	ten := e.do("GET", "/api/v1/auth/tenant", owner, nil)
	if ten.Status != http.StatusOK || ten.Header.Get("ETag") == "" {
		t.Fatalf("GET tenant: %d %q", ten.Status, ten.Header.Get("ETag"))
	}
}

func TestAuthInputNamesTheField(t *testing.T) {
	e := newEnv(t)
	owner := e.token("alpha", "owner@alpha.test")
	t.Run("NUL in a string", func(t *testing.T) {
		r := e.do("POST", "/api/v1/auth/departments", owner, map[string]string{"name": "Sales\x00"})
		if r.Status != http.StatusBadRequest || !slices.Contains(r.Fields(t), "name") {
			t.Fatalf("got %d %s", r.Status, r.Raw)
		}
	})
	t.Run("duplicate key", func(t *testing.T) {
		r := e.do("POST", "/api/v1/auth/departments", owner, `{"name":"Sales","name":"Stores"}`, "Content-Type", "application/json")
		if r.Status != http.StatusBadRequest || !slices.Contains(r.Fields(t), "name") {
			t.Fatalf("got %d %s", r.Status, r.Raw)
		}
	})
	t.Run("a login sent as a form is 415 naming JSON", func(t *testing.T) {
		r := e.do("POST", "/api/v1/auth/login", "", `{"tenant":"alpha"}`, "Content-Type", "application/x-www-form-urlencoded")
		if r.Status != http.StatusUnsupportedMediaType || r.Header.Get("Accept-Post") != "application/json" || !slices.Contains(r.Fields(t), "Content-Type") {
			t.Fatalf("got %d %s %v", r.Status, r.Raw, r.Header)
		}
	})
	t.Run("a bad list parameter is named", func(t *testing.T) {
		r := e.do("GET", "/api/v1/auth/users?limit=many", owner, nil)
		if r.Status != http.StatusBadRequest || !slices.Contains(r.Fields(t), "limit") {
			t.Fatalf("got %d %s", r.Status, r.Raw)
		}
	})
}
