package auth

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/db"
)

// insertUserToken stores the hash of a one-time token (invite, reset) of
// userID.
func (st *store) insertUserToken(ctx context.Context, tx *db.Tx, hash []byte, userID uuid.UUID, purpose string, expires time.Time) error {
	_, err := tx.Exec(ctx, `insert into auth.user_tokens (tenant_id, hash, user_id, purpose, expires_at) values ($1, $2, $3, $4, $5)`,
		tx.Tenant().UUID(), hash, userID, purpose, expires)
	return err
}

// userToken returns the user, email and purpose of the unspent, unexpired
// token of hash whose user is not disabled. Returns NOT_FOUND.
func (st *store) userToken(ctx context.Context, hash []byte, now time.Time) (userID uuid.UUID, email, purpose string, err error) {
	err = st.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) error {
		return tx.QueryRow(ctx, `select t.user_id, u.email, t.purpose from auth.user_tokens t join auth.users u on u.id = t.user_id
			where t.hash = $1 and t.used_at is null and t.expires_at > $2 and u.status <> 'disabled'`, hash, now).
			Scan(&userID, &email, &purpose)
	})
	return userID, email, purpose, err
}

// spendUserToken marks the token of hash used, reporting false when it
// was used already.
func (st *store) spendUserToken(ctx context.Context, tx *db.Tx, hash []byte, now time.Time) (bool, error) {
	tag, err := tx.Exec(ctx, "update auth.user_tokens set used_at = $1 where hash = $2 and used_at is null", now, hash)
	return tag.RowsAffected() > 0, err
}

// passwordHash returns the stored hash of userID's password, "" for none.
func (st *store) passwordHash(ctx context.Context, userID uuid.UUID) (string, error) {
	var hash *string
	err := st.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) error {
		return tx.QueryRow(ctx, "select password_hash from auth.users where id = $1", userID).Scan(&hash)
	})
	return deref(hash), err
}

// setPasswordHash stores hash as userID's password, activating an invited
// user, and reports whether it did.
func (st *store) setPasswordHash(ctx context.Context, tx *db.Tx, userID uuid.UUID, hash string) (activated bool, err error) {
	err = tx.QueryRow(ctx, `update auth.users u set password_hash = $1, password_changed_at = now(), updated_at = now(),
		version = u.version + 1, status = case when u.status = 'invited' then 'active' else u.status end
		from auth.users old where u.id = $2 and old.id = u.id returning old.status = 'invited'`, hash, userID).Scan(&activated)
	return activated, err
}
