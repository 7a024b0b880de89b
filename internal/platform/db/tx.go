package db

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// Querier is what reads need: a Tx, a pgx connection or a pgxpool.Pool.
type Querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// Tx is one attempt of a transaction opened by InTenantTx or InTx. It
// offers the statements of pgx.Tx but not Commit or Rollback: the helper
// that opened it decides. In a Read, each statement is its own read-only
// transaction (see Read).
type Tx struct {
	tx     pgx.Tx        // the transaction; nil in a Read
	conn   *pgxpool.Conn // a Read's connection
	tenant tenant.ID
	after  []func(context.Context)
}

// Tenant returns the tenant the transaction runs as; tenant.Nil in InTx.
func (t *Tx) Tenant() tenant.ID { return t.tenant }

// AfterCommit registers fn to run once the transaction has committed, for
// effects that must not happen on rollback (waking the outbox relay,
// dropping a cache entry). An attempt that is retried drops its hooks, since
// the closure registers them again.
func (t *Tx) AfterCommit(fn func(ctx context.Context)) { t.after = append(t.after, fn) }

// Exec runs a statement.
func (t *Tx) Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error) {
	if t.tx == nil {
		br := t.readBatch(ctx, sql, args)
		tag, err := br.Exec()
		return tag, errors.Join(err, br.Close())
	}
	return t.tx.Exec(ctx, sql, args...)
}

// Query runs a query returning rows.
func (t *Tx) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	if t.tx == nil {
		br := t.readBatch(ctx, sql, args)
		rows, err := br.Query()
		if err != nil {
			rows.Close()
			return rows, errors.Join(err, br.Close())
		}
		return &readRows{Rows: rows, br: br}, nil
	}
	return t.tx.Query(ctx, sql, args...)
}

// QueryRow runs a query returning at most one row.
func (t *Tx) QueryRow(ctx context.Context, sql string, args ...any) pgx.Row {
	if t.tx == nil {
		rows, err := t.Query(ctx, sql, args...)
		return &readRow{rows: rows, err: err}
	}
	return t.tx.QueryRow(ctx, sql, args...)
}

// SendBatch sends several statements in one round trip. In a Read they
// share one read-only transaction.
func (t *Tx) SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults {
	if t.tx == nil {
		in := &pgx.Batch{QueuedQueries: append([]*pgx.QueuedQuery{t.readPrelude()}, b.QueuedQueries...)}
		return &readBatchResults{BatchResults: t.conn.SendBatch(ctx, in)}
	}
	return t.tx.SendBatch(ctx, b)
}

// CopyFrom bulk-loads rows with COPY. A Read refuses it.
func (t *Tx) CopyFrom(ctx context.Context, table pgx.Identifier, columns []string, src pgx.CopyFromSource) (int64, error) {
	if t.tx == nil {
		return 0, errors.New("db: COPY in a read-only Read")
	}
	return t.tx.CopyFrom(ctx, table, columns, src)
}

// maxAttempts bounds the retries of a transaction that lost a serialization
// or deadlock race; more contention than that is a design problem to see.
const maxAttempts = 5

// InTenantTx runs fn in a transaction as the tenant of ctx: app.tenant_id is
// set for this transaction only, so row-level security confines every
// statement to that tenant. The transaction commits when fn returns nil and
// rolls back otherwise. On a serialization failure or deadlock the whole
// closure runs again, a few times, after a short jittered pause; fn must
// therefore have no effects outside the transaction (use AfterCommit).
//
// Returns UNAUTHENTICATED when ctx has no tenant, fn's error as is when it
// carries a platform code, and driver errors translated by Translate.
func (p *Pool) InTenantTx(ctx context.Context, fn func(ctx context.Context, tx *Tx) error, opts ...TxOption) error {
	id, err := tenant.Require(ctx)
	if err != nil {
		return err
	}
	return p.run(ctx, id, fn, opts)
}

