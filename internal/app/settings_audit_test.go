package app_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/vextrus/vextrus/internal/audit"
	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/db/dbtest"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/kafkax/kafkatest"
	"github.com/vextrus/vextrus/internal/platform/lifecycle"
	"github.com/vextrus/vextrus/internal/platform/tenant"
	"github.com/vextrus/vextrus/internal/platform/tenantsettings"
	"github.com/vextrus/vextrus/internal/platform/testwait"
	"github.com/vextrus/vextrus/internal/settings"
)

// TestSettingsChangesAreAudited runs the settings service's relay and the
// audit consumer on one broker, as the app wires them, and finds a
// settings change and a flag change in the tenant's audit log with who
// made them and why.
func TestSettingsChangesAreAudited(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t, db.PlatformSchema, settings.Schema, audit.Schema)
	broker := kafkatest.New(t)
	outbox, err := events.NewOutbox(settings.Schema.Name)
	if err != nil {
		t.Fatal(err)
	}
	catalog, err := tenantsettings.NewCatalog(tenantsettings.FlagDef{Key: "notify.sms"})
	if err != nil {
		t.Fatal(err)
	}
	svc, err := settings.New(settings.Deps{DB: d.App, Events: outbox, Flags: catalog})
	if err != nil {
		t.Fatal(err)
	}
	own, err := events.NewOutbox("audit")
	if err != nil {
		t.Fatal(err)
	}
	cfg := audit.DefaultConfig()
	cfg.DiscoveryInterval = 200 * time.Millisecond
	log, err := audit.New(audit.Deps{DB: d.App, Events: own, Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	consumer, err := log.Consumer(d.App, broker.Config())
	if err != nil {
		t.Fatal(err)
	}
	relay := events.NewRelay(events.RelayConfig{}, events.RelayDeps{Outbox: outbox, Pool: d.App, ListenDSN: d.AppURL,
		Kafka: kafkatest.Client(t, broker), Topics: broker.Config()})
	for _, s := range []lifecycle.Service{relay, consumer} {
		if err := s.Start(context.Background()); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = s.Stop(context.Background()) })
	}

	tid := tenant.New()
	admin := authz.With(context.Background(), &authz.Principal{UserID: "owner-1", Tenant: tid, Permissions: map[string]bool{
		settings.PermTenantWrite: true, settings.PermFlagWrite: true, audit.PermEventRead: true}})
	next := settings.Demo()
	next.Timezone = "UTC"
	if _, err := svc.Replace(admin, next, 0, "head office moved to London"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SetFlag(admin, "notify.sms", tenantsettings.FlagState{Enabled: true, RolloutPercent: 100}, 0, "SMS pilot"); err != nil {
		t.Fatal(err)
	}
	var entries []audit.Entry
	testwait.Until(t, 30*time.Second, "both changes in the audit log", func() (bool, error) {
		page, err := log.List(admin, audit.Filter{Limit: 10})
		entries = page.Items
		return len(entries) == 2, err
	})
	want := map[string]string{tenantsettings.EventChanged: "head office moved to London", tenantsettings.EventFlagChanged: "SMS pilot"}
	for _, e := range entries {
		var p struct{ Reason string }
		if err := json.Unmarshal(e.Data, &p); err != nil {
			t.Fatal(err)
		}
		if want[e.Type] != p.Reason || e.Actor != "owner-1" || e.Source != settings.Schema.Name || e.Subject != tid.String() {
			t.Errorf("audited %s by %q from %s about %s: %s", e.Type, e.Actor, e.Source, e.Subject, e.Data)
		}
		delete(want, e.Type)
	}
	if len(want) != 0 {
		t.Fatalf("not audited: %v", want)
	}
}
