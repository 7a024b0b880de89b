package db_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/db/dbtest"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

func TestBootstrapAndMigrateAreIdempotent(t *testing.T) {
	t.Parallel()
	d := newDB(t)
	ctx := context.Background()
	schemas := []db.Schema{db.PlatformSchema, shop}
	for range 2 {
		if err := db.Bootstrap(ctx, d.AdminURL, dbtest.AppPassword); err != nil {
			t.Fatalf("bootstrap again: %v", err)
		}
		var out bytes.Buffer
		if err := db.Migrate(ctx, d.AdminURL, schemas, db.Up, &out); err != nil {
			t.Fatalf("migrate again: %v", err)
		}
		if !strings.Contains(out.String(), "shop: up to date at version 2") {
			t.Fatalf("second up printed:\n%s", out.String())
		}
	}
	var out bytes.Buffer
	if err := db.Migrate(ctx, d.AdminURL, schemas, db.Status, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"platform: applied 00001_idempotency_keys.sql", "shop: applied 00002_notes.sql"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("status lacks %q:\n%s", want, out.String())
		}
	}
	var versionTables int
	err := d.Admin.QueryRow(ctx, `select count(*) from pg_tables
		where tablename = 'goose_db_version' and schemaname in ('platform', 'shop')`).Scan(&versionTables)
	if err != nil || versionTables != 2 {
		t.Fatalf("%d version tables inside the schemas (err %v), want 2", versionTables, err)
	}
}

func TestDownRollsBackOnePerSchemaInReverse(t *testing.T) {
	t.Parallel()
	d := newDB(t)
	ctx := context.Background()
	schemas := []db.Schema{db.PlatformSchema, shop}
	var out bytes.Buffer
	if err := db.Migrate(ctx, d.AdminURL, schemas, db.Down, &out); err != nil {
		t.Fatal(err)
	}
	shopAt := strings.Index(out.String(), "shop: OK")
	platformAt := strings.Index(out.String(), "platform: OK")
	if shopAt < 0 || platformAt < shopAt || !strings.Contains(out.String(), "00002_notes.sql") {
		t.Fatalf("down printed:\n%s\nwant shop's 00002 then platform's latest", out.String())
	}
	// One step per schema: shop loses notes but keeps customers; platform
	// loses its latest migration (idempotency keys per principal, 00006).
	var notes, customers, principal bool
	err := d.Admin.QueryRow(ctx, `select to_regclass('shop.notes') is not null, to_regclass('shop.customers') is not null,
		exists (select from information_schema.columns where table_schema = 'platform'
			and table_name = 'idempotency_keys' and column_name = 'principal')`).Scan(&notes, &customers, &principal)
	if err != nil || notes || !customers || principal {
		t.Fatalf("after down notes=%v customers=%v idempotency_keys.principal=%v (err %v)", notes, customers, principal, err)
	}
	// One more step of the platform alone loses the claim's walk of 00005
	// but keeps the pinned plan of the one before.
	if err := db.Migrate(ctx, d.AdminURL, []db.Schema{db.PlatformSchema}, db.Down, &out); err != nil {
		t.Fatal(err)
	}
	var pinFn bool
	if err := d.Admin.QueryRow(ctx, `select to_regproc('platform.pin_outbox_claim_plan') is not null`).Scan(&pinFn); err != nil || !pinFn {
		t.Fatalf("after the second down pin_outbox_claim_plan=%v (err %v)", pinFn, err)
	}
	// An outbox made while the platform is back at 00004 gets the
	// unsent-key index its claim reads and the unique index of event ids;
	// migrating up again gives it the claim that walks the unsent index
	// only, and drops both.
	_, err = d.Admin.Exec(ctx, `create schema legacy authorization `+db.OwnerRole+`;
		set role `+db.OwnerRole+`; select platform.create_outbox('legacy'); reset role`)
	if err != nil {
		t.Fatal(err)
	}
	if !relation(t, d, "legacy.outbox_unsent_key_idx") || !relation(t, d, "legacy.outbox_event_id_key") ||
		!strings.Contains(claimBody(t, d, "legacy"), "p.sent_at IS NULL") {
		t.Fatal("outbox made after down lacks an index of 00004 or the claim that reads it")
	}
	out.Reset()
	if err := db.Migrate(ctx, d.AdminURL, schemas, db.Up, &out); err != nil {
		t.Fatalf("up after down: %v", err)
	}
	if relation(t, d, "legacy.outbox_unsent_key_idx") || relation(t, d, "legacy.outbox_event_id_key") ||
		!strings.Contains(claimBody(t, d, "legacy"), "passed") {
		t.Fatal("existing outbox keeps an index or the claim of 00004 after up")
	}
	if cfg := claimSettings(t, d, "legacy"); cfg != "enable_seqscan=off,enable_bitmapscan=off,enable_nestloop=off" {
		t.Fatalf("existing outbox's claim sets %q after up, want the pinned plan", cfg)
	}
	if n := count(t, as(tenant.New()), d.App, "shop.notes"); n != 0 {
		t.Fatalf("re-created notes has %d rows", n)
	}
}

func TestStatusCreatesNothing(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	var out bytes.Buffer
	if err := db.Migrate(context.Background(), d.AdminURL, []db.Schema{shop}, db.Status, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "shop: pending 00001_customers.sql") {
		t.Fatalf("status printed:\n%s", out.String())
	}
	var exists bool
	err := d.Admin.QueryRow(context.Background(), "select exists(select from pg_namespace where nspname = 'shop')").Scan(&exists)
	if err != nil || exists {
		t.Fatalf("status created the schema (err %v)", err)
	}
}

func TestMigrateRejectsBadSchemaNames(t *testing.T) {
	for _, name := range []string{"", "Shop", "shop;drop", "1shop"} {
		err := db.Migrate(context.Background(), "postgres://127.0.0.1:1/x", []db.Schema{{Name: name}}, db.Up, nil)
		if err == nil || !strings.Contains(err.Error(), "schema name") {
			t.Errorf("schema %q: err = %v, want a schema name error", name, err)
		}
	}
}

// claimSettings returns the settings schema's outbox_claim runs with,
// apart from its search_path.
func claimSettings(tb testing.TB, d *dbtest.DB, schema string) string {
	tb.Helper()
	var config string
	err := d.Admin.QueryRow(context.Background(), `select
		coalesce(array_to_string(array(select c from unnest(p.proconfig) c where c not like 'search_path=%'), ','), '')
		from pg_proc p where p.oid = to_regprocedure($1)`, schema+".outbox_claim(integer)").Scan(&config)
	if err != nil {
		tb.Fatalf("%s.outbox_claim: %v", schema, err)
	}
	return config
}

// relation reports whether the table or index name exists.
func relation(tb testing.TB, d *dbtest.DB, name string) bool {
	tb.Helper()
	var ok bool
	if err := d.Admin.QueryRow(context.Background(), "select to_regclass($1) is not null", name).Scan(&ok); err != nil {
		tb.Fatal(err)
	}
	return ok
}

// claimBody returns the source of schema's outbox_claim.
func claimBody(tb testing.TB, d *dbtest.DB, schema string) string {
	tb.Helper()
	var src string
	if err := d.Admin.QueryRow(context.Background(), "select prosrc from pg_proc where oid = to_regprocedure($1)",
		schema+".outbox_claim(integer)").Scan(&src); err != nil {
		tb.Fatal(err)
	}
	return src
}
