package auth

import (
	"context"
	"strings"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/bd"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// insertUser stores u, in the tenant of tx, with its roles granted by
// by. Returns CONFLICT naming email when the tenant has the email.
func (st *store) insertUser(ctx context.Context, tx *db.Tx, u *User, hash *string, by string) error {
	u.Tenant = tx.Tenant()
	var mobile *string
	if u.Mobile != "" {
		m := string(u.Mobile)
		mobile = &m
	}
	err := tx.QueryRow(ctx, `insert into auth.users (tenant_id, id, email, name, name_bn, mobile, status, password_hash, password_changed_at, locale)
		values ($1, $2, $3, $4, $5, $6, $7, $8, case when $8::text is null then null else now() end, $9)
		returning created_at, updated_at, version`, u.Tenant.UUID(), u.ID, u.Email, u.Name, u.NameBn, mobile, u.Status, hash, u.Locale).
		Scan(&u.CreatedAt, &u.UpdatedAt, &u.Version)
	if errs.Is(db.Translate(err), errs.Conflict) {
		return errs.Taken("email", "is already a user of this tenant")
	} else if err != nil {
		return err
	}
	for _, r := range u.Roles {
		if _, err := tx.Exec(ctx, `insert into auth.user_roles (tenant_id, user_id, role, granted_by)
			values ($1, $2, $3, nullif($4, '')::uuid)`, u.Tenant.UUID(), u.ID, r, by); err != nil {
			return err
		}
	}
	return nil
}

// readUser returns user id of the tenant of ctx. Returns NOT_FOUND.
func (st *store) readUser(ctx context.Context, id uuid.UUID) (User, error) {
	var u User
	err := st.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) (err error) {
		u, err = st.user(ctx, tx, id)
		return err
	})
	return u, err
}

// usersByID returns the users, or API keys as actors, of ids in order,
// a zero User where an id is unknown.
func (st *store) usersByID(ctx context.Context, ids []uuid.UUID) ([]User, error) {
	out := make([]User, len(ids))
	err := st.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) error {
		rows, err := tx.Query(ctx, "select "+userColumns+" from auth.users u where u.id = any($1)", ids)
		if err != nil {
			return err
		}
		defer rows.Close()
		byID := map[uuid.UUID]User{}
		for rows.Next() {
			u, err := scanUser(rows)
			if err != nil {
				return err
			}
			byID[u.ID] = u
		}
		if err := rows.Err(); err != nil {
			return err
		}
		if len(byID) < len(ids) {
			if err := apiKeyActors(ctx, tx, ids, byID); err != nil {
				return err
			}
		}
		for i, id := range ids {
			out[i] = byID[id]
		}
		return nil
	})
	return out, err
}

const userColumns = `u.id, u.tenant_id, u.email, u.name, u.name_bn, coalesce(u.mobile, ''), u.status, u.created_at, u.updated_at, u.version, u.locale,
	coalesce((select array_agg(r.role order by r.role) from auth.user_roles r where r.user_id = u.id), '{}')`

func scanUser(row interface{ Scan(...any) error }) (User, error) {
	var u User
	var tid uuid.UUID
	var mobile string
	err := row.Scan(&u.ID, &tid, &u.Email, &u.Name, &u.NameBn, &mobile, &u.Status, &u.CreatedAt, &u.UpdatedAt, &u.Version, &u.Locale, &u.Roles)
	u.Tenant, u.Mobile = tenant.ID(tid), bd.Mobile(mobile)
	return u, err
}

// user returns user id of the tenant of tx. Returns NOT_FOUND.
func (st *store) user(ctx context.Context, tx *db.Tx, id uuid.UUID) (User, error) {
	u, err := scanUser(tx.QueryRow(ctx, "select "+userColumns+" from auth.users u where u.id = $1", id))
	if err != nil {
		return u, errs.Wrap(errs.CodeOf(db.Translate(err)), err, "user not found")
	}
	return u, nil
}

// userRoles lists the roles of userID.
func (st *store) userRoles(ctx context.Context, tx *db.Tx, userID uuid.UUID) ([]string, error) {
	rows, err := tx.Query(ctx, "select role from auth.user_roles where user_id = $1 order by role", userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	roles := []string{}
	for rows.Next() {
		var r string
		if err := rows.Scan(&r); err != nil {
			return nil, err
		}
		roles = append(roles, r)
	}
	return roles, rows.Err()
}

// apiKeyActors adds to byID the API keys among ids that byID lacks.
func apiKeyActors(ctx context.Context, tx *db.Tx, ids []uuid.UUID, byID map[uuid.UUID]User) error {
	rows, err := tx.Query(ctx, `select id, tenant_id, name, created_at, revoked_at is null and (expires_at is null or expires_at > now())
		from auth.api_keys where id = any($1)`, ids)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		u := User{Status: UserDisabled, Roles: []string{}, Version: 1, APIKey: true}
		var tid uuid.UUID
		var live bool
		if err := rows.Scan(&u.ID, &tid, &u.Name, &u.CreatedAt, &live); err != nil {
			return err
		}
		if live {
			u.Status = UserActive
		}
		u.Tenant, u.UpdatedAt = tenant.ID(tid), u.CreatedAt
		if _, ok := byID[u.ID]; !ok {
			byID[u.ID] = u
		}
	}
	return rows.Err()
}

// listUsers lists up to f.Limit+1 users of the tenant of ctx after the id
// after, in id (creation) order, filtered by f.
func (st *store) listUsers(ctx context.Context, after uuid.UUID, f UserFilter) ([]User, error) {
	var items []User
	err := st.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) error {
		rows, err := tx.Query(ctx, "select "+userColumns+` from auth.users u
			where u.id > $1 and ($2 = '' or u.status = $2)
			  and ($3 = '' or strpos(lower(u.email), $3) > 0 or strpos(lower(u.name), $3) > 0)
			  and ($4 = '' or exists (select 1 from auth.user_roles r where r.user_id = u.id and r.role = $4))
			order by u.id limit $5`, after, f.Status, strings.ToLower(strings.TrimSpace(f.Search)), f.Role, f.Limit+1)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			u, err := scanUser(rows)
			if err != nil {
				return err
			}
			items = append(items, u)
		}
		return rows.Err()
	})
	return items, err
}

// emailTaken reports whether the tenant of tx has a user with email.
func (st *store) emailTaken(ctx context.Context, tx *db.Tx, email string) (bool, error) {
	var n int
	err := tx.QueryRow(ctx, "select count(*) from auth.users where lower(email) = lower($1)", email).Scan(&n)
	return n > 0, err
}
