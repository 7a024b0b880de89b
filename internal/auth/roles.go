package auth

import (
	"context"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/events"
)

// Role is a named set of permission patterns: a system role from code or
// a tenant's custom role.
type Role struct {
	Name        string
	Description string
	System      bool
	// Patterns are what the role was defined with; Permissions what they
	// grant over the registry now.
	Patterns    []string
	Permissions []string
}

// Roles lists the system roles and the tenant's custom roles. Needs
// auth.role.read.
func (s *Service) Roles(ctx context.Context) ([]Role, error) {
	if err := authz.Require(ctx, PermRoleRead); err != nil {
		return nil, err
	}
	out := make([]Role, 0, len(authz.SystemRoles))
	for _, r := range authz.SystemRoles {
		out = append(out, s.role(r.Name, r.Description, true, r.Patterns))
	}
	custom, err := s.customRoles(ctx)
	if err != nil {
		return nil, err
	}
	return append(out, custom...), nil
}

// requireHeld refuses a caller who lacks a permission r grants.
func (r Role) requireHeld(ctx context.Context) error {
	return requireSubset(ctx, "role "+r.Name+" grants", r.Permissions)
}

func (s *Service) role(name, desc string, system bool, patterns []string) Role {
	perms := sortedKeys(s.registry.Expand(nil, patterns...))
	return Role{Name: name, Description: desc, System: system, Patterns: patterns, Permissions: perms}
}

func (s *Service) customRoles(ctx context.Context) ([]Role, error) {
	stored, err := s.store.customRoles(ctx)
	out := make([]Role, len(stored))
	for i, r := range stored {
		out[i] = s.role(r.Name, r.Description, false, r.Patterns)
	}
	return out, err
}

// CreateRole adds a custom role. Needs auth.role.write; a role may not
// grant what the caller lacks. Returns INVALID_ARGUMENT, CONFLICT.
func (s *Service) CreateRole(ctx context.Context, name, desc string, patterns []string) (Role, error) {
	if err := authz.Require(ctx, PermRoleWrite); err != nil {
		return Role{}, err
	}
	c := &errs.Collector{}
	name = strings.TrimSpace(name)
	_, system := authz.SystemRoleNamed(name)
	c.Check(!system, "name", "is a system role")
	c.Check(len(patterns) > 0, "permissions", "must list at least one permission or pattern")
	for i, p := range patterns {
		c.Check(authz.ValidPattern(p), "permissions["+itoa(i)+"]", "must be <service>.<resource>.<action> or <service>.<action>, parts may be *")
	}
	if err := c.Err(); err != nil {
		return Role{}, err
	}
	r := s.role(name, desc, false, patterns)
	if err := r.requireHeld(ctx); err != nil {
		return Role{}, err
	}
	err := s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		err := s.store.insertRole(ctx, tx, r)
		tx.AfterCommit(func(context.Context) { s.roles.invalidate(tx.Tenant()) })
		return err
	})
	return r, err
}

// requireSubset refuses when the caller lacks one of perms, so that
// auth.role.assign and auth.user.write cannot be used to climb: a role is
// given or taken, and a user taken over (password reset) or locked out
// (sessions revoked), only by a caller who already holds everything it
// grants. what names the role or user in the refusal ("role admin grants").
func requireSubset(ctx context.Context, what string, perms []string) error {
	p, _ := authz.From(ctx)
	for _, perm := range perms {
		if !p.Has(perm) {
			return errs.E(errs.PermissionDenied, "%s %s, which you do not hold", what, perm)
		}
	}
	return nil
}

// requireOutranks is requireSubset over everything the roles of user id
// grant (custom roles as the tenant defines them now), for actions that
// let the caller act as that user or lock them out. The caller acting on
// themself passes. Returns NOT_FOUND for an unknown user.
func (s *Service) requireOutranks(ctx context.Context, id uuid.UUID) error {
	if p, ok := authz.From(ctx); ok && p.UserID == id.String() {
		return nil
	}
	u, err := s.store.readUser(ctx, id)
	if err != nil {
		return err
	}
	perms, err := s.roles.Permissions(ctx, u.Tenant, u.Roles)
	if err != nil {
		return err
	}
	return requireSubset(ctx, "user "+u.Email+" holds", sortedKeys(perms))
}

