package db_test

import (
	"context"
	"os"
	"testing"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/db/dbtest"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// shop is a small tenant-owned schema shaped like a service's.
var shop = db.Schema{Name: "shop", Migrations: os.DirFS("testdata/shop")}

func newDB(tb testing.TB) *dbtest.DB {
	tb.Helper()
	return dbtest.New(tb, db.PlatformSchema, shop)
}

// as returns a context acting for a tenant.
func as(id tenant.ID) context.Context { return tenant.With(context.Background(), id) }

// addCustomer inserts a customer for the tenant of ctx and returns its id.
func addCustomer(tb testing.TB, ctx context.Context, p *db.Pool, bin string) string {
	tb.Helper()
	var id string
	err := p.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		return tx.QueryRow(ctx, `insert into shop.customers (tenant_id, bin, name)
			values ($1::uuid, $2, 'Rahim Traders') returning id::text`, tx.Tenant().String(), bin).Scan(&id)
	})
	if err != nil {
		tb.Fatalf("add customer: %v", err)
	}
	return id
}

// noteSQL inserts a note: tenant $1, body $2.
const noteSQL = `insert into shop.notes (tenant_id, body) values ($1::uuid, $2)`

// addNote inserts a note with body for tx's tenant.
func addNote(ctx context.Context, tx *db.Tx, body string) error {
	_, err := tx.Exec(ctx, noteSQL, tx.Tenant().String(), body)
	return err
}

// sessionSetting is a setting of p's connection outside any transaction
// ("" when unset): what a transaction left on a pooled session.
func sessionSetting(tb testing.TB, p *db.Pool, name string) string {
	tb.Helper()
	var v string
	if err := db.RawPool(p).QueryRow(context.Background(), "select coalesce(current_setting($1, true), '')", name).Scan(&v); err != nil {
		tb.Fatalf("read %s: %v", name, err)
	}
	return v
}

// count returns how many rows of table the tenant of ctx sees.
func count(tb testing.TB, ctx context.Context, p *db.Pool, table string) int {
	tb.Helper()
	var n int
	err := p.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		return tx.QueryRow(ctx, "select count(*) from "+table).Scan(&n)
	})
	if err != nil {
		tb.Fatalf("count %s: %v", table, err)
	}
	return n
}
