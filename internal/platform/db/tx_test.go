package db_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// raise40001 makes the server report a serialization failure, as a lost
// SERIALIZABLE race would.
const raise40001 = `do $$ begin raise exception 'simulated conflict' using errcode = '40001'; end $$`

func TestInTenantTxRetriesSerializationFailure(t *testing.T) {
	t.Parallel()
	d := newDB(t)
	ctx := as(tenant.New())
	attempts, hooks := 0, 0
	err := d.App.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		attempts++
		tx.AfterCommit(func(context.Context) { hooks++ })
		if err := addNote(ctx, tx, "attempt"); err != nil {
			return err
		}
		if attempts == 1 {
			_, err := tx.Exec(ctx, raise40001)
			return err
		}
		return nil
	})
	if err != nil {
		t.Fatalf("InTenantTx: %v", err)
	}
	if attempts != 2 {
		t.Errorf("closure ran %d times, want 2", attempts)
	}
	if hooks != 1 {
		t.Errorf("after-commit hooks ran %d times, want once, for the committed attempt", hooks)
	}
	if n := count(t, ctx, d.App, "shop.notes"); n != 1 {
		t.Errorf("%d notes committed, want only the second attempt's", n)
	}
}

func TestInTenantTxRetriesRealDeadlock(t *testing.T) {
	t.Parallel()
	d := newDB(t)
	ctx := as(tenant.New())
	first := addCustomer(t, ctx, d.App, "bin-a")
	second := addCustomer(t, ctx, d.App, "bin-b")

	// Two transactions lock the same rows in opposite orders; PostgreSQL
	// aborts one with 40P01 and InTenantTx runs it again.
	var bothLocked sync.WaitGroup
	bothLocked.Add(2)
	var attempts atomic.Int32
	update := func(ids ...string) error {
		tried := false
		return d.App.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
			attempts.Add(1)
			for i, id := range ids {
				if _, err := tx.Exec(ctx, "update shop.customers set credit_limit = credit_limit + 1 where id = $1::uuid", id); err != nil {
					return err
				}
				if i == 0 && !tried {
					tried = true
					bothLocked.Done()
					bothLocked.Wait()
				}
			}
			return nil
		})
	}
	errc := make(chan error, 2)
	go func() { errc <- update(first, second) }()
	go func() { errc <- update(second, first) }()
	for range 2 {
		if err := <-errc; err != nil {
			t.Fatalf("update: %v", err)
		}
	}
	if n := attempts.Load(); n < 3 {
		t.Errorf("closures ran %d times, want a retry after the deadlock", n)
	}
	var total int64
	err := d.App.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		return tx.QueryRow(ctx, "select sum(credit_limit) from shop.customers").Scan(&total)
	})
	if err != nil || total != 4 {
		t.Fatalf("credit limits sum to %d (err %v), want 4: both transactions applied once", total, err)
	}
}

func TestInTenantTxGivesUpOnPersistentConflict(t *testing.T) {
	t.Parallel()
	d := newDB(t)
	attempts := 0
	err := d.App.InTenantTx(as(tenant.New()), func(ctx context.Context, tx *db.Tx) error {
		attempts++
		_, err := tx.Exec(ctx, raise40001)
		return err
	})
	if errs.CodeOf(err) != errs.Unavailable {
		t.Fatalf("err = %v, want UNAVAILABLE", err)
	}
	if attempts < 2 || attempts > 10 {
		t.Fatalf("closure ran %d times, want a few retries", attempts)
	}
}

func TestInTenantTxRollsBackOnError(t *testing.T) {
	t.Parallel()
	d := newDB(t)
	ctx := as(tenant.New())
	refused := errs.E(errs.FailedPrecondition, "credit limit exceeded")
	attempts, hooks := 0, 0
	err := d.App.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		attempts++
		tx.AfterCommit(func(context.Context) { hooks++ })
		if err := addNote(ctx, tx, "x"); err != nil {
			return err
		}
		return refused
	})
	if !errors.Is(err, refused) || attempts != 1 || hooks != 0 {
		t.Fatalf("err = %v, attempts = %d, hooks = %d; want the closure's error once, no hook", err, attempts, hooks)
	}
	if n := count(t, ctx, d.App, "shop.notes"); n != 0 {
		t.Fatalf("%d notes survived the rollback", n)
	}
}

func TestTxReportsItsTenant(t *testing.T) {
	t.Parallel()
	d := newDB(t)
	id := tenant.New()
	var seen string
	err := d.App.InTenantTx(as(id), func(ctx context.Context, tx *db.Tx) error {
		if tx.Tenant() != id {
			t.Errorf("Tenant() = %v, want %v", tx.Tenant(), id)
		}
		return tx.QueryRow(ctx, "select current_setting('app.tenant_id')").Scan(&seen)
	})
	if err != nil || seen != id.String() {
		t.Fatalf("app.tenant_id = %q (err %v), want %s", seen, err, id)
	}
}

