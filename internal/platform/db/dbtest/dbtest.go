// Package dbtest gives each test a fresh PostgreSQL database (DESIGN §15).
//
// It uses the cluster of VEXTRUS_TEST_DATABASE_URL when set; otherwise it
// starts one throwaway cluster per test process from the local server
// binaries (see pgserver). Roles are bootstrapped once, each distinct set of
// schemas is migrated once into a template database, and every New clones
// that template, which takes milliseconds, so tests can run in parallel
// without seeing each other's rows.
//
// A package using it should call Main from TestMain so the cluster stops when
// the tests end; if it does not, the kernel kills the cluster when the test
// process exits (Linux), leaving only its temporary directory behind.
package dbtest

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/vextrus/vextrus/internal/platform/db"
)

// DB is one test's database.
type DB struct {
	// Name is the database name.
	Name string
	// AdminURL connects as the cluster's superuser.
	AdminURL string
	// AppURL connects as db.AppRole.
	AppURL string
	// App is the pool services use, as db.AppRole: row-level security applies.
	App *db.Pool
	// Admin is a superuser pool for test setup and tampering; it bypasses
	// row-level security.
	Admin *pgxpool.Pool
}

// setupTimeout bounds starting the cluster and building a template.
const setupTimeout = 2 * time.Minute

// New returns a fresh database migrated with schemas, dropped when the test
// ends. It fails the test when no PostgreSQL is available.
func New(tb testing.TB, schemas ...db.Schema) *DB {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), setupTimeout)
	defer cancel()
	c, err := shared(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	tpl, err := c.template(ctx, schemas)
	if err != nil {
		tb.Fatalf("dbtest: %v", err)
	}
	name := "vx_test_" + randomSuffix()
	create := "CREATE DATABASE " + pgx.Identifier{name}.Sanitize() + " TEMPLATE " + pgx.Identifier{tpl}.Sanitize()
	if _, err := c.admin.Exec(ctx, create); err != nil {
		tb.Fatalf("dbtest: create database: %v", err)
	}
	tb.Cleanup(func() {
		if err := c.drop(context.Background(), name); err != nil {
			tb.Errorf("dbtest: drop database %s: %v", name, err)
		}
	})
	d := &DB{Name: name, AdminURL: withDatabase(c.adminURL, name)}
	d.AppURL = db.AppURL(d.AdminURL, AppPassword)
	if d.App, err = db.Open(ctx, d.AppURL, db.Options{MaxConns: 8}); err != nil {
		tb.Fatalf("dbtest: %v", err)
	}
	tb.Cleanup(d.App.Close)
	if d.Admin, err = pgxpool.New(ctx, d.AdminURL); err != nil {
		tb.Fatalf("dbtest: admin pool: %v", err)
	}
	tb.Cleanup(d.Admin.Close)
	return d
}

// Main runs the tests of a package and then stops the cluster. Use it as
//
//	func TestMain(m *testing.M) { dbtest.Main(m) }
func Main(m *testing.M) {
	code := m.Run()
	if sharedCluster != nil {
		sharedCluster.close()
	}
	os.Exit(code)
}

// AssertRLS fails the test, listing every problem, when a table with a
// tenant_id column in schemas is not protected by row-level security as
// db.CheckRLS defines it. Every service runs it on its schema.
func AssertRLS(tb testing.TB, q db.Querier, schemas ...string) {
	tb.Helper()
	problems, err := db.CheckRLS(context.Background(), q, schemas...)
	if err != nil {
		tb.Fatalf("check rls: %v", err)
	}
	if len(problems) == 0 {
		return
	}
	lines := make([]string, len(problems))
	for i, p := range problems {
		lines[i] = "  " + p.String()
	}
	tb.Errorf("tables not protected by row-level security:\n%s", strings.Join(lines, "\n"))
}
