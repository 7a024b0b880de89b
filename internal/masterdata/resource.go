package masterdata

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/events"
)

// Resource is the service API of one record kind. Every method checks the
// caller's permission first and runs in the caller's tenant.
type Resource[T Record] struct {
	s     *Service
	k     *kind[T]
	store *store[T]
}

func newResource[T Record](s *Service, k *kind[T]) *Resource[T] {
	return &Resource[T]{s: s, k: k, store: &store[T]{k: k, table: "masterdata." + k.plural, terms: "masterdata." + k.plural + "_terms",
		sorts: sorts(k), searchSorts: searchSorts(k)}}
}

// Name is the singular name of the kind, "customer".
func (r *Resource[T]) Name() string { return r.k.name }

// New returns an empty record to fill and pass to Create.
func (r *Resource[T]) New() T { return r.k.newRecord() }

// Create validates rec's writable fields and stores it as a new record,
// emitting <kind>.created. Returns INVALID_ARGUMENT naming every bad field
// and CONFLICT naming the code when the tenant already has it.
func (r *Resource[T]) Create(ctx context.Context, rec T) (T, error) {
	var zero T
	if err := authz.Require(ctx, r.k.write); err != nil {
		return zero, err
	}
	if err := r.validate(ctx, rec); err != nil {
		return zero, err
	}
	now := time.Now().UTC().Truncate(time.Microsecond)
	*rec.meta() = Meta{ID: uuid.Must(uuid.NewV7()), Version: 1, CreatedBy: authz.Actor(ctx), CreatedAt: now, UpdatedAt: now}
	err := r.s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		if err := r.check(ctx, tx, rec); err != nil {
			return err
		}
		// The record and its event go with the COMMIT: one round trip
		// when nothing was checked.
		if err := r.store.deferInsert(tx, rec); err != nil {
			return err
		}
		return r.emit(ctx, tx, verbCreated, zero, rec, false)
	})
	if err != nil {
		return zero, r.store.translate(err, rec.project().code)
	}
	return rec, nil
}

// Get returns one record. Returns NOT_FOUND, also for another tenant's id.
func (r *Resource[T]) Get(ctx context.Context, id uuid.UUID) (T, error) {
	var rec T
	if err := authz.Require(ctx, r.k.read); err != nil {
		return rec, err
	}
	err := r.s.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) (err error) {
		rec, err = r.store.get(ctx, tx, id, false)
		return err
	})
	return rec, err
}

// GetMany returns the records with ids in one query, in the order of ids,
// with nil where an id is unknown (or another tenant's).
func (r *Resource[T]) GetMany(ctx context.Context, ids []uuid.UUID) ([]T, error) {
	if err := authz.Require(ctx, r.k.read); err != nil {
		return nil, err
	}
	var found []T
	err := r.s.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) (err error) {
		r.s.queries.WithLabelValues(r.k.plural, "get_many").Inc()
		found, err = r.store.getMany(ctx, tx, ids)
		return err
	})
	if err != nil {
		return nil, err
	}
	byID := make(map[uuid.UUID]T, len(found))
	for _, rec := range found {
		byID[rec.meta().ID] = rec
	}
	out := make([]T, len(ids))
	for i, id := range ids {
		out[i] = byID[id]
	}
	return out, nil
}

// List returns a page of records. Returns INVALID_ARGUMENT naming a bad
// filter or cursor.
func (r *Resource[T]) List(ctx context.Context, q ListQuery) (Page[T], error) {
	var page Page[T]
	if err := authz.Require(ctx, r.k.read); err != nil {
		return page, err
	}
	err := r.s.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) (err error) {
		page, err = r.store.list(ctx, tx, q)
		return err
	})
	return page, err
}

// check runs the kind's database validation for one record.
func (r *Resource[T]) check(ctx context.Context, tx *db.Tx, rec T) error {
	if r.k.check == nil {
		return nil
	}
	var c errs.Collector
	if err := r.k.check(ctx, tx, []T{rec}, func(int) *errs.Collector { return &c }); err != nil {
		return err
	}
	return c.Err()
}

func (r *Resource[T]) emit(ctx context.Context, tx *db.Tx, verb string, before, after T, hasBefore bool) error {
	d, err := draft(r.k, verb, before, after, hasBefore)
	if err != nil {
		return err
	}
	if err := r.s.events.Append(ctx, tx, d); err != nil {
		return fmt.Errorf("append %s: %w", d.Type, err)
	}
	return nil
}

// drafts builds the created events of many records.
func (r *Resource[T]) drafts(recs []T) ([]events.Draft, error) {
	var zero T
	out := make([]events.Draft, 0, len(recs))
	for _, rec := range recs {
		d, err := draft(r.k, verbCreated, zero, rec, false)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

// dated is a record that takes today's date where the client gave none.
type dated interface{ stamp(today string) }

// validate stamps a dated record with today in the tenant's timezone,
// then normalizes it: INVALID_ARGUMENT naming every bad field.
func (r *Resource[T]) validate(ctx context.Context, rec T) error {
	if d, ok := any(rec).(dated); ok {
		today, err := r.s.today(ctx)
		if err != nil {
			return err
		}
		d.stamp(today)
	}
	var c errs.Collector
	rec.normalize(&c)
	return c.Err()
}
