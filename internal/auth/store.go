package auth

import (
	"context"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/vextrus/vextrus/internal/platform/db"
)

// store is auth's PostgreSQL side: every statement auth runs is a method
// here, in store_<concern>.go, and the service files hold the logic
// (permissions, validation, events). A method that takes a *db.Tx joins
// the caller's transaction, so a change, its outbox event and anything
// that must commit with it stay in one; a method without opens its own.
// So the service opens the transaction where a change and its outbox
// event commit together, and the store where one statement is the whole
// operation.
// Methods return the database's NOT_FOUND and CONFLICT as domain errors.
//
// By concern:
//
//   - store_tenants.go: tenants, their status, the login lookup by slug;
//   - store_users.go: users, their roles as read, API keys as actors;
//   - store_roles.go: custom roles and role grants;
//   - store_sessions.go: sessions and refresh token families;
//   - store_tokens.go: invitation and reset tokens, password hashes;
//   - store_login.go: the login lookup and per-account failure counters;
//   - store_apikeys.go: API keys;
//   - store_departments.go: departments and their members;
//   - store_keys.go: the token signing keys (no tenant).
type store struct{ db *db.Pool }

// versioned names the tables lockVersion reads, with their key column.
var versioned = map[string]string{"users": "id", "departments": "id", "tenants": "tenant_id"}

// lockVersion locks the row of table keyed id until tx ends and returns
// its version. Returns NOT_FOUND.
func (st *store) lockVersion(ctx context.Context, tx *db.Tx, table string, id any) (int, error) {
	var version int
	err := tx.QueryRow(ctx, "select version from auth."+table+" where "+versioned[table]+" = $1 for update", id).Scan(&version)
	return version, db.Translate(err)
}

func collectUUIDs(rows pgx.Rows) ([]uuid.UUID, error) {
	defer rows.Close()
	var out []uuid.UUID
	for rows.Next() {
		var id uuid.UUID
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
