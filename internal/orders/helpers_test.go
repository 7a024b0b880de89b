package orders_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/masterdata/mdclient"
	"github.com/vextrus/vextrus/internal/orders"
	"github.com/vextrus/vextrus/internal/platform/apitest"
	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/db/dbtest"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/httpx"
	"github.com/vextrus/vextrus/internal/platform/tenant"
	"github.com/vextrus/vextrus/internal/platform/tenantsettings"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// fixture is an orders service on a fresh database with the orders
// schema migrated, the real outbox, settable tenant settings, a settable
// clock and an in-memory master data catalog.
type fixture struct {
	svc      *orders.Service
	db       *dbtest.DB
	settings *tenantSettings
	clock    *clock
	catalog  *catalog
	srv      *httptest.Server
}

// newFixture builds the fixture; with changes Deps before the service is
// built (a Temporal client, approvals, credit, or Catalog set to nil to
// check nothing against master data). The clock stands at 2026-12-04
// 10:00 in Dhaka.
func newFixture(tb testing.TB, with ...func(*orders.Deps)) *fixture {
	tb.Helper()
	d := dbtest.New(tb, db.PlatformSchema, orders.Schema)
	outbox, err := events.NewOutbox(orders.Name)
	if err != nil {
		tb.Fatalf("outbox: %v", err)
	}
	f := &fixture{db: d, settings: &tenantSettings{by: map[tenant.ID]tenantsettings.Settings{}},
		clock: &clock{now: time.Date(2026, 12, 4, 4, 0, 0, 0, time.UTC)}, catalog: newCatalog()}
	deps := orders.Deps{DB: d.App, Events: outbox, Settings: f.settings, Now: f.clock.Now, Catalog: f.catalog}
	for _, w := range with {
		w(&deps)
	}
	if f.svc, err = orders.New(deps); err != nil {
		tb.Fatalf("new service: %v", err)
	}
	f.srv = serveREST(tb, f.svc)
	return f
}

// serveREST serves the REST API of svc behind a stand-in for the
// authentication middleware: X-Test-Tenant and X-Test-Permissions
// (comma-separated; every orders permission when absent) say who calls.
func serveREST(tb testing.TB, svc *orders.Service) *httptest.Server {
	mux := http.NewServeMux()
	svc.Routes(mux)
	auth := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if t, err := tenant.Parse(r.Header.Get("X-Test-Tenant")); err == nil {
				ctx := manager(t)
				if h := r.Header.Get("X-Test-Permissions"); h != "" {
					ctx = as(t, "0190a0b0-0000-7000-8000-"+t.String()[24:], strings.Split(h, ",")...)
				}
				p, _ := authz.From(ctx)
				r = r.WithContext(tenant.With(authz.With(r.Context(), p), t))
			}
			next.ServeHTTP(w, r)
		})
	}
	srv := httptest.NewServer(httpx.Chain(mux, httpx.RequestID, auth))
	tb.Cleanup(srv.Close)
	return srv
}

// newTenant returns a fresh tenant id; its settings are the Bangladesh
// defaults until f.settings.set gives it others.
func newTenant(tb testing.TB) tenant.ID {
	tb.Helper()
	return tenant.New()
}

// as returns a context whose caller is user of t holding perms.
func as(t tenant.ID, user string, perms ...string) context.Context {
	p := &authz.Principal{UserID: user, Tenant: t, Permissions: map[string]bool{}}
	for _, perm := range perms {
		p.Permissions[perm] = true
	}
	return tenant.With(authz.With(context.Background(), p), t)
}

// manager is a caller of t holding every orders permission.
func manager(t tenant.ID) context.Context {
	perms := make([]string, len(orders.Permissions))
	for i, p := range orders.Permissions {
		perms[i] = p.Name
	}
	return as(t, "0190a0b0-0000-7000-8000-"+t.String()[24:], perms...)
}

// day is the calendar date s (2006-01-02).
func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

// outbox returns the events of typ of tenant t in the orders outbox,
// oldest first, bypassing row-level security.
func (f *fixture) outbox(tb testing.TB, t tenant.ID, typ string) []dbtest.OutboxEvent {
	tb.Helper()
	return f.db.Outbox(tb, orders.Name, t, typ)
}

// location adds a location of kind (orders.LocationWarehouse or
// orders.LocationProjectSite) with code to the tenant of ctx.
func (f *fixture) location(tb testing.TB, ctx context.Context, code, kind string) orders.Location {
	tb.Helper()
	l, err := f.svc.CreateLocation(ctx, orders.NewLocation{Code: code, Name: "Location " + code, Kind: kind})
	if err != nil {
		tb.Fatalf("create location %s: %v", code, err)
	}
	return l
}

// rest returns a client of the service's REST API calling as a user of
// t who holds perms, or every orders permission when perms is empty.
func (f *fixture) rest(tb testing.TB, t tenant.ID, perms ...string) *apitest.Client {
	tb.Helper()
	c := apitest.New(tb, f.srv.URL, f.srv.Client()).WithHeader("X-Test-Tenant", t.String())
	if len(perms) > 0 {
		c = c.WithHeader("X-Test-Permissions", strings.Join(perms, ","))
	}
	return c
}

// wantCode fails the test unless err carries code.
func wantCode(tb testing.TB, err error, code errs.Code) {
	tb.Helper()
	if !errs.Is(err, code) {
		tb.Fatalf("error = %v, want %s", err, code)
	}
}

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

// catalog is master data in memory (orders.Catalog): the products,
// customers and vendors a test adds, for every tenant.
type catalog struct {
	mu        sync.Mutex
	products  map[uuid.UUID]mdclient.Product
	customers map[uuid.UUID]mdclient.Party
	vendors   map[uuid.UUID]mdclient.Party
}

func newCatalog() *catalog {
	return &catalog{products: map[uuid.UUID]mdclient.Product{}, customers: map[uuid.UUID]mdclient.Party{},
		vendors: map[uuid.UUID]mdclient.Party{}}
}

// product adds a product counted in unit and returns its id.
func (c *catalog) product(name, unit string) uuid.UUID {
	c.mu.Lock()
	defer c.mu.Unlock()
	id := uuid.New()
	c.products[id] = mdclient.Product{Name: name, Unit: unit, VATCategory: "standard"}
	return id
}

// customer adds a customer and returns its id.
func (c *catalog) customer(p mdclient.Party) uuid.UUID {
	c.mu.Lock()
	defer c.mu.Unlock()
	id := uuid.New()
	c.customers[id] = p
	return id
}

// vendor adds a vendor and returns its id.
func (c *catalog) vendor(p mdclient.Party) uuid.UUID {
	c.mu.Lock()
	defer c.mu.Unlock()
	id := uuid.New()
	c.vendors[id] = p
	return id
}

func (c *catalog) Customer(_ context.Context, id uuid.UUID) (mdclient.Party, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	p, ok := c.customers[id]
	if !ok {
		return mdclient.Party{}, errs.E(errs.NotFound, "customer %s not found", id)
	}
	return p, nil
}

func (c *catalog) Vendor(_ context.Context, id uuid.UUID) (mdclient.Party, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	p, ok := c.vendors[id]
	if !ok {
		return mdclient.Party{}, errs.E(errs.NotFound, "vendor %s not found", id)
	}
	return p, nil
}

func (c *catalog) Products(_ context.Context, ids []uuid.UUID) (map[uuid.UUID]mdclient.Product, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := map[uuid.UUID]mdclient.Product{}
	for _, id := range ids {
		if p, ok := c.products[id]; ok {
			out[id] = p
		}
	}
	return out, nil
}