// InTx runs fn in a transaction that belongs to no tenant, for platform
// tables without tenant_id and for the explicit cross-tenant functions.
// Tenant rows stay invisible in it. Retries and errors are as in InTenantTx.
func (p *Pool) InTx(ctx context.Context, fn func(ctx context.Context, tx *Tx) error, opts ...TxOption) error {
	return p.run(ctx, tenant.Nil, fn, opts)
}

// TxOption adjusts a transaction opened by InTenantTx or InTx.
type TxOption func(*txSettings)

type txSettings struct {
	asyncCommit bool
	read        bool
}

// Read runs the closure's statements without BEGIN and COMMIT, for reads:
// each statement reaches the server in one pipeline with the tenant
// setting and a read-only setting, and the two run as one implicit
// transaction that ends with the statement. A statement then costs one
// round trip instead of three for the first (begin, statement, commit).
//
// What changes against a transaction: each statement sees its own
// snapshot, as it already does under READ COMMITTED, the isolation every
// transaction here uses, and now() moves between statements. A statement
// that writes or locks rows fails with READ ONLY SQL TRANSACTION
// (translated to INTERNAL), so a Read cannot be misused to write. Several
// statements that must share one snapshot go together through SendBatch.
func Read() TxOption { return func(s *txSettings) { s.read = true } }

// AsyncCommit lets the transaction's commit return before its WAL record
// reaches the disk (synchronous_commit off for this transaction only).
// It saves a flush of several milliseconds, and a crash of the database
// server soon after may undo the transaction, atomically and without
// corrupting anything. Use it only where that loses nothing: the work
// is redone from elsewhere, as a relay republishes what it marked sent.
func AsyncCommit() TxOption { return func(s *txSettings) { s.asyncCommit = true } }

func (p *Pool) run(ctx context.Context, id tenant.ID, fn func(context.Context, *Tx) error, opts []TxOption) error {
	var set txSettings
	for _, o := range opts {
		o(&set)
	}
	begin := beginQuery(id, set)
	for attempt := 1; ; attempt++ {
		var t *Tx
		var err error
		if set.read {
			t, err = p.read(ctx, id, fn)
		} else {
			t, err = p.attempt(ctx, id, begin, fn)
		}
		if err == nil {
			for _, hook := range t.after {
				hook(ctx)
			}
			return nil
		}
		if !retryable(err) || attempt == maxAttempts {
			return Translate(err)
		}
		pause := time.NewTimer(backoff(attempt))
		select {
		case <-ctx.Done():
			pause.Stop()
			return Translate(err)
		case <-pause.C:
		}
	}
}

// beginQuery is BEGIN with the transaction's settings, one simple-protocol
// message: one round trip per transaction instead of one per setting. The
// tenant value is a tenant.ID's canonical UUID text (hex digits and dashes)
// or empty, never caller text, so writing it into the statement is safe.
// An empty value for InTx also clears anything a misbehaving session might
// have left on this pooled connection.
func beginQuery(id tenant.ID, set txSettings) string {
	setting := ""
	if !id.IsZero() {
		setting = id.String()
	}
	q := "begin; select set_config('app.tenant_id', '" + setting + "', true)"
	if set.asyncCommit {
		q += ", set_config('synchronous_commit', 'off', true)"
	}
	return q
}

func (p *Pool) attempt(ctx context.Context, id tenant.ID, begin string, fn func(context.Context, *Tx) error) (*Tx, error) {
	tx, err := p.pool.BeginTx(ctx, pgx.TxOptions{BeginQuery: begin})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback(context.WithoutCancel(ctx)) // no-op after Commit
	t := &Tx{tx: tx, tenant: id}
	if err := fn(ctx, t); err != nil {
		return nil, err
	}
	if err := tx.Commit(ctx); err != nil {
		return nil, err
	}
	return t, nil
}

