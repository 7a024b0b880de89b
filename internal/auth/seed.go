package auth

import (
	"context"

	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// EnsureDevTenant creates tenant slug with an owner email and password
// when they do not exist yet, for `vextrus dev`; an existing tenant and
// user are left as they are, so restarts keep their data. The password
// policy is not applied: the dev password is a fixed, documented default.
func (s *Service) EnsureDevTenant(ctx context.Context, slug, name, email, password string) (Tenant, error) {
	id, _, err := s.TenantBySlug(ctx, slug)
	if errs.Is(err, errs.NotFound) {
		var t Tenant
		t, err = s.CreateTenant(ctx, NewTenant{Slug: slug, Name: name})
		id = t.ID
		if errs.Is(err, errs.Conflict) { // another replica won the race
			id, _, err = s.TenantBySlug(ctx, slug)
		}
	}
	if err != nil {
		return Tenant{}, err
	}
	ctx = tenant.With(ctx, id)
	u, err := s.validateUser(NewUser{Email: email, Name: "Demo Admin", Roles: []string{authz.RoleOwner}})
	if err != nil {
		return Tenant{}, err
	}
	h, err := s.hasher.hash(ctx, password)
	if err != nil {
		return Tenant{}, err
	}
	u.Status = UserActive
	err = s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		if taken, err := s.store.emailTaken(ctx, tx, email); err != nil || taken {
			return err
		}
		return s.insertUser(ctx, tx, &u, &h, "")
	})
	if err != nil {
		return Tenant{}, err
	}
	return s.Tenant(ctx)
}
