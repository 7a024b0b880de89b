package settings_test

import (
	"context"
	"testing"

	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/db/dbtest"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/tenant"
	"github.com/vextrus/vextrus/internal/platform/tenantsettings"
	"github.com/vextrus/vextrus/internal/settings"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// fixture is a settings service on a fresh database with the real outbox
// and a catalog of two flags.
type fixture struct {
	svc *settings.Service
	db  *dbtest.DB
}

// newFixture builds the fixture; with changes Deps before the service is
// built.
func newFixture(tb testing.TB, with ...func(*settings.Deps)) *fixture {
	tb.Helper()
	d := dbtest.New(tb, db.PlatformSchema, settings.Schema)
	outbox, err := events.NewOutbox("settings")
	if err != nil {
		tb.Fatalf("outbox: %v", err)
	}
	catalog, err := tenantsettings.NewCatalog(
		tenantsettings.FlagDef{Key: "notify.sms", Description: "send SMS"},
		tenantsettings.FlagDef{Key: "documents.bangla-mushak", Description: "Bangla Mushak forms", Default: true})
	if err != nil {
		tb.Fatal(err)
	}
	deps := settings.Deps{DB: d.App, Events: outbox, Flags: catalog}
	for _, w := range with {
		w(&deps)
	}
	svc, err := settings.New(deps)
	if err != nil {
		tb.Fatalf("new service: %v", err)
	}
	return &fixture{svc: svc, db: d}
}

// as returns a context whose caller is user of t holding perms.
func as(t tenant.ID, user string, perms ...string) context.Context {
	p := &authz.Principal{UserID: user, Tenant: t, Permissions: map[string]bool{}}
	for _, perm := range perms {
		p.Permissions[perm] = true
	}
	return authz.With(context.Background(), p)
}

// admin is a caller of t with every settings permission.
func admin(t tenant.ID) context.Context {
	return as(t, "admin-"+t.String()[:8], settings.PermTenantRead, settings.PermTenantWrite, settings.PermFlagRead, settings.PermFlagWrite)
}

// company is a valid document of a VAT-registered company.
func company() tenantsettings.Settings {
	s := settings.Demo()
	if err := s.Validate(); err != nil {
		panic(err)
	}
	return s
}

// outbox returns the events of typ of tenant t in the settings outbox,
// oldest first, bypassing row-level security.
func (f *fixture) outbox(tb testing.TB, t tenant.ID, typ string) []dbtest.OutboxEvent {
	tb.Helper()
	return f.db.Outbox(tb, "settings", t, typ)
}
