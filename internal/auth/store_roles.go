package auth

import (
	"context"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

// customRoles lists the tenant's custom roles by name, with the patterns
// they were defined with (Permissions left empty).
func (st *store) customRoles(ctx context.Context) ([]Role, error) {
	var out []Role
	err := st.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) error {
		rows, err := tx.Query(ctx, "select name, description, permissions from auth.roles order by name")
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var r Role
			if err := rows.Scan(&r.Name, &r.Description, &r.Patterns); err != nil {
				return err
			}
			out = append(out, r)
		}
		return rows.Err()
	})
	return out, err
}

// insertRole stores custom role r. Returns INVALID_ARGUMENT naming name
// when the tenant has a role of that name.
func (st *store) insertRole(ctx context.Context, tx *db.Tx, r Role) error {
	_, err := tx.Exec(ctx, "insert into auth.roles (tenant_id, name, description, permissions) values ($1, $2, $3, $4)",
		tx.Tenant().UUID(), r.Name, r.Description, r.Patterns)
	if errs.Is(db.Translate(err), errs.Conflict) {
		return errs.Field("name", "is taken")
	}
	return err
}

// grantRole gives userID role, granted by by, reporting whether the user
// lacked it.
func (st *store) grantRole(ctx context.Context, tx *db.Tx, userID uuid.UUID, role string, by *uuid.UUID) (bool, error) {
	tag, err := tx.Exec(ctx, `insert into auth.user_roles (tenant_id, user_id, role, granted_by) values ($1, $2, $3, $4)
		on conflict do nothing`, tx.Tenant().UUID(), userID, role, by)
	return tag.RowsAffected() > 0, err
}

// takeRole takes role from userID, reporting whether the user held it.
func (st *store) takeRole(ctx context.Context, tx *db.Tx, userID uuid.UUID, role string) (bool, error) {
	tag, err := tx.Exec(ctx, "delete from auth.user_roles where user_id = $1 and role = $2", userID, role)
	return tag.RowsAffected() > 0, err
}

// otherActiveOwners counts the active owners of the tenant but userID.
func (st *store) otherActiveOwners(ctx context.Context, tx *db.Tx, userID uuid.UUID) (int, error) {
	var n int
	err := tx.QueryRow(ctx, `select count(*) from auth.user_roles r join auth.users u on u.id = r.user_id
		where r.role = 'owner' and r.user_id <> $1 and u.status = 'active'`, userID).Scan(&n)
	return n, err
}
