package auth

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

// insertAPIKey stores k with the hash of its secret, setting CreatedAt.
func (st *store) insertAPIKey(ctx context.Context, k *APIKey, hash []byte) error {
	return st.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		return tx.QueryRow(ctx, `insert into auth.api_keys (tenant_id, id, name, hash, hint, permissions, created_by, expires_at)
			values ($1, $2, $3, $4, $5, $6, $7, $8) returning created_at`, tx.Tenant().UUID(), k.ID, k.Name, hash,
			k.Hint, k.Permissions, k.CreatedBy, k.ExpiresAt).Scan(&k.CreatedAt)
	})
}

// apiKeys lists the tenant's keys, without their hashes.
func (st *store) apiKeys(ctx context.Context) ([]APIKey, error) {
	out := []APIKey{}
	err := st.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) error {
		rows, err := tx.Query(ctx, `select id, name, hint, permissions, created_by, created_at, expires_at, revoked_at, last_used_at
			from auth.api_keys order by id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var k APIKey
			if err := rows.Scan(&k.ID, &k.Name, &k.Hint, &k.Permissions, &k.CreatedBy, &k.CreatedAt, &k.ExpiresAt, &k.RevokedAt, &k.LastUsedAt); err != nil {
				return err
			}
			out = append(out, k)
		}
		return rows.Err()
	})
	return out, err
}

// revokeAPIKey marks key id revoked (once) and returns its hash. Returns
// NOT_FOUND.
func (st *store) revokeAPIKey(ctx context.Context, id uuid.UUID) ([]byte, error) {
	var hash []byte
	err := st.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		err := tx.QueryRow(ctx, `update auth.api_keys set revoked_at = coalesce(revoked_at, now()) where id = $1 returning hash`, id).Scan(&hash)
		if err != nil {
			return errs.Wrap(errs.CodeOf(db.Translate(err)), err, "API key not found")
		}
		return nil
	})
	return hash, err
}

// useAPIKey finds the live key of hash, records its use at now and
// returns its id and permissions. Returns NOT_FOUND for an unknown,
// revoked or expired key.
func (st *store) useAPIKey(ctx context.Context, hash []byte, now time.Time) (uuid.UUID, []string, error) {
	var id uuid.UUID
	var perms []string
	err := st.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		return tx.QueryRow(ctx, `update auth.api_keys set last_used_at = $2 where hash = $1 and revoked_at is null
			and (expires_at is null or expires_at > $2) returning id, permissions`, hash, now).Scan(&id, &perms)
	})
	return id, perms, err
}
