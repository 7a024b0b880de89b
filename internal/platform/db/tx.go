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
// that opened it decides.
//
// BEGIN and the transaction's settings are not sent on their own: they go
// in one pipeline with the first statement, so a transaction costs one
// round trip less. In a Read every statement carries its settings and is
// its own read-only transaction (see Read).
type Tx struct {
	conn   *pgxpool.Conn
	tenant tenant.ID
	set    txSettings
	begun  bool // BEGIN has been sent (never in a Read or a Single)
	sent   bool // a Single's statement has been sent
	// deferred are statements sent with the next one or with COMMIT.
	deferred []*pgx.QueuedQuery
	after    []func(context.Context)
}

// Defer queues a statement whose result the caller does not need. It
// reaches the server in the same round trip as the transaction's next
// statement or its COMMIT, after the statements before it; its error fails
// the transaction, reported by that statement or by the commit. A Read,
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

// prelude returns the statements that must precede the next one: BEGIN
// and the settings before a transaction's first statement, the settings
// before each statement of a Read, nothing otherwise. The tenant is a
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
		return []*pgx.QueuedQuery{{SQL: singleSettings, Arguments: []any{setting}}}
	}
	t.begun = true
	settings := "select set_config('app.tenant_id', $1, true)"
	if t.set.asyncCommit {
		settings += ", set_config('synchronous_commit', 'off', true)"
	}
	return []*pgx.QueuedQuery{{SQL: "begin"}, {SQL: settings, Arguments: []any{setting}}}
}

// readSettings makes the implicit transaction of a Read statement act for
// the tenant and refuse writes. Both settings are local: they end with the
// statement's transaction, so nothing is left on the pooled connection.
const readSettings = "select set_config('app.tenant_id', $1, true), set_config('transaction_read_only', 'on', true)"

// singleSettings makes the implicit transaction of a Single act for the
// tenant, for that transaction only.
const singleSettings = "select set_config('app.tenant_id', $1, true)"

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

