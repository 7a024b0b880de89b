package auth

import (
	"context"
	"time"

	"github.com/vextrus/vextrus/internal/platform/db"
)

// storedKey is a signing key as auth.signing_keys holds it: the private
// seed sealed under the key encryption key.
type storedKey struct {
	kid                 string
	public, sealed      []byte
	retireAt, expiresAt time.Time
}

// lockKeys serialises key rotation across replicas until tx ends.
func (st *store) lockKeys(ctx context.Context, tx *db.Tx) error {
	_, err := tx.Exec(ctx, "select pg_advisory_xact_lock($1)", int64(keyLock))
	return err
}

// keys lists the keys unexpired at now, the latest to retire first.
func (st *store) keys(ctx context.Context, tx *db.Tx, now time.Time) ([]storedKey, error) {
	rows, err := tx.Query(ctx, `select kid, public_key, private_key, retire_at, expires_at
		from auth.signing_keys where expires_at > $1 order by retire_at desc`, now)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []storedKey
	for rows.Next() {
		var k storedKey
		if err := rows.Scan(&k.kid, &k.public, &k.sealed, &k.retireAt, &k.expiresAt); err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

// insertKey stores k, created at now.
func (st *store) insertKey(ctx context.Context, tx *db.Tx, k storedKey, now time.Time) error {
	_, err := tx.Exec(ctx, `insert into auth.signing_keys (kid, public_key, private_key, created_at, retire_at, expires_at)
		values ($1, $2, $3, $4, $5, $6)`, k.kid, k.public, k.sealed, now, k.retireAt, k.expiresAt)
	return err
}

// deleteExpiredKeys drops the keys expired before now.
func (st *store) deleteExpiredKeys(ctx context.Context, tx *db.Tx, now time.Time) error {
	_, err := tx.Exec(ctx, "delete from auth.signing_keys where expires_at < $1", now)
	return err
}
