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
	"github.com/vextrus/vextrus/internal/platform/httpx"
)

const deliveryColumns = `id, endpoint_id, event_id, event_type, status, attempts, total_attempts, resends,
	next_attempt_at, last_status, last_error, last_attempt_at, delivered_at, dead_at, created_at`

func scanDelivery(row pgx.Row) (Delivery, error) {
	var d Delivery
	var st string
	err := row.Scan(&d.ID, &d.EndpointID, &d.EventID, &d.EventType, &st, &d.Attempts, &d.TotalAttempts, &d.Resends,
		&d.NextAttemptAt, &d.LastStatus, &d.LastError, &d.LastAttemptAt, &d.DeliveredAt, &d.DeadAt, &d.CreatedAt)
	d.Status = DeliveryStatus(st)
	return d, err
}

// Deliveries lists endpoint's deliveries, newest first, only those in
// status when it is not empty. Returns NOT_FOUND for an unknown endpoint.
func (s *Service) Deliveries(ctx context.Context, endpoint uuid.UUID, status DeliveryStatus, limit int, cursor string) ([]Delivery, string, error) {
	if _, err := authz.Caller(ctx, PermRead); err != nil {
		return nil, "", err
	}
	if status != "" && status != Pending && status != Delivered && status != Dead {
		return nil, "", errs.Field("status", "must be pending, delivered or dead")
	}
	limit = pageLimit(limit)
	after, afterID, err := parseCursor(cursor)
	if err != nil {
		return nil, "", err
	}
	var out []Delivery
	err = s.pool.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) error {
		var exists bool
		if err := tx.QueryRow(ctx, `select exists (select 1 from notify.webhook_endpoints where id = $1)`, endpoint).Scan(&exists); err != nil {
			return err
		}
		if !exists {
			return notFound(endpoint)
		}
		rows, err := tx.Query(ctx, `select `+deliveryColumns+` from notify.webhook_deliveries
			where endpoint_id = $1 and ($2 = '' or status = $2)
			  and ($3::timestamptz is null or (created_at, id) < ($3, $4))
			order by created_at desc, id desc limit $5`, endpoint, string(status), after, afterID, limit+1)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Delivery, error) { return scanDelivery(r) })
		return err
	})
	if err != nil {
		return nil, "", err
	}
	return page(out, limit, func(d Delivery) time.Time { return d.CreatedAt })
}

// DeadLetters lists the tenant's dead deliveries of every endpoint, the
// most recently dead first.
func (s *Service) DeadLetters(ctx context.Context, limit int, cursor string) ([]Delivery, string, error) {
	if _, err := authz.Caller(ctx, PermRead); err != nil {
		return nil, "", err
	}
	limit = pageLimit(limit)
	after, afterID, err := parseCursor(cursor)
	if err != nil {
		return nil, "", err
	}
	var out []Delivery
	err = s.pool.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) error {
		rows, err := tx.Query(ctx, `select `+deliveryColumns+` from notify.webhook_deliveries
			where status = 'dead' and ($1::timestamptz is null or (dead_at, id) < ($1, $2))
			order by dead_at desc, id desc limit $3`, after, afterID, limit+1)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Delivery, error) { return scanDelivery(r) })
		return err
	})
	if err != nil {
		return nil, "", err
	}
	return page(out, limit, func(d Delivery) time.Time { return *d.DeadAt })
}

// page cuts a list read with limit+1 rows and makes the next cursor.
func page(out []Delivery, limit int, at func(Delivery) time.Time) ([]Delivery, string, error) {
	if len(out) <= limit {
		return out, "", nil
	}
	out = out[:limit]
	last := out[limit-1]
	return out, httpx.TimeCursor(at(last), last.ID), nil
}

// Resend starts a new attempt cycle for a dead or delivered delivery of
// endpoint: it is pending again at once with the schedule's full count
// of attempts, the same body and the same Webhook-Id. Returns NOT_FOUND,
// or FAILED_PRECONDITION when it is still pending.
func (s *Service) Resend(ctx context.Context, endpoint, id uuid.UUID) (Delivery, error) {
	if _, err := authz.Caller(ctx, PermWrite); err != nil {
		return Delivery{}, err
	}
	var d Delivery
	err := s.pool.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		var err error
		d, err = scanDelivery(tx.QueryRow(ctx, `update notify.webhook_deliveries set status = 'pending', attempts = 0,
				resends = resends + 1, next_attempt_at = now(), dead_at = null, lease_id = null, lease_until = null
			where endpoint_id = $1 and id = $2 and status <> 'pending'
			returning `+deliveryColumns, endpoint, id))
		if !errors.Is(err, pgx.ErrNoRows) {
			return err
		}
		var st string
		err = tx.QueryRow(ctx, `select status from notify.webhook_deliveries where endpoint_id = $1 and id = $2`, endpoint, id).Scan(&st)
		if errors.Is(err, pgx.ErrNoRows) {
			return errs.E(errs.NotFound, "webhook delivery %s not found", id)
		}
		if err != nil {
			return err
		}
		return errs.E(errs.FailedPrecondition, "webhook delivery %s is still pending", id)
	})
	if err != nil {
		return Delivery{}, err
	}
	s.nudge()
	return d, nil
}
