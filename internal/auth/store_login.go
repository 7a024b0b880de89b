package auth

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

// loginUser finds the user of an email key in the tenant of tx: id,
// password hash (nil for none) and status, and whether there is one.
func (st *store) loginUser(ctx context.Context, tx *db.Tx, emailKey string) (id uuid.UUID, hash *string, status string, found bool, err error) {
	err = tx.QueryRow(ctx, `select id, password_hash, status from auth.users where lower(email) = $1`, emailKey).
		Scan(&id, &hash, &status)
	if errs.Is(db.Translate(err), errs.NotFound) {
		return id, nil, "", false, nil
	}
	return id, hash, status, err == nil, err
}

// rehash replaces userID's password hash with one of current parameters.
func (st *store) rehash(ctx context.Context, userID uuid.UUID, hash string) error {
	return st.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		_, err := tx.Exec(ctx, "update auth.users set password_hash = $1 where id = $2", hash, userID)
		return err
	})
}

// clearAccountState forgets an account's failed logins.
func (st *store) clearAccountState(ctx context.Context, tx *db.Tx, emailKey string) error {
	_, err := tx.Exec(ctx, "delete from auth.login_failures where email_key = $1", emailKey)
	return err
}

// accountState reads the stored counter of an account, locking its row.
func (st *store) accountState(ctx context.Context, tx *db.Tx, emailKey string) (failureState, error) {
	var fs failureState
	var locked *time.Time
	err := tx.QueryRow(ctx, `select failures, last_failed_at, locked_until from auth.login_failures
		where tenant_id = $1 and email_key = $2 for update`, tx.Tenant().UUID(), emailKey).Scan(&fs.failures, &fs.last, &locked)
	if err != nil && !errs.Is(db.Translate(err), errs.NotFound) {
		return fs, err
	}
	if locked != nil {
		fs.lockedUntil = *locked
	}
	return fs, nil
}

// saveAccountState stores the counter of an account.
func (st *store) saveAccountState(ctx context.Context, tx *db.Tx, emailKey string, fs failureState) error {
	var locked *time.Time
	if !fs.lockedUntil.IsZero() {
		locked = &fs.lockedUntil
	}
	_, err := tx.Exec(ctx, `insert into auth.login_failures (tenant_id, email_key, failures, last_failed_at, locked_until)
		values ($1, $2, $3, $4, $5) on conflict (tenant_id, email_key) do update
		set failures = excluded.failures, last_failed_at = excluded.last_failed_at, locked_until = excluded.locked_until`,
		tx.Tenant().UUID(), emailKey, fs.failures, fs.last, locked)
	return err
}
