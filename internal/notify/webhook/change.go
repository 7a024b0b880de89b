package webhook

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

// change runs fn on endpoint id, locked in a tenant transaction, after
// checking the caller may write and, when version is not 0, that the
// endpoint is still at that version; fn's changes to e are then stored
// and the version bumped. Returns NOT_FOUND or a stale CONFLICT.
func (s *Service) change(ctx context.Context, id uuid.UUID, version int, fn func(ctx context.Context, tx *db.Tx, e *Endpoint) error) (Endpoint, error) {
	if _, err := authz.Caller(ctx, PermWrite); err != nil {
		return Endpoint{}, err
	}
	var e Endpoint
	err := s.pool.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		var err error
		e, err = scanEndpoint(tx.QueryRow(ctx, `select `+endpointColumns+` from notify.webhook_endpoints where id = $1 for update`, id))
		if errors.Is(err, pgx.ErrNoRows) {
			return notFound(id)
		}
		if err != nil {
			return err
		}
		if version != 0 && version != e.Version {
			return errs.Stale("webhook endpoint %s is at version %d, not %d", id, e.Version, version)
		}
		if err := fn(ctx, tx, &e); err != nil {
			return err
		}
		e.Version++
		e.UpdatedAt = s.now().UTC().Truncate(time.Microsecond)
		_, err = tx.Exec(ctx, `update notify.webhook_endpoints set url = $2, description = $3, event_types = $4,
			status = $5, version = $6, updated_at = $7 where id = $1`,
			id, e.URL, e.Description, e.EventTypes, string(e.Status), e.Version, e.UpdatedAt)
		return err
	})
	return e, err
}

// Update applies patch to endpoint id at version (0: whatever it is).
// Pausing stops new deliveries and holds pending ones; resuming sends
// those. Returns INVALID_ARGUMENT, NOT_FOUND or a stale CONFLICT.
func (s *Service) Update(ctx context.Context, id uuid.UUID, version int, patch EndpointPatch) (Endpoint, error) {
	return s.change(ctx, id, version, func(_ context.Context, _ *db.Tx, e *Endpoint) error {
		var c errs.Collector
		if patch.URL != nil {
			e.URL = s.checkURL(&c, *patch.URL)
		}
		if patch.Description != nil {
			e.Description = checkDescription(&c, *patch.Description)
		}
		if patch.EventTypes != nil {
			e.EventTypes = normalizePatterns(&c, patch.EventTypes)
		}
		if patch.Status != nil {
			checkStatus(&c, *patch.Status)
			e.Status = *patch.Status
		}
		return c.Err()
	})
}

// RotateSecret gives endpoint id a new secret and returns it, shown this
// once. The old secret keeps signing, beside the new one, for the
// rotation grace (24 h by default), so a receiver can switch without a
// gap; a second rotation within it drops the oldest. Returns NOT_FOUND.
func (s *Service) RotateSecret(ctx context.Context, id uuid.UUID) (Endpoint, string, error) {
	secret := newSecret()
	e, err := s.change(ctx, id, 0, func(ctx context.Context, tx *db.Tx, _ *Endpoint) error {
		_, err := tx.Exec(ctx, `update notify.webhook_endpoints set previous_secret = secret,
			previous_until = $2, secret = $3 where id = $1`, id, s.now().Add(s.cfg.RotationGrace), secret)
		return err
	})
	if err != nil {
		return Endpoint{}, "", err
	}
	return e, secret, nil
}

// Delete removes endpoint id at version (0: whatever it is) with its
// deliveries; a delivery in flight may still arrive once. Returns
// NOT_FOUND or a stale CONFLICT.
func (s *Service) Delete(ctx context.Context, id uuid.UUID, version int) error {
	if _, err := authz.Caller(ctx, PermWrite); err != nil {
		return err
	}
	return s.pool.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		var current int
		err := tx.QueryRow(ctx, `delete from notify.webhook_endpoints where id = $1 and ($2 = 0 or version = $2) returning version`,
			id, version).Scan(&current)
		if !errors.Is(err, pgx.ErrNoRows) {
			return err
		}
		err = tx.QueryRow(ctx, `select version from notify.webhook_endpoints where id = $1`, id).Scan(&current)
		if errors.Is(err, pgx.ErrNoRows) {
			return notFound(id)
		}
		if err != nil {
			return err
		}
		return errs.Stale("webhook endpoint %s is at version %d, not %d", id, current, version)
	})
}
