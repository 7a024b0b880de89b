package settings_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/vextrus/vextrus/internal/platform/db/dbtest"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/kafkax/kafkatest"
	"github.com/vextrus/vextrus/internal/platform/tenant"
	"github.com/vextrus/vextrus/internal/platform/tenantsettings"
	"github.com/vextrus/vextrus/internal/platform/testwait"
	"github.com/vextrus/vextrus/internal/settings"
)

// TestANewTenantGetsItsDefaultsFromTheConsumer publishes auth's
// tenant-created event, twice as a redelivery would, and waits for the
// tenant's first settings: the defaults under its name, once; and the
// demo company for dev's demo tenant.
func TestANewTenantGetsItsDefaultsFromTheConsumer(t *testing.T) {
	f := newFixture(t, func(d *settings.Deps) { d.DemoSlug = "demo" })
	broker := kafkatest.New(t)
	consumers, err := f.svc.Consumers(f.db.App, broker.Config())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, c := range consumers {
		if err := c.Start(ctx); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = c.Stop(context.Background()) })
	}
	cl := kafkatest.Client(t, broker)
	topic := events.Topic("auth")
	if _, err := kadm.NewClient(cl).CreateTopic(ctx, 1, 1, nil, topic); err != nil {
		t.Fatal(err)
	}
	created := func(slug, name string) (tenant.ID, *kgo.Record) {
		tid := tenant.New()
		ev := events.Event{ID: uuid.Must(uuid.NewV7()).String(), Source: "auth", Type: settings.EventTenantCreated,
			Subject: tid.String(), Time: time.Now(), Tenant: tid,
			Data: []byte(`{"tenantId":"` + tid.String() + `","slug":"` + slug + `","name":"` + name + `"}`)}
		return tid, events.Record(topic, ev)
	}
	tid, rec := created("meghna", "Meghna Traders")
	demo, demoRec := created("demo", "Demo Trading Ltd")
	if err := cl.ProduceSync(ctx, rec, rec, demoRec).FirstErr(); err != nil {
		t.Fatal(err)
	}
	var snap, demoSnap *tenantsettings.Snapshot
	testwait.Until(t, 20*time.Second, "the new tenants' settings", func() (bool, error) {
		snap, err = f.svc.Snapshot(ctx, tid)
		if err != nil {
			return false, err
		}
		demoSnap, err = f.svc.Snapshot(ctx, demo)
		return snap.Version > 0 && demoSnap.Version > 0, err
	})
	if demoSnap.Settings.Company.LegalName != settings.Demo().Company.LegalName || demoSnap.Settings.Company.BIN == "" {
		t.Fatalf("demo tenant = %+v", demoSnap.Settings.Company)
	}
	if snap.Version != 1 || snap.Settings.Company.LegalName != "Meghna Traders" || snap.Settings.Timezone != "Asia/Dhaka" ||
		snap.Settings.FiscalYearStartMonth != 7 {
		t.Fatalf("seeded = %+v", snap)
	}
	evs := f.outbox(t, tid, tenantsettings.EventChanged)
	if len(evs) != 1 || evs[0].Actor != "" {
		t.Fatalf("seeding events = %+v", evs)
	}
}

func TestTheDemoCompanyReplacesOnlyUntouchedDefaults(t *testing.T) {
	f := newFixture(t)
	tid := tenant.New()
	if err := f.svc.SeedDemo(t.Context(), tid); err != nil {
		t.Fatal(err)
	}
	d, err := f.svc.Get(admin(tid))
	if err != nil || d.Version != 1 || d.Settings.Company.BIN != "0012345670101" || d.Settings.Company.RegisteredAddress.Division != "dhaka" {
		t.Fatalf("demo = %+v (%v)", d, err)
	}
	next := d.Settings
	next.Defaults.PaymentTermsDays = 60
	if _, err := f.svc.Replace(admin(tid), next, 1, "longer terms"); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.SeedDemo(t.Context(), tid); err != nil {
		t.Fatal(err)
	}
	if d, _ := f.svc.Get(admin(tid)); d.Version != 2 || d.Settings.Defaults.PaymentTermsDays != 60 {
		t.Fatalf("second dev start overwrote the change: %+v", d)
	}
}

func TestSettingsTablesAreProtectedByRLS(t *testing.T) {
	f := newFixture(t)
	dbtest.AssertRLS(t, f.db.Admin, "settings")
}