// checkRoles reports roles that do not exist in the tenant of ctx.
func (s *Service) checkRoles(ctx context.Context, roles []string) error {
	c := &errs.Collector{}
	for i, r := range roles {
		if _, err := s.lookupRole(ctx, r); err != nil {
			c.Add("roles["+itoa(i)+"]", "%s is not a role", r)
		}
	}
	return c.Err()
}

func (s *Service) lookupRole(ctx context.Context, name string) (Role, error) {
	if r, ok := authz.SystemRoleNamed(name); ok {
		return s.role(r.Name, r.Description, true, r.Patterns), nil
	}
	custom, err := s.customRoles(ctx)
	if err != nil {
		return Role{}, err
	}
	if i := slices.IndexFunc(custom, func(r Role) bool { return r.Name == name }); i >= 0 {
		return custom[i], nil
	}
	return Role{}, errs.Field("role", "%s is not a role", name)
}

// AssignRole gives userID the role. Needs auth.role.assign and every
// permission the role grants. Returns NOT_FOUND, INVALID_ARGUMENT.
func (s *Service) AssignRole(ctx context.Context, userID uuid.UUID, role string) (User, error) {
	return s.changeRole(ctx, userID, role, true)
}

// RevokeRole takes the role from userID. Needs auth.role.assign and every
// permission the role grants; the last owner keeps the owner role
// (FAILED_PRECONDITION).
func (s *Service) RevokeRole(ctx context.Context, userID uuid.UUID, role string) (User, error) {
	return s.changeRole(ctx, userID, role, false)
}

func (s *Service) changeRole(ctx context.Context, userID uuid.UUID, role string, assign bool) (User, error) {
	if err := authz.Require(ctx, PermRoleAssign); err != nil {
		return User{}, err
	}
	r, err := s.lookupRole(ctx, role)
	if err != nil {
		return User{}, err
	}
	if err := r.requireHeld(ctx); err != nil {
		return User{}, err
	}
	p, _ := authz.From(ctx)
	var u User
	err = s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		if err := s.checkVersion(ctx, tx, "users", userID); err != nil {
			return err
		}
		if _, err := s.store.user(ctx, tx, userID); err != nil {
			return err
		}
		changed := false
		typ := EventRoleAssigned
		if assign {
			added, err := s.store.grantRole(ctx, tx, userID, role, uuidOrNil(p.UserID))
			if err != nil {
				return err
			}
			changed = added
		} else {
			typ = EventRoleRevoked
			if err := s.keepLastOwner(ctx, tx, userID, role); err != nil {
				return err
			}
			taken, err := s.store.takeRole(ctx, tx, userID, role)
			if err != nil {
				return err
			}
			changed = taken
		}
		if changed {
			err := s.events.Append(ctx, tx, events.Draft{Type: typ, Subject: userID.String(),
				Data: roleEvent{UserID: userID.String(), Role: role, By: p.UserID}})
			if err != nil {
				return err
			}
		}
		var err error
		u, err = s.store.user(ctx, tx, userID)
		return err
	})
	return u, err
}

func (s *Service) keepLastOwner(ctx context.Context, tx *db.Tx, userID uuid.UUID, role string) error {
	if role != authz.RoleOwner {
		return nil
	}
	others, err := s.store.otherActiveOwners(ctx, tx, userID)
	if err == nil && others == 0 {
		return errs.E(errs.FailedPrecondition, "the tenant's last owner keeps the owner role")
	}
	return err
}

func uuidOrNil(s string) *uuid.UUID {
	u, err := uuid.Parse(s)
	if err != nil {
		return nil
	}
	return &u
}
