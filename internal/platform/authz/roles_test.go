package authz_test

import (
	"testing"

	"github.com/vextrus/vextrus/internal/platform/authz"
)

func TestGrants(t *testing.T) {
	cases := []struct {
		patterns []string
		perm     string
		want     bool
	}{
		{[]string{"*.*.*"}, "finance.invoice.write", true},
		{[]string{"*.*.read"}, "finance.invoice.read", true},
		{[]string{"*.*.read"}, "finance.invoice.write", false},
		{[]string{"*.*.*", "!auth.tenant.*"}, "auth.tenant.provision", false},
		{[]string{"*.*.*", "!auth.tenant.*"}, "auth.role.assign", true},
		{[]string{"finance.*"}, "finance.invoice.read", false}, // two segments match nothing
		{[]string{"!finance.*.*"}, "finance.invoice.read", false},
		{nil, "finance.invoice.read", false},
	}
	for _, c := range cases {
		if got := authz.Grants(c.patterns, c.perm); got != c.want {
			t.Errorf("Grants(%v, %s) = %v, want %v", c.patterns, c.perm, got, c.want)
		}
	}
}

func TestSystemRolesExpandOverTheRegistry(t *testing.T) {
	r := authz.NewRegistry()
	for _, n := range []string{"auth.role.assign", "auth.tenant.provision", "finance.invoice.read", "finance.invoice.write", "workflow.approval.approve"} {
		if err := r.Register(authz.Permission{Name: n}); err != nil {
			t.Fatal(err)
		}
	}
	expand := func(role string) map[string]bool {
		sr, ok := authz.SystemRoleNamed(role)
		if !ok {
			t.Fatalf("no system role %s", role)
		}
		return r.Expand(nil, sr.Patterns...)
	}
	if got := expand(authz.RoleOwner); len(got) != 5 {
		t.Errorf("owner = %v", got)
	}
	if got := expand(authz.RoleAdmin); got["auth.tenant.provision"] || !got["auth.role.assign"] {
		t.Errorf("admin = %v", got)
	}
	if got := expand(authz.RoleViewer); len(got) != 1 || !got["finance.invoice.read"] {
		t.Errorf("viewer = %v", got)
	}
	if got := expand(authz.RoleApprover); !got["workflow.approval.approve"] || got["finance.invoice.write"] {
		t.Errorf("approver = %v", got)
	}
	if got := expand(authz.RoleAccountant); !got["finance.invoice.write"] || got["auth.role.assign"] {
		t.Errorf("accountant = %v", got)
	}
}

func TestValidPattern(t *testing.T) {
	for p, want := range map[string]bool{"*.*.*": true, "!auth.tenant.*": true, "finance.invoice": false, "Finance.x.y": false, "a.b.c.d": false} {
		if authz.ValidPattern(p) != want {
			t.Errorf("ValidPattern(%q) != %v", p, want)
		}
	}
}
