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
	// loses its latest migration (the relay functions in PL/pgSQL) but
	// keeps create_outbox of the one before.
	var notes, customers, outboxFn, relayFn bool
	err := d.Admin.QueryRow(ctx, `select to_regclass('shop.notes') is not null, to_regclass('shop.customers') is not null,
		to_regproc('platform.create_outbox') is not null, to_regproc('platform.define_outbox_relay') is not null`).
		Scan(&notes, &customers, &outboxFn, &relayFn)
	if err != nil || notes || !customers || !outboxFn || relayFn {
		t.Fatalf("after down notes=%v customers=%v create_outbox=%v define_outbox_relay=%v (err %v)", notes, customers, outboxFn, relayFn, err)
	}
	// An outbox made while the platform is back at 00002 gets the SQL
	// relay functions; migrating up again turns them into PL/pgSQL.
	_, err = d.Admin.Exec(ctx, `create schema legacy authorization `+db.OwnerRole+`;
		set role `+db.OwnerRole+`; select platform.create_outbox('legacy'); reset role`)
	if err != nil {
		t.Fatal(err)
	}
	if lang := claimLanguage(t, d, "legacy"); lang != "sql" {
		t.Fatalf("outbox made after down has a %s claim, want sql", lang)
	}
	out.Reset()
	if err := db.Migrate(ctx, d.AdminURL, schemas, db.Up, &out); err != nil {
		t.Fatalf("up after down: %v", err)
	}
	if lang := claimLanguage(t, d, "legacy"); lang != "plpgsql" {
		t.Fatalf("existing outbox's claim is %s after up, want plpgsql", lang)
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

// claimLanguage is the language of schema's outbox_claim function.
func claimLanguage(tb testing.TB, d *dbtest.DB, schema string) string {
	tb.Helper()
	var lang string
	err := d.Admin.QueryRow(context.Background(), `select l.lanname from pg_proc p join pg_language l on l.oid = p.prolang
		where p.oid = to_regprocedure($1)`, schema+".outbox_claim(integer)").Scan(&lang)
	if err != nil {
		tb.Fatalf("%s.outbox_claim: %v", schema, err)
	}
	return lang
}