// pipeline sends pre and then queries in one round trip and reads pre's
// results, leaving the queries' for the caller.
func (t *Tx) pipeline(ctx context.Context, pre, queries []*pgx.QueuedQuery) pgx.BatchResults {
	b := &pgx.Batch{QueuedQueries: append(pre, queries...)}
	return &afterPrelude{BatchResults: t.conn.SendBatch(ctx, b), skip: len(pre)}
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

// SendBatch sends several statements in one round trip. In a Read they
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

// CopyFrom bulk-loads rows with COPY. A Read refuses it.
func (t *Tx) CopyFrom(ctx context.Context, table pgx.Identifier, columns []string, src pgx.CopyFromSource) (int64, error) {
	if t.set.read {
		return 0, errors.New("db: COPY in a read-only Read")
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

// commit ends a transaction that began; a commit the server answers with
// ROLLBACK (the transaction had failed) is an error.
func (t *Tx) commit(ctx context.Context) error {
	if t.set.read && len(t.deferred) > 0 {
		return errors.New("db: a statement deferred in a read-only Read")
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

// afterPrelude are a pipeline's results after its prelude: the prelude's
// results are read before the first of the caller's.
type afterPrelude struct {
	pgx.BatchResults
	skip int
	err  error
}

func (r *afterPrelude) skipPrelude() error {
	for ; r.skip > 0 && r.err == nil; r.skip-- {
		_, r.err = r.BatchResults.Exec()
	}
	return r.err
}

func (r *afterPrelude) Exec() (pgconn.CommandTag, error) {
	if err := r.skipPrelude(); err != nil {
		return pgconn.CommandTag{}, err
	}
	return r.BatchResults.Exec()
}

func (r *afterPrelude) Query() (pgx.Rows, error) {
	err := r.skipPrelude()
	rows, qerr := r.BatchResults.Query()
	if err != nil {
		rows.Close()
		return rows, err
	}
	return rows, qerr
}

func (r *afterPrelude) QueryRow() pgx.Row {
	if err := r.skipPrelude(); err != nil {
		return &pipelineRow{err: err}
	}
	return r.BatchResults.QueryRow()
}

func (r *afterPrelude) Close() error {
	err := r.BatchResults.Close()
	if r.err != nil {
		return r.err
	}
	return err
}

// pipelineRows are the rows of a statement sent with a prelude; closing
// them, or reading past the last, also ends the pipeline so the
// connection is free again.
type pipelineRows struct {
	pgx.Rows
	br     pgx.BatchResults
	closed bool
	err    error
}

func (r *pipelineRows) Next() bool {
	if r.Rows.Next() {
		return true
	}
	r.Close()
	return false
}

func (r *pipelineRows) Close() {
	if r.closed {
		return
	}
	r.closed = true
	r.Rows.Close()
	r.err = r.br.Close()
}

func (r *pipelineRows) Err() error {
	if err := r.Rows.Err(); err != nil {
		return err
	}
	return r.err
}

// failedRows and failedBatch answer a statement that was never sent.
// They embed the interfaces for the methods an answer without rows never
// reaches.
type failedRows struct {
	pgx.Rows
	err error
}

func (r failedRows) Close()                                       {}
func (r failedRows) Err() error                                   { return r.err }
func (r failedRows) CommandTag() pgconn.CommandTag                { return pgconn.CommandTag{} }
func (r failedRows) FieldDescriptions() []pgconn.FieldDescription { return nil }
func (r failedRows) Next() bool                                   { return false }
func (r failedRows) Scan(...any) error                            { return r.err }
func (r failedRows) Values() ([]any, error)                       { return nil, r.err }
func (r failedRows) RawValues() [][]byte                          { return nil }

type failedBatch struct {
	pgx.BatchResults
	err error
}

func (b failedBatch) Exec() (pgconn.CommandTag, error) { return pgconn.CommandTag{}, b.err }
func (b failedBatch) Query() (pgx.Rows, error)         { return failedRows{err: b.err}, b.err }
func (b failedBatch) QueryRow() pgx.Row                { return &pipelineRow{err: b.err} }
func (b failedBatch) Close() error                     { return b.err }

// pipelineRow is QueryRow's answer for a statement sent with a prelude,
// with pgx.Row's contract: no row is pgx.ErrNoRows.
type pipelineRow struct {
	rows pgx.Rows
	err  error
}

func (r *pipelineRow) Scan(dest ...any) error {
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
	single      bool
}

// Read runs the closure's statements without BEGIN and COMMIT, for reads:
// each statement reaches the server in one pipeline with the tenant
// setting and a read-only setting, and the two run as one implicit
// transaction that ends with the statement. A read then costs one round
// trip instead of two (the statement with BEGIN, then COMMIT).
//
// What changes against a transaction: each statement sees its own
// snapshot, as it already does under READ COMMITTED, the isolation every
// transaction here uses, and now() moves between statements. A statement
// that writes or locks rows fails with READ ONLY SQL TRANSACTION
// (translated to INTERNAL), so a Read cannot be misused to write. Several
// statements that must share one snapshot go together through SendBatch.
func Read() TxOption { return func(s *txSettings) { s.read = true } }

// Single runs the closure's one statement as a transaction of its own,
// without BEGIN and COMMIT: the statement reaches the server in one
// pipeline with the tenant setting, and the two commit together as the
// statement ends. A write that is one statement (a data-modifying WITH
// can hold several) then costs one round trip instead of two.
//
// The statement has committed, durably, once its rows are read: a closure
// that fails after it does not undo it, so Single suits closures whose
// only effect is that statement. A second statement, or a statement
// deferred after the first, fails with an error rather than run as a
// transaction of its own; SendBatch sends several as one.
func Single() TxOption { return func(s *txSettings) { s.single = true } }

// AsyncCommit lets the transaction's commit return before its WAL record
// reaches the disk (synchronous_commit off for this transaction only).
// It saves a flush of several milliseconds, and a crash of the database
// server soon after may undo the transaction, atomically and without
// corrupting anything. Use it only where that loses nothing: the work
// is redone from elsewhere, as a relay republishes what it marked sent
// and a consumer is given again what it handled (its offsets wait for
// the flush).
func AsyncCommit() TxOption { return func(s *txSettings) { s.asyncCommit = true } }

func (p *Pool) run(ctx context.Context, id tenant.ID, fn func(context.Context, *Tx) error, opts []TxOption) error {
	var set txSettings
	for _, o := range opts {
		o(&set)
	}
	for attempt := 1; ; attempt++ {
		t, err := p.attempt(ctx, id, set, fn)
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

func (p *Pool) attempt(ctx context.Context, id tenant.ID, set txSettings, fn func(context.Context, *Tx) error) (*Tx, error) {
	conn, err := p.pool.Acquire(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Release()
	t := &Tx{conn: conn, tenant: id, set: set}
	if err := fn(ctx, t); err != nil {
		t.rollback(ctx)
		return nil, err
	}
	if err := t.commit(ctx); err != nil {
		t.rollback(ctx)
		return nil, err
	}
	return t, nil
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
