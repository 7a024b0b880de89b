package db_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

func TestTenantIsolation(t *testing.T) {
	t.Parallel()
	d := newDB(t)
	a, b := as(tenant.New()), as(tenant.New())
	addCustomer(t, a, d.App, "000111222-0101")

	t.Run("other tenant reads nothing without a filter", func(t *testing.T) {
		if n := count(t, b, d.App, "shop.customers"); n != 0 {
			t.Fatalf("tenant b sees %d of a's customers", n)
		}
		if n := count(t, a, d.App, "shop.customers"); n != 1 {
			t.Fatalf("tenant a sees %d customers, want 1", n)
		}
	})
	t.Run("rejects insert for another tenant", func(t *testing.T) {
		err := d.App.InTenantTx(b, func(ctx context.Context, tx *db.Tx) error {
			_, err := tx.Exec(ctx, `insert into shop.customers (tenant_id, bin, name) values ($1::uuid, 'x', 'y')`,
				mustTenant(t, a).String())
			return err
		})
		if errs.CodeOf(err) != errs.PermissionDenied {
			t.Fatalf("err = %v, want PERMISSION_DENIED", err)
		}
	})
	t.Run("cannot move a row to another tenant", func(t *testing.T) {
		err := d.App.InTenantTx(a, func(ctx context.Context, tx *db.Tx) error {
			_, err := tx.Exec(ctx, `update shop.customers set tenant_id = $1::uuid`, mustTenant(t, b).String())
			return err
		})
		if errs.CodeOf(err) != errs.PermissionDenied {
			t.Fatalf("err = %v, want PERMISSION_DENIED", err)
		}
	})
	t.Run("other tenant updates and deletes nothing", func(t *testing.T) {
		err := d.App.InTenantTx(b, func(ctx context.Context, tx *db.Tx) error {
			for _, stmt := range []string{"update shop.customers set name = 'stolen'", "delete from shop.customers"} {
				tag, err := tx.Exec(ctx, stmt)
				if err != nil {
					return err
				}
				if tag.RowsAffected() != 0 {
					t.Errorf("%s touched %d rows of another tenant", stmt, tag.RowsAffected())
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
	t.Run("no tenant fails closed", func(t *testing.T) {
		called := false
		err := d.App.InTenantTx(context.Background(), func(context.Context, *db.Tx) error { called = true; return nil })
		if errs.CodeOf(err) != errs.Unauthenticated || called {
			t.Fatalf("err = %v, called = %v; want UNAUTHENTICATED before the closure", err, called)
		}
	})
	t.Run("platform transaction sees no tenant rows", func(t *testing.T) {
		var n int
		err := d.App.InTx(context.Background(), func(ctx context.Context, tx *db.Tx) error {
			return tx.QueryRow(ctx, "select count(*) from shop.customers").Scan(&n)
		})
		if err != nil || n != 0 {
			t.Fatalf("InTx sees %d customers (err %v), want 0", n, err)
		}
	})
	t.Run("raw app connection sees nothing after a tenant transaction", func(t *testing.T) {
		conn, err := pgx.Connect(context.Background(), d.AppURL)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(context.Background())
		ctx := context.Background()
		var n int
		err = pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
			_, err := tx.Exec(ctx, "select set_config('app.tenant_id', $1, true)", mustTenant(t, a).String())
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		// The setting reverted to '' on this connection, which matches no row.
		if err := conn.QueryRow(ctx, "select count(*) from shop.customers").Scan(&n); err != nil || n != 0 {
			t.Fatalf("raw connection sees %d rows (err %v), want 0", n, err)
		}
	})
}

func mustTenant(tb testing.TB, ctx context.Context) tenant.ID {
	tb.Helper()
	id, err := tenant.Require(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	return id
}

func TestAppRoleCannotEscapeRLS(t *testing.T) {
	t.Parallel()
	d := newDB(t)
	ctx := context.Background()
	var super, bypass, login bool
	err := d.Admin.QueryRow(ctx, `select rolsuper, rolbypassrls, rolcanlogin from pg_roles where rolname = $1`,
		db.AppRole).Scan(&super, &bypass, &login)
	if err != nil {
		t.Fatal(err)
	}
	if super || bypass || !login {
		t.Fatalf("app role: superuser=%v bypassrls=%v login=%v", super, bypass, login)
	}
	var owned int
	err = d.Admin.QueryRow(ctx, `select
		(select count(*) from pg_class where relowner = r.oid) +
		(select count(*) from pg_namespace where nspowner = r.oid) +
		(select count(*) from pg_proc where proowner = r.oid)
		from pg_roles r where rolname = $1`, db.AppRole).Scan(&owned)
	if err != nil || owned != 0 {
		t.Fatalf("app role owns %d objects (err %v), want none", owned, err)
	}
	var notOwner int
	err = d.Admin.QueryRow(ctx, `select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace
		where n.nspname in ('shop', 'platform') and pg_get_userbyid(c.relowner) <> $1`, db.OwnerRole).Scan(&notOwner)
	if err != nil || notOwner != 0 {
		t.Fatalf("%d relations not owned by %s (err %v)", notOwner, db.OwnerRole, err)
	}
	for _, stmt := range []string{
		"set role " + db.OwnerRole,
		"alter table shop.customers disable row level security",
		"select * from shop.goose_db_version",
		"create table shop.sneaky (id int)",
	} {
		err := d.App.InTx(ctx, func(ctx context.Context, tx *db.Tx) error {
			_, err := tx.Exec(ctx, stmt)
			return err
		})
		if errs.CodeOf(err) != errs.PermissionDenied {
			t.Errorf("%q as app role: err = %v, want PERMISSION_DENIED", stmt, err)
		}
	}
	if _, err := db.Open(ctx, d.AdminURL, db.Options{}); err == nil {
		t.Error("Open accepted a superuser DSN")
	}
}
