package db

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/vextrus/vextrus/internal/platform/tenant"
)

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
	return p.run(ctx, id, fn, settings(opts))
}

// InTx runs fn in a transaction that belongs to no tenant, for platform
// tables without tenant_id and for the explicit cross-tenant functions.
// Tenant rows stay invisible in it. Retries and errors are as in InTenantTx.
func (p *Pool) InTx(ctx context.Context, fn func(ctx context.Context, tx *Tx) error, opts ...TxOption) error {
	return p.run(ctx, tenant.Nil, fn, settings(opts))
}

// TxOption adjusts a transaction opened by InTenantTx or InTx.
type TxOption func(*txSettings)

type txSettings struct {
	asyncCommit bool
	read        bool // set by ReadTenant and Read only
	single      bool
}

func settings(opts []TxOption) txSettings {
	var set txSettings
	for _, o := range opts {
		o(&set)
	}
	return set
}

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
// the flush). It holds for a Single too, whose statement then commits
// without waiting for the flush.
func AsyncCommit() TxOption { return func(s *txSettings) { s.asyncCommit = true } }

func (p *Pool) run(ctx context.Context, id tenant.ID, fn func(context.Context, *Tx) error, set txSettings) error {
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
	conn, err := p.acquire(ctx)
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
