package masterdata

import (
	"bytes"
	"context"
	"encoding/json"
	"strconv"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

// Update applies patch to the record's writable fields and stores the
// result as the next version, emitting <kind>.updated with the fields that
// changed. The record is locked for the transaction, so of two updates
// from the same version exactly one wins.
//
// A patch that changes nothing returns the record as it is.
//
// Returns NOT_FOUND, CONFLICT when expectedVersion is not the current
// version or the new code is taken, INVALID_ARGUMENT naming every bad
// field, and patch's error. An archived record is FAILED_PRECONDITION:
// restore it first.
func (r *Resource[T]) Update(ctx context.Context, id uuid.UUID, expectedVersion int, patch func(T) error) (T, error) {
	var zero T
	if err := authz.Require(ctx, r.k.write); err != nil {
		return zero, err
	}
	if expectedVersion < 1 {
		return zero, errs.Field("expectedVersion", "is required: the version the change was made from")
	}
	var out T
	err := r.s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		before, err := r.store.get(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if err := r.checkVersion(before, expectedVersion); err != nil {
			return err
		}
		if before.meta().Archived() {
			return errs.E(errs.FailedPrecondition, "%s %s is archived; restore it before changing it", r.k.name, id)
		}
		// A copy to patch, so the event can compare with before.
		after, err := r.clone(before)
		if err != nil {
			return err
		}
		if err := patch(after); err != nil {
			return err
		}
		if err := r.validate(ctx, after); err != nil {
			return err
		}
		if err := r.check(ctx, tx, after); err != nil {
			return err
		}
		if same, err := sameFields(before, after); err != nil || same {
			// Nothing changed: no new version, no event.
			out = before
			return err
		}
		m := after.meta()
		m.Version++
		m.UpdatedAt = time.Now().UTC().Truncate(time.Microsecond)
		if err := r.store.update(ctx, tx, after); err != nil {
			return err
		}
		out = after
		return r.emit(ctx, tx, verbUpdated, before, after, true)
	})
	if err != nil {
		return zero, err
	}
	return out, nil
}

// Archive hides the record from lists and new use without deleting it,
// since documents refer to it. expectedVersion 0 skips the version check.
// Returns NOT_FOUND, CONFLICT on a stale version, and FAILED_PRECONDITION
// when it is already archived.
func (r *Resource[T]) Archive(ctx context.Context, id uuid.UUID, expectedVersion int) (T, error) {
	return r.setArchived(ctx, id, expectedVersion, true)
}

// Restore brings an archived record back. Errors as Archive.
func (r *Resource[T]) Restore(ctx context.Context, id uuid.UUID, expectedVersion int) (T, error) {
	return r.setArchived(ctx, id, expectedVersion, false)
}

func (r *Resource[T]) setArchived(ctx context.Context, id uuid.UUID, expectedVersion int, archive bool) (T, error) {
	var zero, out T
	if err := authz.Require(ctx, r.k.write); err != nil {
		return zero, err
	}
	err := r.s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		rec, err := r.store.get(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if expectedVersion != 0 {
			if err := r.checkVersion(rec, expectedVersion); err != nil {
				return err
			}
		}
		m := rec.meta()
		if m.Archived() == archive {
			state := "archived"
			if !archive {
				state = "not archived"
			}
			return errs.E(errs.FailedPrecondition, "%s %s is already %s", r.k.name, id, state)
		}
		now := time.Now().UTC().Truncate(time.Microsecond)
		m.ArchivedAt = nil
		verb := verbRestored
		if archive {
			m.ArchivedAt, verb = &now, verbArchived
		}
		m.Version++
		m.UpdatedAt = now
		if err := r.store.update(ctx, tx, rec); err != nil {
			return err
		}
		out = rec
		return r.emit(ctx, tx, verb, zero, rec, false)
	})
	if err != nil {
		return zero, err
	}
	return out, nil
}

func (r *Resource[T]) checkVersion(rec T, expected int) error {
	if v := rec.meta().Version; v != expected {
		return &errs.Error{Code: errs.Conflict, Cause: errs.ErrStaleVersion,
			Message: "the " + r.k.name + " was changed by someone else: it is at version " + strconv.Itoa(v) + ", the change was made from " + strconv.Itoa(expected),
			Fields:  []errs.FieldError{{Field: "version", Message: "is stale"}}}
	}
	return nil
}

func sameFields(a, b Record) (bool, error) {
	fa, err := json.Marshal(a.writable())
	if err != nil {
		return false, err
	}
	fb, err := json.Marshal(b.writable())
	return bytes.Equal(fa, fb), err
}
