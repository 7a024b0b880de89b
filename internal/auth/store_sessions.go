package auth

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/db"
)

// insertSession stores x in the tenant of tx.
func (st *store) insertSession(ctx context.Context, tx *db.Tx, x Session) error {
	_, err := tx.Exec(ctx, `insert into auth.sessions (tenant_id, id, user_id, created_at, last_used_at, expires_at, user_agent, client_ip)
		values ($1, $2, $3, $4, $5, $6, $7, $8)`, tx.Tenant().UUID(), x.ID, x.UserID, x.CreatedAt, x.LastUsedAt, x.ExpiresAt, x.UserAgent, x.ClientIP)
	return err
}

// insertRefresh stores the hash of a refresh token of sessionID.
func (st *store) insertRefresh(ctx context.Context, tx *db.Tx, hash []byte, sessionID uuid.UUID, issued, expires time.Time) error {
	_, err := tx.Exec(ctx, `insert into auth.refresh_tokens (tenant_id, hash, session_id, issued_at, expires_at)
		values ($1, $2, $3, $4, $5)`, tx.Tenant().UUID(), hash, sessionID, issued, expires)
	return err
}

// refreshState is a refresh token with its session and user, as Refresh
// judges it.
type refreshState struct {
	sessionID, userID            uuid.UUID
	spent, revoked               *time.Time
	tokenExpires, sessionExpires time.Time
	userStatus                   string
}

// lockRefresh reads the refresh token of hash and locks it and its session
// until tx ends. Returns NOT_FOUND.
func (st *store) lockRefresh(ctx context.Context, tx *db.Tx, hash []byte) (refreshState, error) {
	var r refreshState
	err := tx.QueryRow(ctx, `select r.session_id, r.spent_at, r.expires_at, s.user_id, s.revoked_at, s.expires_at, u.status
		from auth.refresh_tokens r join auth.sessions s on s.id = r.session_id
		join auth.users u on u.id = s.user_id
		where r.hash = $1 for update of r, s`, hash).Scan(&r.sessionID, &r.spent, &r.tokenExpires, &r.userID, &r.revoked,
		&r.sessionExpires, &r.userStatus)
	return r, db.Translate(err)
}

// spendRefresh marks the token of hash spent and its session used at now.
func (st *store) spendRefresh(ctx context.Context, tx *db.Tx, hash []byte, sessionID uuid.UUID, now time.Time) error {
	if _, err := tx.Exec(ctx, "update auth.refresh_tokens set spent_at = $1 where hash = $2", now, hash); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, "update auth.sessions set last_used_at = $1 where id = $2", now, sessionID)
	return err
}

// revokeSession ends session id at now, reporting false when it had
// ended already.
func (st *store) revokeSession(ctx context.Context, tx *db.Tx, id uuid.UUID, reason string, now time.Time) (bool, error) {
	tag, err := tx.Exec(ctx, `update auth.sessions set revoked_at = $1, revoke_reason = $2 where id = $3 and revoked_at is null`,
		now, reason, id)
	return tag.RowsAffected() > 0, err
}

// liveSessions lists the unrevoked, unexpired sessions of userID, newest
// first.
func (st *store) liveSessions(ctx context.Context, userID uuid.UUID, now time.Time) ([]Session, error) {
	out := []Session{}
	err := st.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) error {
		rows, err := tx.Query(ctx, `select id, user_id, created_at, last_used_at, expires_at, revoked_at, user_agent, client_ip
			from auth.sessions where user_id = $1 and revoked_at is null and expires_at > $2 order by created_at desc`, userID, now)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var x Session
			if err := rows.Scan(&x.ID, &x.UserID, &x.CreatedAt, &x.LastUsedAt, &x.ExpiresAt, &x.RevokedAt, &x.UserAgent, &x.ClientIP); err != nil {
				return err
			}
			out = append(out, x)
		}
		return rows.Err()
	})
	return out, err
}

// sessionOwner returns the user of session id. Returns NOT_FOUND.
func (st *store) sessionOwner(ctx context.Context, tx *db.Tx, id uuid.UUID) (uuid.UUID, error) {
	var owner uuid.UUID
	err := tx.QueryRow(ctx, "select user_id from auth.sessions where id = $1", id).Scan(&owner)
	return owner, db.Translate(err)
}

// otherLiveSessions lists the unrevoked sessions of userID but keep.
func (st *store) otherLiveSessions(ctx context.Context, tx *db.Tx, userID, keep uuid.UUID) ([]uuid.UUID, error) {
	rows, err := tx.Query(ctx, "select id from auth.sessions where user_id = $1 and revoked_at is null and id <> $2", userID, keep)
	if err != nil {
		return nil, err
	}
	return collectUUIDs(rows)
}
