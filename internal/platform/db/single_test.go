package db_test

import (
	"context"
	"errors"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

func TestSingleWritesForItsTenantAndLeavesNothingOnTheSession(t *testing.T) {
	t.Parallel()
	d := newDB(t)
	pool := onePool(t, d.AppURL)
	a, b := as(tenant.New()), as(tenant.New())

	var id string
	err := pool.InTenantTx(a, func(ctx context.Context, tx *db.Tx) error {
		return tx.QueryRow(ctx, `insert into shop.customers (tenant_id, bin, name)
			values ($1::uuid, 'bin-a', 'Karim Steel') returning id::text`, tx.Tenant().String()).Scan(&id)
	}, db.Single())
	if err != nil {
		t.Fatalf("Single insert: %v", err)
	}
	if n := count(t, a, pool, "shop.customers"); n != 1 {
		t.Fatalf("tenant A has %d customers after its Single, want 1", n)
	}
	if n := count(t, b, pool, "shop.customers"); n != 0 {
		t.Fatalf("tenant B sees %d customers, want 0", n)
	}
	// Another tenant's row is out of reach of a Single as of any statement.
	err = pool.InTenantTx(b, func(ctx context.Context, tx *db.Tx) error {
		tag, err := tx.Exec(ctx, "update shop.customers set name = 'taken over' where id = $1::uuid", id)
		if err == nil && tag.RowsAffected() != 0 {
			return errors.New("updated another tenant's row")
		}
		return err
	}, db.Single())
	if err != nil {
		t.Fatal(err)
	}
	if setting := sessionSetting(t, pool, "app.tenant_id"); setting != "" {
		t.Fatalf("after Singles the session has app.tenant_id %q, want empty", setting)
	}
}

func TestSingleRefusesASecondStatementAndKeepsTheFirst(t *testing.T) {
	t.Parallel()
	d := newDB(t)
	pool := onePool(t, d.AppURL)
	ctx := as(tenant.New())

	second := errors.New("no error")
	err := pool.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		if err := addNote(ctx, tx, "first"); err != nil {
			return err
		}
		second = addNote(ctx, tx, "second")
		return second
	}, db.Single())
	if err == nil || second == nil {
		t.Fatalf("a second statement in a Single: %v", err)
	}
	// The first committed as it ran; the second never reached the server.
	if n := count(t, ctx, pool, "shop.notes"); n != 1 {
		t.Fatalf("%d notes, want the first one only", n)
	}
}

func TestSingleThatFailsWritesNothing(t *testing.T) {
	t.Parallel()
	d := newDB(t)
	pool := onePool(t, d.AppURL)
	ctx := as(tenant.New())
	addCustomer(t, ctx, pool, "bin-a")

	// One statement whose second row breaks the unique BIN: neither row.
	err := pool.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		_, err := tx.Exec(ctx, `insert into shop.customers (tenant_id, bin, name)
			values ($1::uuid, 'bin-b', 'Nur Traders'), ($1::uuid, 'bin-a', 'Again')`, tx.Tenant().String())
		return err
	}, db.Single())
	if err == nil {
		t.Fatal("a duplicate BIN in a Single succeeded")
	}
	// Deferred statements alone are one transaction too: the failing
	// second undoes the first.
	err = pool.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		tx.Defer(noteSQL, tx.Tenant().String(), "kept?")
		tx.Defer(`insert into shop.customers (tenant_id, bin, name) values ($1::uuid, 'bin-a', 'Again')`, tx.Tenant().String())
		return nil
	}, db.Single())
	if err == nil {
		t.Fatal("deferred duplicate BIN in a Single succeeded")
	}
	if n, notes := count(t, ctx, pool, "shop.customers"), count(t, ctx, pool, "shop.notes"); n != 1 || notes != 0 {
		t.Fatalf("%d customers and %d notes after failed Singles, want 1 and 0", n, notes)
	}
	// The connection serves the next Single.
	var name string
	err = pool.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		return tx.QueryRow(ctx, "select name from shop.customers").Scan(&name)
	}, db.Single())
	if err != nil || name != "Rahim Traders" {
		t.Fatalf("Single after failures: %q, %v", name, err)
	}
	// No row is pgx's answer, as in any transaction.
	err = pool.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		return tx.QueryRow(ctx, "select name from shop.customers where bin = 'none'").Scan(&name)
	}, db.Single())
	if !errors.Is(err, pgx.ErrNoRows) {
		t.Fatalf("Single finding nothing: %v, want no rows", err)
	}
}
