package db_test

import (
	"context"
	"errors"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// onePool opens a pool of one connection to url, so every call below runs on
// the same session.
func onePool(t *testing.T, url string) *db.Pool {
	t.Helper()
	pool, err := db.Open(context.Background(), url, db.Options{MaxConns: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	return pool
}

func TestReadSeesOnlyItsTenantAndLeavesNothingOnTheSession(t *testing.T) {
	t.Parallel()
	d := newDB(t)
	pool := onePool(t, d.AppURL)
	a, b := as(tenant.New()), as(tenant.New())
	id := addCustomer(t, a, pool, "bin-a")
	addCustomer(t, b, pool, "bin-b")

	var name string
	var queried, batched []string
	err := pool.ReadTenant(a, func(ctx context.Context, tx *db.Tx) error {
		if err := tx.QueryRow(ctx, "select name from shop.customers where id = $1::uuid", id).Scan(&name); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, "select bin from shop.customers order by bin")
		if err != nil {
			return err
		}
		if queried, err = pgx.CollectRows(rows, pgx.RowTo[string]); err != nil {
			return err
		}
		// Two statements of one batch share one read-only transaction.
		batch := &pgx.Batch{}
		for range 2 {
			batch.Queue("select bin from shop.customers").QueryRow(func(row pgx.Row) error {
				var bin string
				err := row.Scan(&bin)
				batched = append(batched, bin)
				return err
			})
		}
		return tx.SendBatch(ctx, batch).Close()
	})
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	if name != "Rahim Traders" || len(queried) != 1 || queried[0] != "bin-a" || len(batched) != 2 || batched[1] != "bin-a" {
		t.Fatalf("tenant A's Read saw name %q, rows %v, batch %v; want its one customer only", name, queried, batched)
	}

	// A statement of a Read that finds nothing says so, as pgx does.
	err = pool.ReadTenant(b, func(ctx context.Context, tx *db.Tx) error {
		return tx.QueryRow(ctx, "select name from shop.customers where id = $1::uuid", id).Scan(&name)
	})
	if !errors.Is(err, pgx.ErrNoRows) {
		t.Fatalf("tenant B reading tenant A's customer: %v, want no rows", err)
	}

	// The tenant and the read-only setting ended with each statement.
	setting, readOnly := sessionSetting(t, pool, "app.tenant_id"), sessionSetting(t, pool, "transaction_read_only")
	if setting != "" || readOnly != "off" {
		t.Fatalf("after Reads the session has app.tenant_id %q, transaction_read_only %q; want empty and off", setting, readOnly)
	}
}

func TestReadRefusesWritesAndRecoversFromAFailedStatement(t *testing.T) {
	t.Parallel()
	d := newDB(t)
	pool := onePool(t, d.AppURL)
	ctx := as(tenant.New())
	addCustomer(t, ctx, pool, "bin-a")

	err := pool.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) error {
		return addNote(ctx, tx, "sneaked in")
	})
	if err == nil {
		t.Fatal("an insert in a Read succeeded")
	}
	if n := count(t, ctx, pool, "shop.notes"); n != 0 {
		t.Fatalf("%d notes after a refused write, want 0", n)
	}
	err = pool.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) error {
		rows, err := tx.Query(ctx, "select name from shop.customers for update")
		if err != nil {
			return err
		}
		rows.Close()
		return rows.Err()
	})
	if err == nil {
		t.Fatal("a row lock in a Read succeeded")
	}

	// The one connection is usable again after the failures.
	var n int
	err = pool.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) error {
		return tx.QueryRow(ctx, "select count(*) from shop.customers").Scan(&n)
	})
	if err != nil || n != 1 {
		t.Fatalf("Read after failures: %d customers, %v; want 1", n, err)
	}
}
