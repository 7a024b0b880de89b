package auth_test

import (
	"context"
	"testing"

	"github.com/vextrus/vextrus/internal/auth"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

// `vextrus tenant create --owner-email` provisions through
// CreateTenantWithOwner: a password the policy refuses must leave no
// tenant that nobody can log in to.
func TestRefusedOwnerPasswordLeavesNoTenant(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	in := auth.NewTenant{Slug: "gamma", Name: "Gamma Ltd"}
	_, _, err := e.svc.CreateTenantWithOwner(ctx, in, auth.NewUser{Email: "owner@gamma.test", Name: "Owner"}, "short")
	fe := errs.As(err)
	if fe.Code != errs.InvalidArgument || len(fe.Fields) != 1 || fe.Fields[0].Field != "owner.password" {
		t.Fatalf("weak password: %v, want INVALID_ARGUMENT naming owner.password", err)
	}
	if _, _, err := e.svc.TenantBySlug(ctx, "gamma"); !errs.Is(err, errs.NotFound) {
		t.Fatalf("tenant after a refused owner: %v, want NOT_FOUND", err)
	}

	// A taken slug leaves no stray owner in the existing tenant either.
	if _, _, err := e.svc.CreateTenantWithOwner(ctx, auth.NewTenant{Slug: "alpha", Name: "Again"},
		auth.NewUser{Email: "second@alpha.test", Name: "Second"}, ownerPassword); !errs.Is(err, errs.Conflict) {
		t.Fatalf("taken slug: %v", err)
	}
	if r := e.login("alpha", "second@alpha.test", ownerPassword); r.Status == 200 {
		t.Fatal("an owner was created for a tenant that was refused")
	}

	tn, u, err := e.svc.CreateTenantWithOwner(ctx, in, auth.NewUser{Email: "owner@gamma.test", Name: "Owner"}, ownerPassword)
	if err != nil || u.Tenant != tn.ID {
		t.Fatalf("good password: %v (owner in %s, tenant %s)", err, u.Tenant, tn.ID)
	}
	if r := e.login("gamma", "owner@gamma.test", ownerPassword); r.Status != 200 {
		t.Fatalf("owner login: %d %s", r.Status, r.Raw)
	}
}
