package auth

import (
	"context"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

// insertDepartment stores d. Returns CONFLICT naming name when taken.
func (st *store) insertDepartment(ctx context.Context, d Department) error {
	err := st.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		_, err := tx.Exec(ctx, "insert into auth.departments (tenant_id, id, name) values ($1, $2, $3)", tx.Tenant().UUID(), d.ID, d.Name)
		if errs.Is(db.Translate(err), errs.Conflict) {
			return errs.Taken("name", "is taken")
		}
		return err
	})
	return err
}

// departments lists the tenant's departments with their members, by name.
func (st *store) departments(ctx context.Context) ([]Department, error) {
	out := []Department{}
	err := st.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) error {
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

// setMember adds userID to dept, or updates whether they head it.
func (st *store) setMember(ctx context.Context, tx *db.Tx, dept, userID uuid.UUID, head bool) error {
	_, err := tx.Exec(ctx, `insert into auth.department_members (tenant_id, department_id, user_id, head) values ($1, $2, $3, $4)
		on conflict (tenant_id, department_id, user_id) do update set head = excluded.head`, tx.Tenant().UUID(), dept, userID, head)
	return err
}

// removeMember takes userID out of dept. Returns NOT_FOUND.
func (st *store) removeMember(ctx context.Context, tx *db.Tx, dept, userID uuid.UUID) error {
	tag, err := tx.Exec(ctx, "delete from auth.department_members where department_id = $1 and user_id = $2", dept, userID)
	if err == nil && tag.RowsAffected() == 0 {
		return errs.E(errs.NotFound, "membership not found")
	}
	return err
}
