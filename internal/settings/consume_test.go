package settings_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/twmb/franz-go/pkg/kadm"

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
// tenant's first settings: the defaults under its name, once.
func TestANewTenantGetsItsDefaultsFromTheConsumer(t *testing.T) {
	f := newFixture(t)
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
	tid := tenant.New()
	ev := events.Event{ID: uuid.Must(uuid.NewV7()).String(), Source: "auth", Type: settings.EventTenantCreated,
		Subject: tid.String(), Time: time.Now(), Tenant: tid,
		Data: []byte(`{"tenantId":"` + tid.String() + `","slug":"meghna","name":"Meghna Traders"}`)}
	if err := cl.ProduceSync(ctx, events.Record(topic, ev), events.Record(topic, ev)).FirstErr(); err != nil {
		t.Fatal(err)
	}
	var snap *tenantsettings.Snapshot
	testwait.Until(t, 20*time.Second, "the new tenant's settings", func() (bool, error) {
		snap, err = f.svc.Snapshot(ctx, tid)
		return err == nil && snap.Version > 0, err
	})
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
