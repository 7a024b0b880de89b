package notify_test

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/notify"
	"github.com/vextrus/vextrus/internal/notify/mailbox"
	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/db/dbtest"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/lifecycle"
	"github.com/vextrus/vextrus/internal/platform/tenant"
	"github.com/vextrus/vextrus/internal/platform/tenantsettings"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// secret is the shared secret tokens are sealed under in the tests.
const secret = "test-service-token-secret"

// fixture is a notify service on a fresh database, with an SMTP server
// in process (its mailbox), a directory in memory, settable flags and
// clock, and its runner and listener running.
type fixture struct {
	svc   *notify.Service
	db    *dbtest.DB
	box   *mailbox.Box
	smtp  *mailbox.Server
	dir   *directory
	flags *flags
	clock *clock
}

// newFixture builds the fixture; with changes Deps before the service is
// built (other channels, a fixed clock).
func newFixture(tb testing.TB, with ...func(*notify.Deps)) *fixture {
	tb.Helper()
	d := dbtest.New(tb, db.PlatformSchema, notify.Schema)
	f := &fixture{db: d, box: mailbox.NewBox(0), dir: newDirectory(), flags: &flags{on: map[string]bool{notify.FlagEmail: true}},
		clock: &clock{}}
	f.smtp = mailbox.NewServer(f.box)
	if err := f.smtp.Start("127.0.0.1:0"); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = f.smtp.Stop() })
	email, err := notify.NewEmail(smtpConfig(f.smtp.Addr()))
	if err != nil {
		tb.Fatal(err)
	}
	deps := notify.Deps{DB: d.App, Settings: f.flags, Channels: []notify.Channel{email}, Directory: f.dir, Now: f.clock.Now,
		PublicURL: func() string { return "https://erp.example" }, TokenSecret: secret,
		Config: notify.Config{PollInterval: 50 * time.Millisecond, BackoffBase: 50 * time.Millisecond,
			MaxBackoff: 200 * time.Millisecond, RetryFor: time.Hour, Workers: 4}}
	for _, w := range with {
		w(&deps)
	}
	if f.svc, err = notify.New(deps); err != nil {
		tb.Fatal(err)
	}
	for _, s := range []lifecycle.Service{f.svc.Listener(), f.svc.Runner()} {
		if err := s.Start(context.Background()); err != nil {
			tb.Fatal(err)
		}
		tb.Cleanup(func() { _ = s.Stop(context.Background()) })
	}
	return f
}

func smtpConfig(addr string) notify.SMTPConfig {
	host, port := splitAddr(addr)
	return notify.SMTPConfig{Host: host, Port: port, TLS: "none", From: "Vextrus <no-reply@erp.example>", Timeout: 5 * time.Second}
}

// event makes an event of typ for tenant t with payload data.
func event(t tenant.ID, typ string, data any) events.Event {
	b, err := json.Marshal(data)
	if err != nil {
		panic(err)
	}
	return events.Event{ID: uuid.Must(uuid.NewV7()).String(), Type: typ, Tenant: t, Time: time.Now().UTC(), Data: b}
}

// handle hands ev to the service.
func (f *fixture) handle(tb testing.TB, ev events.Event) {
	tb.Helper()
	if err := f.svc.Handle(context.Background(), ev); err != nil {
		tb.Fatalf("handle %s: %v", ev.Type, err)
	}
}

// deliveries counts tenant t's deliveries by state, bypassing row-level
// security.
func (f *fixture) deliveries(tb testing.TB, t tenant.ID) map[string]int {
	tb.Helper()
	rows, err := f.db.Admin.Query(context.Background(),
		`select state, count(*) from notify.deliveries where tenant_id = $1 group by state`, t.UUID())
	if err != nil {
		tb.Fatal(err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var s string
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			tb.Fatal(err)
		}
		out[s] = n
	}
	return out
}