// read runs fn on one pooled connection in Read mode.
func (p *Pool) read(ctx context.Context, id tenant.ID, fn func(context.Context, *Tx) error) (*Tx, error) {
	conn, err := p.pool.Acquire(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Release()
	t := &Tx{conn: conn, tenant: id}
	if err := fn(ctx, t); err != nil {
		return nil, err
	}
	return t, nil
}

// readSettings makes the implicit transaction of a Read statement act for
// the tenant and refuse writes. Both settings are local: they end with the
// statement's transaction, so nothing is left on the pooled connection.
const readSettings = "select set_config('app.tenant_id', $1, true), set_config('transaction_read_only', 'on', true)"

func (t *Tx) readPrelude() *pgx.QueuedQuery {
	setting := ""
	if !t.tenant.IsZero() {
		setting = t.tenant.String()
	}
	return &pgx.QueuedQuery{SQL: readSettings, Arguments: []any{setting}}
}

// readBatch sends the settings and one statement in one pipeline, leaving
// the statement's result for the caller.
func (t *Tx) readBatch(ctx context.Context, sql string, args []any) pgx.BatchResults {
	return t.SendBatch(ctx, &pgx.Batch{QueuedQueries: []*pgx.QueuedQuery{{SQL: sql, Arguments: args}}})
}

// readBatchResults are a Read pipeline's results after its settings: the
// settings' result is read before the first of the caller's.
type readBatchResults struct {
	pgx.BatchResults
	settings error
	read     bool
}

func (r *readBatchResults) skipSettings() error {
	if !r.read {
		r.read = true
		_, r.settings = r.BatchResults.Exec()
	}
	return r.settings
}

func (r *readBatchResults) Exec() (pgconn.CommandTag, error) {
	if err := r.skipSettings(); err != nil {
		return pgconn.CommandTag{}, err
	}
	return r.BatchResults.Exec()
}

func (r *readBatchResults) Query() (pgx.Rows, error) {
	err := r.skipSettings()
	rows, qerr := r.BatchResults.Query()
	if err != nil {
		rows.Close()
		return rows, err
	}
	return rows, qerr
}

func (r *readBatchResults) QueryRow() pgx.Row {
	if err := r.skipSettings(); err != nil {
		return &readRow{err: err}
	}
	return r.BatchResults.QueryRow()
}

// readRows are a Read statement's rows; closing them, or reading past the
// last, also ends the pipeline so the connection is free again.
type readRows struct {
	pgx.Rows
	br     pgx.BatchResults
	closed bool
	err    error
}

func (r *readRows) Next() bool {
	if r.Rows.Next() {
		return true
	}
	r.Close()
	return false
}

func (r *readRows) Close() {
	if r.closed {
		return
	}
	r.closed = true
	r.Rows.Close()
	r.err = r.br.Close()
}

func (r *readRows) Err() error {
	if err := r.Rows.Err(); err != nil {
		return err
	}
	return r.err
}

// readRow is QueryRow's answer in a Read, with pgx.Row's contract: no row
// is pgx.ErrNoRows.
type readRow struct {
	rows pgx.Rows
	err  error
}

func (r *readRow) Scan(dest ...any) error {
	if r.err != nil {
		return r.err
	}
	defer r.rows.Close()
	if !r.rows.Next() {
		if err := r.rows.Err(); err != nil {
			return err
		}
		return pgx.ErrNoRows
	}
	if err := r.rows.Scan(dest...); err != nil {
		return err
	}
	r.rows.Close()
	return r.rows.Err()
}

// retryable reports a serialization failure or deadlock anywhere in err's
// chain; the transaction was rolled back and running it again may succeed.
func retryable(err error) bool {
	var pg *pgconn.PgError
	return errors.As(err, &pg) && (pg.Code == codeSerializationFailure || pg.Code == codeDeadlock)
}

// backoff grows from about 5 ms and is jittered so that the transactions
// that collided do not collide again.
func backoff(attempt int) time.Duration {
	d := 5 * time.Millisecond << (attempt - 1)
	return d/2 + rand.N(d/2+1)
}
