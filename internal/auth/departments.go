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
	err := s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		_, err := tx.Exec(ctx, "insert into auth.departments (tenant_id, id, name) values ($1, $2, $3)", tx.Tenant().UUID(), d.ID, d.Name)
		if errs.Is(db.Translate(err), errs.Conflict) {
			return errs.Taken("name", "is taken")
		}
		return err
	})
	return d, err
}

// Departments lists the tenant's departments with their members. Needs
// auth.department.read.
func (s *Service) Departments(ctx context.Context) ([]Department, error) {
	if err := authz.Require(ctx, PermDepartmentRead); err != nil {
		return nil, err
	}
	out := []Department{}
	err := s.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) error {
		rows, err := tx.Query(ctx, `select d.id, d.name, d.version, m.user_id, coalesce(m.head, false) from auth.departments d
			left join auth.department_members m on m.department_id = d.id order by d.name, d.id, m.user_id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id uuid.UUID
			var name string
			var version int
			var user *uuid.UUID
			var head bool
			if err := rows.Scan(&id, &name, &version, &user, &head); err != nil {
				return err
			}
			if len(out) == 0 || out[len(out)-1].ID != id {
				out = append(out, Department{ID: id, Name: name, Members: []Member{}, Version: version})
			}
			if user != nil {
				d := &out[len(out)-1]
				d.Members = append(d.Members, Member{UserID: *user, Head: head})
			}
		}
		return rows.Err()
	})
	return out, err
}

// SetMember adds userID to the department, or updates whether they head
// it. Needs auth.department.write. Returns FAILED_PRECONDITION when the
// department or user does not exist.
func (s *Service) SetMember(ctx context.Context, dept, userID uuid.UUID, head bool) error {
	if err := authz.Require(ctx, PermDepartmentWrite); err != nil {
		return err
	}
	return s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		if err := checkVersion(ctx, tx, "departments", dept); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `insert into auth.department_members (tenant_id, department_id, user_id, head) values ($1, $2, $3, $4)
			on conflict (tenant_id, department_id, user_id) do update set head = excluded.head`, tx.Tenant().UUID(), dept, userID, head)
		return err
	})
}

// RemoveMember takes userID out of the department. Needs
// auth.department.write. Returns NOT_FOUND.
func (s *Service) RemoveMember(ctx context.Context, dept, userID uuid.UUID) error {
	if err := authz.Require(ctx, PermDepartmentWrite); err != nil {
		return err
	}
	return s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		if err := checkVersion(ctx, tx, "departments", dept); err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, "delete from auth.department_members where department_id = $1 and user_id = $2", dept, userID)
		if err == nil && tag.RowsAffected() == 0 {
			return errs.E(errs.NotFound, "membership not found")
		}
		return err
	})
}
