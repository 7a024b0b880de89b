package db

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// Querier is what reads need: a Tx, a pgx connection or a pgxpool.Pool.
type Querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// Tx is one attempt of a transaction opened by InTenantTx or InTx, or of
// the reads of ReadTenant or Read. It offers the statements of pgx.Tx but
// not Commit or Rollback: the helper that opened it decides.
//
// BEGIN and the transaction's settings are not sent on their own: they go
// in one pipeline with the first statement, so a transaction costs one
// round trip less. In a read every statement carries its settings and is
// its own read-only transaction (see ReadTenant).
type Tx struct {
	conn   *pgxpool.Conn
	tenant tenant.ID
	set    txSettings
	begun  bool // BEGIN has been sent (never in a read or a Single)
	sent   bool // a Single's statement has been sent
	// deferred are statements sent with the next one or with COMMIT.
	deferred []*pgx.QueuedQuery
	after    []func(context.Context)
}

// Defer queues a statement whose result the caller does not need. It
// reaches the server in the same round trip as the transaction's next
// statement or its COMMIT, after the statements before it; its error fails
// the transaction, reported by that statement or by the commit. A read,
// which cannot write, fails with it.
func (t *Tx) Defer(sql string, args ...any) {
	t.deferred = append(t.deferred, &pgx.QueuedQuery{SQL: sql, Arguments: args})
}

// pending returns the prelude and the deferred statements, which must
// precede the next statement.
func (t *Tx) pending() []*pgx.QueuedQuery {
	pre := t.prelude()
	if len(t.deferred) > 0 {
		pre = append(pre, t.deferred...)
		t.deferred = nil
	}
	return pre
}

// Tenant returns the tenant the transaction runs as; tenant.Nil in InTx.
func (t *Tx) Tenant() tenant.ID { return t.tenant }

// AfterCommit registers fn to run once the transaction has committed, for
// effects that must not happen on rollback (waking the outbox relay,
// dropping a cache entry). An attempt that is retried drops its hooks, since
// the closure registers them again.
func (t *Tx) AfterCommit(fn func(ctx context.Context)) { t.after = append(t.after, fn) }

// errSecondStatement refuses a statement after a Single's one statement:
// it would be a transaction of its own.
var errSecondStatement = errors.New("db: a second statement in a Single, which commits with its first")

// guard refuses what a Single cannot do once its statement was sent.
func (t *Tx) guard() error {
	if t.set.single && t.sent {
		return errSecondStatement
	}
	return nil
}

// Exec runs a statement.
func (t *Tx) Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error) {
	if err := t.guard(); err != nil {
		return pgconn.CommandTag{}, err
	}
	pre := t.pending()
	if pre == nil {
		return t.conn.Exec(ctx, sql, args...)
	}
	br := t.pipeline(ctx, pre, []*pgx.QueuedQuery{{SQL: sql, Arguments: args}})
	tag, err := br.Exec()
	if cerr := br.Close(); err == nil {
		err = cerr
	}
	return tag, err
}

// Query runs a query returning rows.
func (t *Tx) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	if err := t.guard(); err != nil {
		return failedRows{err: err}, err
	}
	pre := t.pending()
	if pre == nil {
		return t.conn.Query(ctx, sql, args...)
	}
	br := t.pipeline(ctx, pre, []*pgx.QueuedQuery{{SQL: sql, Arguments: args}})
	rows, err := br.Query()
	if err != nil {
		rows.Close()
		br.Close()
		return rows, err
	}
	return &pipelineRows{Rows: rows, br: br}, nil
}

// QueryRow runs a query returning at most one row.
func (t *Tx) QueryRow(ctx context.Context, sql string, args ...any) pgx.Row {
	if err := t.guard(); err != nil {
		return &pipelineRow{err: err}
	}
	if t.begun && len(t.deferred) == 0 {
		return t.conn.QueryRow(ctx, sql, args...)
	}
	rows, err := t.Query(ctx, sql, args...)
	return &pipelineRow{rows: rows, err: err}
}

// SendBatch sends several statements in one round trip. In a read they
// share one read-only transaction.
func (t *Tx) SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults {
	if err := t.guard(); err != nil {
		return failedBatch{err: err}
	}
	pre := t.pending()
	if pre == nil {
		return t.conn.SendBatch(ctx, b)
	}
	return t.pipeline(ctx, pre, b.QueuedQueries)
}

// CopyFrom bulk-loads rows with COPY. A read refuses it.
func (t *Tx) CopyFrom(ctx context.Context, table pgx.Identifier, columns []string, src pgx.CopyFromSource) (int64, error) {
	if t.set.read {
		return 0, errors.New("db: COPY in a read")
	}
	if t.set.single {
		return 0, errors.New("db: COPY in a Single")
	}
	if pre := t.pending(); pre != nil {
		if err := t.pipeline(ctx, pre, nil).Close(); err != nil {
			return 0, err
		}
	}
	return t.conn.CopyFrom(ctx, table, columns, src)
}
