package rules_test

import (
	"context"
	"testing"
	"time"

	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/tenant"
	"github.com/vextrus/vextrus/internal/platform/tenantsettings"
	"github.com/vextrus/vextrus/internal/rules"
)

// staticSettings is the settings service as the client sees it: each
// tenant's document fixed by the test.
type staticSettings map[tenant.ID]tenantsettings.Settings

func (s staticSettings) Snapshot(_ context.Context, t tenant.ID) (*tenantsettings.Snapshot, error) {
	st, ok := s[t]
	if !ok {
		st = tenantsettings.Default("T")
	}
	return &tenantsettings.Snapshot{Settings: st}, nil
}

// TestARuleTakesEffectAtTheTenantsMidnight: at 20:00 UTC on 30 June it is
// already 1 July in Dhaka. A rate effective from 1 July applies to the
// tenant on Asia/Dhaka and not yet to the one on UTC, and their fiscal
// years are July's and January's, each as its settings say.
func TestARuleTakesEffectAtTheTenantsMidnight(t *testing.T) {
	f := newFixture(t)
	f.now = time.Date(2026, 6, 30, 20, 0, 0, 0, time.UTC)
	onUTC, inDhaka := f.seeded(t), f.seeded(t)
	a := tenantsettings.Default("A")
	a.Timezone, a.FiscalYearStartMonth = "UTC", 1
	cat, _ := tenantsettings.NewCatalog()
	client := tenantsettings.NewClient(staticSettings{onUTC: a}, cat, tenantsettings.ClientOptions{})
	outbox, err := events.NewOutbox("rules")
	if err != nil {
		t.Fatal(err)
	}
	svc, err := rules.New(rules.Deps{DB: f.db.App, Events: outbox, Settings: client, Now: func() time.Time { return f.now }})
	if err != nil {
		t.Fatal(err)
	}
	furniture := `{"supplyType":"local","category":"furniture"}`
	for _, tid := range []tenant.ID{onUTC, inDhaka} {
		v := newVATVersion(t, f, tid, "20", "2026-07-01")
		if _, err := f.svc.Publish(admin(tid), "vat.rate", v.Number, 0); err != nil {
			t.Fatal(err)
		}
	}
	if got := mustEval(t, svc, admin(onUTC), "vat.rate", furniture, ""); got.Output["rate"] != "15.00" {
		t.Errorf("on UTC it is still 30 June: rate %v, want 15.00", got.Output["rate"])
	}
	if got := mustEval(t, svc, admin(inDhaka), "vat.rate", furniture, ""); got.Output["rate"] != "20.00" {
		t.Errorf("in Dhaka it is 1 July: rate %v, want 20.00", got.Output["rate"])
	}
	for tid, want := range map[tenant.ID]string{onUTC: "2026", inDhaka: "2026-27"} {
		if _, _, label, err := client.FiscalYear(context.Background(), tid, f.now); err != nil || label != want {
			t.Errorf("fiscal year %q (%v), want %q", label, err, want)
		}
	}
}
