// Package idempotency keeps the first answer to each POST that carried an
// Idempotency-Key, per tenant and principal, in PostgreSQL (platform.idempotency_keys) for
// 24 hours, behind the httpx.Idempotency middleware.
package idempotency

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/httpx"
)

// Store implements httpx.IdempotencyStore. Every call runs in the tenant
// transaction of ctx, so one tenant's key never answers another's request,
// and every row names its principal, so neither does another caller's.
type Store struct{ pool *db.Pool }

var _ httpx.IdempotencyStore = (*Store)(nil)

// New returns a store on pool.
func New(pool *db.Pool) *Store { return &Store{pool: pool} }

// Reserve claims key for its principal in the tenant of ctx. An expired
// entry is taken over. Returns CONFLICT when the key belongs to another
// request of the principal or its first request is still running;
// UNAUTHENTICATED without a tenant.
func (s *Store) Reserve(ctx context.Context, key httpx.IdempotencyKey, fingerprint string, ttl time.Duration) (*httpx.StoredResponse, error) {
	var stored *httpx.StoredResponse
	err := s.pool.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		var claimed bool
		err := tx.QueryRow(ctx, `
			insert into platform.idempotency_keys as k (tenant_id, principal, key, request_hash, expires_at)
			values ($1::uuid, $5, $2, $3, now() + $4::interval)
			on conflict (tenant_id, principal, key) do update set
				request_hash = excluded.request_hash, response_status = null,
				response_headers = '{}', response_body = '', created_at = now(), expires_at = excluded.expires_at
			where k.expires_at <= now()
			returning true`,
			tx.Tenant().String(), key.Key, []byte(fingerprint), ttl, key.Principal).Scan(&claimed)
		if err == nil {
			return nil
		}
		if err != pgx.ErrNoRows {
			return fmt.Errorf("reserve idempotency key: %w", err)
		}
		var (
			hash   []byte
			status *int
			header []byte
			body   []byte
		)
		err = tx.QueryRow(ctx, `
			select request_hash, response_status, response_headers, response_body
			from platform.idempotency_keys where tenant_id = $1::uuid and principal = $3 and key = $2`,
			tx.Tenant().String(), key.Key, key.Principal).Scan(&hash, &status, &header, &body)
		if err != nil {
			return fmt.Errorf("read idempotency key: %w", err)
		}
		if !bytes.Equal(hash, []byte(fingerprint)) {
			return errs.E(errs.Conflict, "Idempotency-Key %q was already used with a different request", key.Key)
		}
		if status == nil {
			e := errs.E(errs.Conflict, "a request with Idempotency-Key %q is still in progress", key.Key)
			e.RetryAfterSeconds = 1
			return e
		}
		stored = &httpx.StoredResponse{Status: *status, Body: body}
		if err := json.Unmarshal(header, &stored.Header); err != nil {
			return errs.Wrap(errs.Internal, err, "decode stored headers")
		}
		return nil
	})
	return stored, err
}

// Complete stores the answer of a reserved key.
func (s *Store) Complete(ctx context.Context, key httpx.IdempotencyKey, resp httpx.StoredResponse) error {
	header, err := json.Marshal(resp.Header)
	if err != nil {
		return errs.Wrap(errs.Internal, err, "encode headers")
	}
	if resp.Body == nil {
		resp.Body = []byte{}
	}
	return s.pool.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		_, err := tx.Exec(ctx, `
			update platform.idempotency_keys set response_status = $3, response_headers = $4, response_body = $5
			where tenant_id = $1::uuid and principal = $6 and key = $2 and response_status is null`,
			tx.Tenant().String(), key.Key, resp.Status, header, resp.Body, key.Principal)
		return err
	})
}

// Release forgets a reserved key whose request failed, so a retry runs.
func (s *Store) Release(ctx context.Context, key httpx.IdempotencyKey) error {
	return s.pool.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		_, err := tx.Exec(ctx, `delete from platform.idempotency_keys
			where tenant_id = $1::uuid and principal = $3 and key = $2 and response_status is null`,
			tx.Tenant().String(), key.Key, key.Principal)
		return err
	})
}

// Prune deletes the entries of every tenant that expired before before and
// returns how many went. It is one of the explicit cross-tenant paths
// (docs/security.md): the application role cannot see other tenants' rows,
// so it calls platform.prune_idempotency_keys, a SECURITY DEFINER function
// owned by the owner role, whose policies let it see and delete expired
// rows only.
func (s *Store) Prune(ctx context.Context, before time.Time) (int64, error) {
	var n int64
	err := s.pool.InTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		return tx.QueryRow(ctx, "select platform.prune_idempotency_keys($1)", before).Scan(&n)
	})
	return n, err
}
