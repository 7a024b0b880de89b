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
		{[]string{"finance.*"}, "finance.invoice.read", false}, // segment counts differ
		{[]string{"*.*.*"}, "rules.evaluate", false},
		{[]string{"*.*"}, "rules.evaluate", true},
		{[]string{"rules.evaluate"}, "rules.evaluate", true},
		{[]string{"*.*", "!rules.*"}, "rules.evaluate", false},
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
	for _, n := range []string{"auth.role.assign", "auth.tenant.provision", "finance.invoice.read", "finance.invoice.write", "workflow.approval.approve", "rules.evaluate"} {
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
	if got := expand(authz.RoleOwner); len(got) != 6 {
		t.Errorf("owner = %v", got)
	}
	if got := expand(authz.RoleAdmin); got["auth.tenant.provision"] || !got["auth.role.assign"] {
		t.Errorf("admin = %v", got)
	}
	if got := expand(authz.RoleViewer); len(got) != 2 || !got["finance.invoice.read"] || !got["rules.evaluate"] {
		t.Errorf("viewer = %v", got)
	}
	if got := expand(authz.RoleApprover); !got["workflow.approval.approve"] || got["finance.invoice.write"] {
		t.Errorf("approver = %v", got)
	}
	if got := expand(authz.RoleAccountant); !got["finance.invoice.write"] || !got["rules.evaluate"] || got["auth.role.assign"] {
		t.Errorf("accountant = %v", got)
	}
}

func TestValidPattern(t *testing.T) {
	for p, want := range map[string]bool{"*.*.*": true, "!auth.tenant.*": true, "finance.invoice": true, "*.*": true, "finance": false, "Finance.x.y": false, "a.b.c.d": false, "a..b": false} {
		if authz.ValidPattern(p) != want {
			t.Errorf("ValidPattern(%q) != %v", p, want)
		}
	}
}

func TestRegistryNames(t *testing.T) {
	r := authz.NewRegistry()
	for n, ok := range map[string]bool{"rules.evaluate": true, "rules.ruleset.read": true, "rules": false, "a.b.c.d": false, "Rules.evaluate": false, "rules.": false} {
		if err := r.Register(authz.Permission{Name: n}); (err == nil) != ok {
			t.Errorf("Register(%q) = %v", n, err)
		}
	}
}
