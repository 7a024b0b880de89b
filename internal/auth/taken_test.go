package auth_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/vextrus/vextrus/internal/auth"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

func TestTakenValuesAreConflictsNamingTheField(t *testing.T) {
	e := newEnv(t)
	owner := e.token("alpha", "owner@alpha.test")
	cases := []struct {
		name, path string
		body       map[string]any
		field      string
	}{
		{"an invitation to a user of the tenant", "/api/v1/auth/invites",
			map[string]any{"email": "owner@alpha.test", "name": "Again", "roles": []string{"viewer"}}, "email"},
		{"a second department of one name", "/api/v1/auth/departments", map[string]any{"name": "Accounts"}, "name"},
	}
	if r := e.do("POST", "/api/v1/auth/departments", owner, map[string]any{"name": "Accounts"}); r.Status != http.StatusCreated {
		t.Fatalf("first department: %d %s", r.Status, r.Raw)
	}
	for _, c := range cases {
		r := e.do("POST", c.path, owner, c.body)
		if r.Status != http.StatusConflict || r.Code() != "CONFLICT" || !strings.Contains(string(r.Raw), `"field":"`+c.field+`"`) {
			t.Errorf("%s: got %d %s, want 409 CONFLICT naming %s", c.name, r.Status, r.Raw, c.field)
		}
	}
	// A tenant is created by the platform's administrators (or the CLI),
	// through the same service call.
	_, err := e.svc.CreateTenant(context.Background(), auth.NewTenant{Slug: "alpha", Name: "Another Alpha Ltd"})
	if fe := errs.As(err); fe.Code != errs.Conflict || len(fe.Fields) != 1 || fe.Fields[0].Field != "slug" {
		t.Errorf("a taken tenant slug: got %v, want CONFLICT naming slug", err)
	}
	// The refused invitation changed nothing: the owner still logs in and
	// the tenant still has one user.
	e.token("alpha", "owner@alpha.test")
	if r := e.do("GET", "/api/v1/auth/users?limit=200", owner, nil); len(r.Body["items"].([]any)) != 1 {
		t.Fatalf("users after a refused invitation: %s", r.Raw)
	}
}
