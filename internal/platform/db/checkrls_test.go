package db_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/db/dbtest"
)

func TestMigratedSchemasPassRLSCheck(t *testing.T) {
	t.Parallel()
	d := newDB(t)
	dbtest.AssertRLS(t, d.Admin, "platform", "shop")
}

func TestCheckRLSFindsUnprotectedTables(t *testing.T) {
	t.Parallel()
	d := newDB(t)
	ctx := context.Background()
	setup := `create schema lab;
		create table lab.open (tenant_id uuid not null, v text);
		create table lab.not_forced (tenant_id uuid not null);
		alter table lab.not_forced enable row level security;
		create policy tenant_isolation on lab.not_forced using (` + db.TenantPredicate + `);
		create table lab.no_policy (tenant_id uuid not null);
		alter table lab.no_policy enable row level security;
		alter table lab.no_policy force row level security;
		create table lab.leaky (tenant_id uuid not null);
		` + db.TenantRLS("lab.leaky") + `
		create policy everyone on lab.leaky for select using (true);
		create table lab.nullable (tenant_id uuid);
		` + db.TenantRLS("lab.nullable") + `
		create table lab.protected (tenant_id uuid not null, v text);
		` + db.TenantRLS("lab.protected") + `
		create table lab.platform_only (id int);`
	if _, err := d.Admin.Exec(ctx, setup); err != nil {
		t.Fatalf("setup: %v", err)
	}
	problems, err := db.CheckRLS(ctx, d.Admin, "lab")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for _, p := range problems {
		got[p.Table] = append(got[p.Table], p.Problem)
	}
	want := map[string][]string{
		"open":       {"not enabled", "not forced", "no policy"},
		"not_forced": {"not forced"},
		"no_policy":  {"no policy"},
		"leaky":      {"permissive policy everyone"},
		"nullable":   {"not uuid not null"},
	}
	for table, fragments := range want {
		if len(got[table]) != len(fragments) {
			t.Errorf("lab.%s: problems %q, want %d matching %q", table, got[table], len(fragments), fragments)
			continue
		}
		for i, f := range fragments {
			if !strings.Contains(got[table][i], f) {
				t.Errorf("lab.%s: problem %q, want one about %q", table, got[table][i], f)
			}
		}
	}
	for _, table := range []string{"protected", "platform_only"} {
		if len(got[table]) > 0 {
			t.Errorf("lab.%s reported: %q", table, got[table])
		}
	}

	rec := &recorder{TB: t}
	dbtest.AssertRLS(rec, d.Admin, "lab")
	if !rec.failed || !strings.Contains(rec.msg, "lab.open") {
		t.Errorf("AssertRLS did not fail listing lab.open: failed=%v %q", rec.failed, rec.msg)
	}
}

// recorder is a testing.TB that notes failures instead of failing the test
// that checks AssertRLS itself.
type recorder struct {
	testing.TB
	failed bool
	msg    string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.failed = true
	r.msg += fmt.Sprintf(format, args...)
}

func (r *recorder) Fatalf(format string, args ...any) { r.Errorf(format, args...) }
