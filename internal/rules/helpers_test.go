package rules_test

import (
	"context"
	"testing"
	"time"

	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/db/dbtest"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/tenant"
	"github.com/vextrus/vextrus/internal/rules"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// fixture is a rules service on a fresh database with the real outbox.
type fixture struct {
	svc *rules.Service
	db  *dbtest.DB
	now time.Time
}

func newFixture(tb testing.TB) *fixture {
	tb.Helper()
	d := dbtest.New(tb, db.PlatformSchema, rules.Schema)
	f := &fixture{db: d, now: time.Date(2026, 6, 15, 6, 0, 0, 0, time.UTC)}
	f.svc = f.service(tb)
	return f
}

// service returns another Service on the same database: another process.
func (f *fixture) service(tb testing.TB) *rules.Service {
	tb.Helper()
	outbox, err := events.NewOutbox("rules")
	if err != nil {
		tb.Fatalf("outbox: %v", err)
	}
	svc, err := rules.New(rules.Deps{DB: f.db.App, Events: outbox, Now: func() time.Time { return f.now }})
	if err != nil {
		tb.Fatalf("new service: %v", err)
	}
	return svc
}

// as returns a context whose caller belongs to t and holds perms.
func as(t tenant.ID, perms ...string) context.Context {
	p := &authz.Principal{UserID: "user-" + t.String()[:8], Tenant: t, Permissions: map[string]bool{}}
	for _, perm := range perms {
		p.Permissions[perm] = true
	}
	return authz.With(context.Background(), p)
}

// admin is a caller of t with every rules permission.
func admin(t tenant.ID) context.Context {
	return as(t, rules.PermRead, rules.PermWrite, rules.PermPublish, rules.PermEvaluate)
}

// seeded returns a new tenant with the Bangladesh defaults.
func (f *fixture) seeded(tb testing.TB) tenant.ID {
	tb.Helper()
	t := tenant.New()
	if err := f.svc.SeedDefaults(context.Background(), t); err != nil {
		tb.Fatalf("seed defaults: %v", err)
	}
	return t
}

func date(tb testing.TB, s string) time.Time {
	tb.Helper()
	d, err := rules.ParseDate(s)
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

func mustEval(tb testing.TB, svc *rules.Service, ctx context.Context, key, input, at string) rules.Result {
	tb.Helper()
	res, err := eval(tb, svc, ctx, key, input, at)
	if err != nil {
		tb.Fatalf("evaluate %s %s at %q: %v", key, input, at, err)
	}
	return res
}

func eval(tb testing.TB, svc *rules.Service, ctx context.Context, key, input, at string) (rules.Result, error) {
	tb.Helper()
	in, err := rules.DecodeInput([]byte(input))
	if err != nil {
		tb.Fatal(err)
	}
	req := rules.Request{Input: in}
	if at != "" {
		req.At = date(tb, at)
	}
	return svc.Evaluate(ctx, key, req)
}

// outboxCount counts the events of typ in the rules outbox, bypassing
// row-level security.
func (f *fixture) outboxCount(tb testing.TB, typ string) int {
	tb.Helper()
	var n int
	if err := f.db.Admin.QueryRow(context.Background(), `SELECT count(*) FROM rules.outbox WHERE type = $1`, typ).Scan(&n); err != nil {
		tb.Fatalf("count outbox: %v", err)
	}
	return n
}
