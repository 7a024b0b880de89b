package finance_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/vextrus/vextrus/internal/finance"
	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/db/dbtest"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/tenant"
	"github.com/vextrus/vextrus/internal/platform/tenantsettings"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// tenantSettings is each tenant's settings document as the settings
// client would give it; a tenant not set has the Bangladesh defaults.
type tenantSettings struct {
	mu sync.Mutex
	by map[tenant.ID]tenantsettings.Settings
}

func (s *tenantSettings) Settings(_ context.Context, t tenant.ID) (*tenantsettings.Settings, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	doc, ok := s.by[t]
	if !ok {
		doc = tenantsettings.Default("Test company")
	}
	return &doc, nil
}

// set gives tenant t the settings doc.
func (s *tenantSettings) set(t tenant.ID, doc tenantsettings.Settings) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.by[t] = doc
}

// fixture is a finance service on a fresh database with the real outbox.
type fixture struct {
	svc      *finance.Service
	db       *dbtest.DB
	settings *tenantSettings
	clock    *clock
}

// clock is the service's settable clock.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// newFixture builds the fixture; with changes Deps before the service is
// built. The clock stands at 2026-12-04 10:00 in Dhaka.
func newFixture(tb testing.TB, with ...func(*finance.Deps)) *fixture {
	tb.Helper()
	d := dbtest.New(tb, db.PlatformSchema, finance.Schema)
	outbox, err := events.NewOutbox(finance.Name)
	if err != nil {
		tb.Fatalf("outbox: %v", err)
	}
	f := &fixture{db: d, settings: &tenantSettings{by: map[tenant.ID]tenantsettings.Settings{}},
		clock: &clock{now: time.Date(2026, 12, 4, 4, 0, 0, 0, time.UTC)}}
	deps := finance.Deps{DB: d.App, Events: outbox, Settings: f.settings, Now: f.clock.Now}
	for _, w := range with {
		w(&deps)
	}
	if f.svc, err = finance.New(deps); err != nil {
		tb.Fatalf("new service: %v", err)
	}
	return f
}

// as returns a context whose caller is user of t holding perms.
func as(t tenant.ID, user string, perms ...string) context.Context {
	p := &authz.Principal{UserID: user, Tenant: t, Permissions: map[string]bool{}}
	for _, perm := range perms {
		p.Permissions[perm] = true
	}
	return tenant.With(authz.With(context.Background(), p), t)
}

// accountant is a caller of t holding every finance permission.
func accountant(t tenant.ID) context.Context {
	perms := make([]string, len(finance.Permissions))
	for i, p := range finance.Permissions {
		perms[i] = p.Name
	}
	return as(t, "0190a0b0-0000-7000-8000-"+t.String()[24:], perms...)
}

// newTenant returns a fresh tenant id.
func newTenant(tb testing.TB) tenant.ID {
	tb.Helper()
	return tenant.New()
}

// day is the calendar date s (2006-01-02).
func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

// outbox returns the events of typ of tenant t in the finance outbox,
// oldest first, bypassing row-level security.
func (f *fixture) outbox(tb testing.TB, t tenant.ID, typ string) []dbtest.OutboxEvent {
	tb.Helper()
	return f.db.Outbox(tb, "finance", t, typ)
}
