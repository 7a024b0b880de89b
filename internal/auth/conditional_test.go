package auth_test

import (
	"bytes"
	"net/http"
	"testing"

	"github.com/vextrus/vextrus/internal/platform/authz"
)

func TestUserChangesHonourIfMatch(t *testing.T) {
	e := newEnv(t)
	owner := e.token("alpha", "owner@alpha.test")
	u := e.user(e.a, "clerk@alpha.test")
	item := "/api/v1/auth/users/" + u.ID.String()
	got := e.do("GET", item, owner, nil)
	etag := got.header.Get("ETag")
	if got.status != http.StatusOK || etag == "" {
		t.Fatalf("GET: %d %q", got.status, etag)
	}
	if r := e.do("GET", item, owner, nil, "If-None-Match", etag); r.status != http.StatusNotModified {
		t.Fatalf("If-None-Match with the current ETag: %d", r.status)
	}
	assigned := e.do("POST", item+"/roles", owner, map[string]string{"role": authz.RoleViewer}, "If-Match", etag)
	if assigned.status != http.StatusOK || assigned.header.Get("ETag") == etag {
		t.Fatalf("assign from the current ETag: %d %s (ETag %q)", assigned.status, assigned.raw, assigned.header.Get("ETag"))
	}
	for name, tag := range map[string]string{"stale": etag, "never issued": `"abc"`, "weak": "W/" + assigned.header.Get("ETag")} {
		t.Run(name+" If-Match is 412 and changes nothing", func(t *testing.T) {
			for _, r := range []response{
				e.do("DELETE", item+"/roles/"+authz.RoleViewer, owner, nil, "If-Match", tag),
				e.do("POST", item+"/roles", owner, map[string]string{"role": authz.RoleApprover}, "If-Match", tag),
				e.do("POST", item+"/password-reset", owner, nil, "If-Match", tag),
			} {
				if r.status != http.StatusPreconditionFailed || r.code() != "FAILED_PRECONDITION" {
					t.Fatalf("got %d %s", r.status, r.raw)
				}
			}
			if now := e.do("GET", item, owner, nil); now.header.Get("ETag") != assigned.header.Get("ETag") {
				t.Fatalf("the user changed: ETag %s", now.header.Get("ETag"))
			}
		})
	}
	t.Run("a list naming the current ETag matches", func(t *testing.T) {
		r := e.do("DELETE", item+"/roles/"+authz.RoleViewer, owner, nil, "If-Match", `"999", `+assigned.header.Get("ETag"))
		if r.status != http.StatusOK {
			t.Fatalf("got %d %s", r.status, r.raw)
		}
	})
}

func TestDepartmentAndTenantChangesHonourIfMatch(t *testing.T) {
	e := newEnv(t)
	owner := e.token("alpha", "owner@alpha.test")
	u := e.user(e.a, "head@alpha.test")
	d := e.do("POST", "/api/v1/auth/departments", owner, map[string]string{"name": "Procurement"})
	if d.status != http.StatusCreated || d.body["version"] != float64(1) {
		t.Fatalf("create: %d %s", d.status, d.raw)
	}
	member := "/api/v1/auth/departments/" + d.body["id"].(string) + "/members/" + u.ID.String()
	if r := e.do("PUT", member, owner, map[string]bool{"head": true}, "If-Match", `"1"`); r.status != http.StatusNoContent {
		t.Fatalf("set member from version 1: %d %s", r.status, r.raw)
	}
	if r := e.do("DELETE", member, owner, nil, "If-Match", `"1"`); r.status != http.StatusPreconditionFailed {
		t.Fatalf("remove member from the stale version 1: %d %s", r.status, r.raw)
	}
	if r := e.do("DELETE", member, owner, nil, "If-Match", `"2"`); r.status != http.StatusNoContent {
		t.Fatalf("remove member from version 2: %d %s", r.status, r.raw)
	}
	ten := e.do("GET", "/api/v1/auth/tenant", owner, nil)
	if ten.status != http.StatusOK || ten.header.Get("ETag") == "" {
		t.Fatalf("GET tenant: %d %q", ten.status, ten.header.Get("ETag"))
	}
}

func TestAuthInputNamesTheField(t *testing.T) {
	e := newEnv(t)
	owner := e.token("alpha", "owner@alpha.test")
	t.Run("NUL in a string", func(t *testing.T) {
		r := e.do("POST", "/api/v1/auth/departments", owner, map[string]string{"name": "Sales\x00"})
		if r.status != http.StatusBadRequest || !namesField(r, "name") {
			t.Fatalf("got %d %s", r.status, r.raw)
		}
	})
	t.Run("duplicate key", func(t *testing.T) {
		r := e.raw("POST", "/api/v1/auth/departments", owner, `{"name":"Sales","name":"Stores"}`, "application/json")
		if r.status != http.StatusBadRequest || !namesField(r, "name") {
			t.Fatalf("got %d %s", r.status, r.raw)
		}
	})
	t.Run("a login sent as a form is 415 naming JSON", func(t *testing.T) {
		r := e.raw("POST", "/api/v1/auth/login", "", `{"tenant":"alpha"}`, "application/x-www-form-urlencoded")
		if r.status != http.StatusUnsupportedMediaType || r.header.Get("Accept-Post") != "application/json" || !namesField(r, "Content-Type") {
			t.Fatalf("got %d %s %v", r.status, r.raw, r.header)
		}
	})
	t.Run("a bad list parameter is named", func(t *testing.T) {
		r := e.do("GET", "/api/v1/auth/users?limit=many", owner, nil)
		if r.status != http.StatusBadRequest || !namesField(r, "limit") {
			t.Fatalf("got %d %s", r.status, r.raw)
		}
	})
}

// raw sends body as is with the content type.
func (e *env) raw(method, path, token, body, contentType string) response {
	e.t.Helper()
	req, _ := http.NewRequest(method, e.srv.URL+path, bytes.NewReader([]byte(body)))
	req.Header.Set("Content-Type", contentType)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := e.srv.Client().Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	r := response{status: resp.StatusCode, header: resp.Header}
	buf := new(bytes.Buffer)
	_, _ = buf.ReadFrom(resp.Body)
	r.raw = buf.Bytes()
	return r
}

func namesField(r response, field string) bool {
	return bytes.Contains(r.raw, []byte(`"field":"`+field+`"`))
}