// dueAt reads (key, next attempt) pairs with query, bypassing row-level
// security: when each delivery goes, by address or user.
func (f *fixture) dueAt(tb testing.TB, query string, args ...any) map[string]time.Time {
	tb.Helper()
	rows, err := f.db.Admin.Query(context.Background(), query, args...)
	if err != nil {
		tb.Fatal(err)
	}
	defer rows.Close()
	out := map[string]time.Time{}
	for rows.Next() {
		var k string
		var at time.Time
		if err := rows.Scan(&k, &at); err != nil {
			tb.Fatal(err)
		}
		out[k] = at
	}
	if err := rows.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

// as returns a context whose caller is user of t holding perms (every
// notify permission when none).
func as(t tenant.ID, user string, perms ...string) context.Context {
	if len(perms) == 0 {
		for _, p := range notify.Permissions {
			perms = append(perms, p.Name)
		}
	}
	p := &authz.Principal{UserID: user, Tenant: t, Permissions: map[string]bool{}}
	for _, perm := range perms {
		p.Permissions[perm] = true
	}
	return tenant.With(authz.With(context.Background(), p), t)
}

// directory is auth and master data in memory, for every tenant.
type directory struct {
	mu        sync.Mutex
	users     map[string]notify.User
	roles     map[string][]string
	customers map[string]notify.Party
	down      bool
}

func newDirectory() *directory {
	return &directory{users: map[string]notify.User{}, roles: map[string][]string{}, customers: map[string]notify.Party{}}
}

// addUser adds an active user with the roles and returns its id.
func (d *directory) addUser(email, name, locale string, roles ...string) string {
	d.mu.Lock()
	defer d.mu.Unlock()
	id := uuid.Must(uuid.NewV7()).String()
	d.users[id] = notify.User{ID: id, Email: email, Name: name, Locale: locale, Status: "active"}
	for _, r := range roles {
		d.roles[r] = append(d.roles[r], id)
	}
	return id
}

func (d *directory) User(_ context.Context, id string) (notify.User, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.down {
		return notify.User{}, errs.E(errs.Unavailable, "auth is down")
	}
	u, ok := d.users[id]
	if !ok {
		return notify.User{}, errs.E(errs.NotFound, "no such user")
	}
	return u, nil
}

func (d *directory) UsersWithRole(_ context.Context, role string) ([]notify.User, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	var out []notify.User
	for _, id := range d.roles[role] {
		out = append(out, d.users[id])
	}
	return out, nil
}

func (d *directory) DepartmentMembers(context.Context, string, bool) ([]string, error) {
	return nil, nil
}

func (d *directory) Customer(_ context.Context, id string) (notify.Party, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	p, ok := d.customers[id]
	if !ok {
		return notify.Party{}, errs.E(errs.NotFound, "no such customer")
	}
	return p, nil
}

// flags are every tenant's settings (the defaults, locale Bangla, zone
// Dhaka) and the notify flags.
type flags struct {
	mu sync.Mutex
	on map[string]bool
}

func (f *flags) Settings(context.Context, tenant.ID) (*tenantsettings.Settings, error) {
	s := tenantsettings.Default("Meghna Builders Ltd")
	s.Company.LegalNameBn = "মেঘনা বিল্ডার্স লিমিটেড"
	return &s, nil
}

func (f *flags) Enabled(_ context.Context, _ tenant.ID, _, key string) (bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.on[key], nil
}

// clock is the service's clock: the real time, or a fixed one once set.
type clock struct {
	mu sync.Mutex
	at time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.at.IsZero() {
		return time.Now()
	}
	return c.at
}

func (c *clock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.at = t
}

// failing is a channel that always fails, as an SMTP server that refuses.
type failing struct{ name string }

func (c failing) Name() string { return c.name }
func (c failing) Send(context.Context, notify.Message) error {
	return errors.New("421 service not available")
}

// recorder is a channel that keeps what it sends.
type recorder struct {
	name string
	mu   sync.Mutex
	sent []notify.Message
}

func (c *recorder) Name() string { return c.name }
func (c *recorder) Send(_ context.Context, m notify.Message) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sent = append(c.sent, m)
	return nil
}

func (c *recorder) messages() []notify.Message {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]notify.Message(nil), c.sent...)
}
