package rules_test

import (
	"encoding/json"
	"testing"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/rules"
)

func TestOneTenantsEditsNeverAffectAnother(t *testing.T) {
	f := newFixture(t)
	a, b := f.seeded(t), f.seeded(t)
	furniture := `{"supplyType":"local","category":"furniture"}`
	// B's programs are cached before A changes anything.
	if got := mustEval(t, f.svc, admin(b), "vat.rate", furniture, "2026-08-01"); got.Output["rate"] != "15.00" {
		t.Fatalf("b before = %v", got.Output)
	}
	v := newVATVersion(t, f, a, "20", "2026-07-01")
	if _, err := f.svc.Publish(admin(a), "vat.rate", v.Number, 0); err != nil {
		t.Fatal(err)
	}
	name := "A's invoices"
	if _, err := f.svc.UpdateRuleSet(admin(a), "approval.chain.invoice", 0, rules.RuleSetPatch{Name: &name}); err != nil {
		t.Fatal(err)
	}
	if got := mustEval(t, f.svc, admin(a), "vat.rate", furniture, "2026-08-01"); got.Output["rate"] != "20.00" || got.Version != 2 {
		t.Fatalf("a after = %v v%d, want 20 from version 2", got.Output, got.Version)
	}
	for _, svc := range []*rules.Service{f.svc, f.service(t)} { // cached and cold
		if got := mustEval(t, svc, admin(b), "vat.rate", furniture, "2026-08-01"); got.Output["rate"] != "15.00" || got.Version != 1 {
			t.Fatalf("b after = %v v%d, want 15 from version 1", got.Output, got.Version)
		}
	}
	if _, err := f.svc.Version(admin(b), "vat.rate", 2); errs.CodeOf(err) != errs.NotFound {
		t.Fatalf("b sees a's version 2: %v", err)
	}
	set, _, err := f.svc.RuleSet(admin(b), "approval.chain.invoice")
	if err != nil || set.Name == name {
		t.Fatalf("b's invoice chain = %q (%v)", set.Name, err)
	}
}

func TestAnotherProcessDropsItsProgramsOnThePublishedEvent(t *testing.T) {
	f := newFixture(t)
	tid := f.seeded(t)
	other := f.service(t)
	furniture := `{"supplyType":"local","category":"furniture"}`
	if got := mustEval(t, other, admin(tid), "vat.rate", furniture, "2026-08-01"); got.Version != 1 {
		t.Fatalf("other before = v%d", got.Version)
	}
	v := newVATVersion(t, f, tid, "16", "2026-07-01")
	if _, err := f.svc.Publish(admin(tid), "vat.rate", v.Number, 0); err != nil {
		t.Fatal(err)
	}
	// Until the event arrives the other process answers from its cache.
	if got := mustEval(t, other, admin(tid), "vat.rate", furniture, "2026-08-01"); got.Version != 1 {
		t.Fatalf("other before the event = v%d, want its cached v1", got.Version)
	}
	var data []byte
	if err := f.db.Admin.QueryRow(t.Context(), `SELECT data::text FROM rules.outbox WHERE type = $1 ORDER BY id DESC LIMIT 1`,
		rules.EventPublished).Scan(&data); err != nil {
		t.Fatal(err)
	}
	if !json.Valid(data) {
		t.Fatalf("event data %s", data)
	}
	ev := events.Event{Type: rules.EventPublished, Tenant: tid, Data: data}
	if err := other.HandleEvent(t.Context(), ev); err != nil {
		t.Fatal(err)
	}
	if got := mustEval(t, other, admin(tid), "vat.rate", furniture, "2026-08-01"); got.Version != 2 || got.Output["rate"] != "16.00" {
		t.Fatalf("other after the event = v%d %v, want v2 at 16", got.Version, got.Output)
	}
}
