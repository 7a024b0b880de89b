package auth

import (
	"context"
	"strings"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

// Department groups users for approval routing: the workflow service asks
// for a department's heads when a document needs its approval.
type Department struct {
	ID      uuid.UUID
	Name    string
	Members []Member
	// Version moves on with every change of the department or its members.
	Version int
}

// Member is a user's membership of a department.
type Member struct {
	UserID uuid.UUID
	Head   bool
}

// CreateDepartment adds a department. Needs auth.department.write.
// Returns INVALID_ARGUMENT, CONFLICT on a taken name.
func (s *Service) CreateDepartment(ctx context.Context, name string) (Department, error) {
	if err := authz.Require(ctx, PermDepartmentWrite); err != nil {
		return Department{}, err
	}
	d := Department{ID: uuid.Must(uuid.NewV7()), Name: strings.TrimSpace(name), Members: []Member{}, Version: 1}
	if d.Name == "" || len(d.Name) > 200 {
		return d, errs.Field("name", "is required (at most 200 characters)")
	}
	return d, s.store.insertDepartment(ctx, d)
}

// Departments lists the tenant's departments with their members. Needs
// auth.department.read.
func (s *Service) Departments(ctx context.Context) ([]Department, error) {
	if err := authz.Require(ctx, PermDepartmentRead); err != nil {
		return nil, err
	}
	return s.store.departments(ctx)
}

// SetMember adds userID to the department, or updates whether they head
// it. Needs auth.department.write. Returns FAILED_PRECONDITION when the
// department or user does not exist.
func (s *Service) SetMember(ctx context.Context, dept, userID uuid.UUID, head bool) error {
	if err := authz.Require(ctx, PermDepartmentWrite); err != nil {
		return err
	}
	return s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		if err := s.checkVersion(ctx, tx, "departments", dept); err != nil {
			return err
		}
		return s.store.setMember(ctx, tx, dept, userID, head)
	})
}

// RemoveMember takes userID out of the department. Needs
// auth.department.write. Returns NOT_FOUND.
func (s *Service) RemoveMember(ctx context.Context, dept, userID uuid.UUID) error {
	if err := authz.Require(ctx, PermDepartmentWrite); err != nil {
		return err
	}
	return s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		if err := s.checkVersion(ctx, tx, "departments", dept); err != nil {
			return err
		}
		return s.store.removeMember(ctx, tx, dept, userID)
	})
}
