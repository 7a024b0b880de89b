package db

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// prelude returns the statements that must precede the next one: BEGIN
// and the settings before a transaction's first statement, the settings
// before each statement of a read, nothing otherwise. The tenant is a
// parameter, never text in the statement. Callers send what it returns,
// so it marks a write transaction begun.
func (t *Tx) prelude() []*pgx.QueuedQuery {
	if t.begun {
		return nil
	}
	setting := ""
	if !t.tenant.IsZero() {
		setting = t.tenant.String()
	}
	if t.set.read {
		return []*pgx.QueuedQuery{{SQL: readSettings, Arguments: []any{setting}}}
	}
	if t.set.single {
		t.sent = true
		sql := singleSettings
		if t.set.asyncCommit {
			sql = singleAsyncSettings
		}
		return []*pgx.QueuedQuery{{SQL: sql, Arguments: []any{setting}}}
	}
	t.begun = true
	settings := "select set_config('app.tenant_id', $1, true)"
	if t.set.asyncCommit {
		settings += ", set_config('synchronous_commit', 'off', true)"
	}
	return []*pgx.QueuedQuery{{SQL: "begin"}, {SQL: settings, Arguments: []any{setting}}}
}

// readSettings makes the implicit transaction of a read's statement act for
// the tenant and refuse writes. Both settings are local: they end with the
// statement's transaction, so nothing is left on the pooled connection.
const readSettings = "select set_config('app.tenant_id', $1, true), set_config('transaction_read_only', 'on', true)"

// singleSettings makes the implicit transaction of a Single act for the
// tenant, for that transaction only.
const singleSettings = "select set_config('app.tenant_id', $1, true)"

// singleAsyncSettings is singleSettings for a Single with AsyncCommit: the
// implicit transaction's commit does not wait for its WAL flush.
const singleAsyncSettings = "select set_config('app.tenant_id', $1, true), set_config('synchronous_commit', 'off', true)"

// commit ends a transaction that began; a commit the server answers with
// ROLLBACK (the transaction had failed) is an error.
func (t *Tx) commit(ctx context.Context) error {
	if t.set.read && len(t.deferred) > 0 {
		return errors.New("db: a statement deferred in a read")
	}
	if t.set.single {
		return t.commitSingle(ctx)
	}
	if !t.begun && len(t.deferred) == 0 {
		return nil
	}
	var tag pgconn.CommandTag
	var err error
	if pre := t.pending(); pre != nil {
		br := t.pipeline(ctx, pre, []*pgx.QueuedQuery{{SQL: "commit"}})
		tag, err = br.Exec()
		if cerr := br.Close(); err == nil {
			err = cerr
		}
	} else {
		tag, err = t.conn.Exec(ctx, "commit")
	}
	if err != nil {
		return err
	}
	if tag.String() == "ROLLBACK" {
		return pgx.ErrTxCommitRollback
	}
	return nil
}

// commitSingle ends a Single: its statement committed when it ran; a
// Single of deferred statements only sends them now, as one transaction.
func (t *Tx) commitSingle(ctx context.Context) error {
	if len(t.deferred) == 0 {
		return nil
	}
	if t.sent {
		return errors.New("db: a statement deferred after a Single's statement, which has committed")
	}
	return t.pipeline(ctx, t.pending(), nil).Close()
}

// rollback ends a transaction that began. Should it fail, the connection
// is left in a transaction and the pool discards it on release.
func (t *Tx) rollback(ctx context.Context) {
	if t.begun {
		_, _ = t.conn.Exec(context.WithoutCancel(ctx), "rollback")
	}
}