func TestAsyncCommitHoldsForItsTransactionOnly(t *testing.T) {
	t.Parallel()
	d := newDB(t)
	// The test server commits asynchronously throughout; this database
	// commits durably by default, as a production one does.
	if _, err := d.Admin.Exec(context.Background(), "alter database "+d.Name+" set synchronous_commit = on"); err != nil {
		t.Fatal(err)
	}
	// One connection, so every transaction below runs on the same session.
	pool, err := db.Open(context.Background(), d.AppURL, db.Options{MaxConns: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	ctx := as(tenant.New())
	setting := func(opts ...db.TxOption) (sync, tenantID string) {
		t.Helper()
		err := pool.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
			return tx.QueryRow(ctx, "select current_setting('synchronous_commit'), current_setting('app.tenant_id')").
				Scan(&sync, &tenantID)
		}, opts...)
		if err != nil {
			t.Fatal(err)
		}
		return sync, tenantID
	}
	if got, _ := setting(); got != "on" {
		t.Fatalf("by default synchronous_commit = %q, want on", got)
	}
	if got, tid := setting(db.AsyncCommit()); got != "off" || tid == "" {
		t.Fatalf("with AsyncCommit: synchronous_commit = %q, tenant %q; want off and the tenant", got, tid)
	}
	if got, _ := setting(); got != "on" {
		t.Fatalf("after an AsyncCommit transaction: synchronous_commit = %q, want on", got)
	}
	if got, tid := setting(db.Single(), db.AsyncCommit()); got != "off" || tid == "" {
		t.Fatalf("a Single with AsyncCommit: synchronous_commit = %q, tenant %q; want off and the tenant", got, tid)
	}
	if got, tid := setting(db.Single()); got != "on" || tid == "" {
		t.Fatalf("a Single after an AsyncCommit one: synchronous_commit = %q, tenant %q; want on and the tenant", got, tid)
	}
}

func TestTransactionThatFailedDoesNotCommitEvenIfTheClosureSaysSo(t *testing.T) {
	t.Parallel()
	d := newDB(t)
	pool := onePool(t, d.AppURL)
	ctx := as(tenant.New())
	insert := func(ctx context.Context, tx *db.Tx) error { return addNote(ctx, tx, "kept?") }

	// The closure ignores a failed statement: the server has aborted the
	// transaction, and its commit must not pass for a success.
	err := pool.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		if err := insert(ctx, tx); err != nil {
			return err
		}
		_, _ = tx.Exec(ctx, "select 1/0")
		return nil
	})
	if err == nil {
		t.Fatal("a transaction with a failed statement reported success")
	}
	// A closure that fails after writing rolls back.
	err = pool.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		if err := insert(ctx, tx); err != nil {
			return err
		}
		return errors.New("changed my mind")
	})
	if err == nil {
		t.Fatal("a failed closure reported success")
	}
	if n := count(t, ctx, pool, "shop.notes"); n != 0 {
		t.Fatalf("%d notes after two failed transactions, want 0", n)
	}
	// The one connection is out of any transaction and still usable.
	if err := pool.InTenantTx(ctx, insert); err != nil {
		t.Fatal(err)
	}
	if n := count(t, ctx, pool, "shop.notes"); n != 1 {
		t.Fatalf("%d notes after a committed insert, want 1", n)
	}
}

func TestDeferredStatementsRunBeforeTheNextAndFailTheTransaction(t *testing.T) {
	t.Parallel()
	d := newDB(t)
	ctx := as(tenant.New())

	// Deferred alone: sent with the commit.
	err := d.App.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		tx.Defer(noteSQL, tx.Tenant().String(), "with the commit")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Deferred, then a statement that must see it.
	var seen int
	err = d.App.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		tx.Defer(noteSQL, tx.Tenant().String(), "before the count")
		return tx.QueryRow(ctx, "select count(*) from shop.notes").Scan(&seen)
	})
	if err != nil || seen != 2 {
		t.Fatalf("a statement after a deferred insert counted %d notes (%v), want 2", seen, err)
	}
	// A deferred statement that fails fails the transaction at its
	// commit, and what ran before it goes too.
	err = d.App.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		if err := addNote(ctx, tx, "rolled back"); err != nil {
			return err
		}
		tx.Defer(noteSQL, tx.Tenant().String(), nil)
		return nil
	})
	if !errs.Is(err, errs.InvalidArgument) {
		t.Fatalf("a deferred insert of a null body: %v, want INVALID_ARGUMENT naming body", err)
	}
	if n := count(t, ctx, d.App, "shop.notes"); n != 2 {
		t.Fatalf("%d notes, want the 2 committed ones", n)
	}
	// A Read cannot carry a deferred write.
	err = d.App.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) error {
		tx.Defer(noteSQL, tx.Tenant().String(), "in a read")
		return nil
	})
	if err == nil {
		t.Fatal("a Read committed a deferred insert")
	}
	if n := count(t, ctx, d.App, "shop.notes"); n != 2 {
		t.Fatalf("%d notes after the Read, want 2", n)
	}
}
