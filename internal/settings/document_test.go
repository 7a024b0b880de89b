package settings_test

import (
	"encoding/json"
	"errors"
	"slices"
	"testing"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/tenant"
	"github.com/vextrus/vextrus/internal/platform/tenantsettings"
	"github.com/vextrus/vextrus/internal/settings"
)

func TestATenantWithoutSettingsHasTheDefaultsAtVersionZero(t *testing.T) {
	f := newFixture(t)
	tid := tenant.New()
	d, err := f.svc.Get(admin(tid))
	if err != nil || d.Version != 0 || d.Settings.Timezone != "Asia/Dhaka" || d.Settings.FiscalYearStartMonth != 7 {
		t.Fatalf("get = v%d %+v (%v)", d.Version, d.Settings, err)
	}
	snap, err := f.svc.Snapshot(t.Context(), tid)
	if err != nil || snap.Version != 0 || snap.Settings.BaseCurrency != "BDT" || len(snap.Flags) != 0 {
		t.Fatalf("snapshot = %+v (%v)", snap, err)
	}
}

func TestReplacedSettingsAreReadBackAtTheNextVersion(t *testing.T) {
	f := newFixture(t)
	tid := tenant.New()
	next := company()
	next.Timezone, next.FiscalYearStartMonth = "UTC", 1
	d, err := f.svc.Replace(admin(tid), next, 0, "we report on the calendar year")
	if err != nil || d.Version != 1 {
		t.Fatalf("first replace = v%d (%v)", d.Version, err)
	}
	next.Company.VATCircle = "Circle-6 (Gulshan)"
	if d, err = f.svc.Replace(admin(tid), next, 1, "moved to another circle"); err != nil || d.Version != 2 {
		t.Fatalf("second replace = v%d (%v)", d.Version, err)
	}
	got, err := f.svc.Get(admin(tid))
	if err != nil || got.Version != 2 || got.Settings.Company.VATCircle != "Circle-6 (Gulshan)" || got.Settings.Timezone != "UTC" ||
		got.Reason != "moved to another circle" || got.UpdatedBy != "admin-"+tid.String()[:8] {
		t.Fatalf("get = %+v (%v)", got, err)
	}
	snap, err := f.svc.Snapshot(t.Context(), tid)
	if err != nil || snap.Version != 2 || snap.Settings.FiscalYearStartMonth != 1 || snap.UpdatedAt.IsZero() {
		t.Fatalf("snapshot = %+v (%v)", snap, err)
	}
	// The same document again is no change: no version, no event.
	if d, err = f.svc.Replace(admin(tid), got.Settings, 2, "again"); err != nil || d.Version != 2 {
		t.Fatalf("unchanged replace = v%d (%v)", d.Version, err)
	}
	if n := len(f.outbox(t, tid, tenantsettings.EventChanged)); n != 2 {
		t.Fatalf("%d change events, want 2", n)
	}
}

func TestAChangeFromAnOldVersionIsRefused(t *testing.T) {
	f := newFixture(t)
	tid := tenant.New()
	if _, err := f.svc.Replace(admin(tid), company(), 0, "first"); err != nil {
		t.Fatal(err)
	}
	next := company()
	next.Locale = tenantsettings.LocaleBangla
	_, err := f.svc.Replace(admin(tid), next, 0, "made from the defaults")
	if errs.CodeOf(err) != errs.Conflict || !errors.Is(err, errs.ErrStaleVersion) {
		t.Fatalf("stale replace: %v", err)
	}
	if d, _ := f.svc.Get(admin(tid)); d.Version != 1 || d.Settings.Locale != tenantsettings.LocaleEnglish {
		t.Fatalf("after the stale replace: v%d %s", d.Version, d.Settings.Locale)
	}
}

func TestBadSettingsAreRefusedNamingEveryFieldAndNothingChanges(t *testing.T) {
	f := newFixture(t)
	tid := tenant.New()
	before, err := f.svc.Replace(admin(tid), company(), 0, "first")
	if err != nil {
		t.Fatal(err)
	}
	bad := company()
	bad.Timezone = "Asia/Dacca-Nowhere"
	bad.FiscalYearStartMonth = 13
	bad.Company.BIN = "123456789"
	bad.Numbering["proforma"] = tenantsettings.Numbering{Prefix: "PF", Pattern: "{prefix}/{seq}"}
	inv := bad.Numbering[tenantsettings.DocSalesInvoice]
	inv.Pattern = "{prefix}/{fy}/{serial}"
	bad.Numbering[tenantsettings.DocSalesInvoice] = inv
	_, err = f.svc.Replace(admin(tid), bad, 1, " ")
	e := errs.As(err)
	var fields []string
	for _, fe := range e.Fields {
		fields = append(fields, fe.Field)
	}
	want := []string{"timezone", "fiscalYearStartMonth", "company.bin",
		"numbering.proforma", "numbering.sales-invoice.pattern", "reason"}
	for _, w := range want {
		if !slices.Contains(fields, w) {
			t.Errorf("no error on %s; fields %v", w, fields)
		}
	}
	if e.Code != errs.InvalidArgument || len(fields) != len(want) {
		t.Fatalf("code %s, fields %v", e.Code, fields)
	}
	after, err := f.svc.Get(admin(tid))
	was, _ := json.Marshal(before.Settings)
	is, _ := json.Marshal(after.Settings)
	if err != nil || after.Version != 1 || string(was) != string(is) {
		t.Fatalf("settings changed: v%d (%v)", after.Version, err)
	}
	if n := len(f.outbox(t, tid, tenantsettings.EventChanged)); n != 1 {
		t.Fatalf("%d change events, want only the first", n)
	}
}

func TestTheChangeEventCarriesOldNewChangedPathsActorAndReason(t *testing.T) {
	f := newFixture(t)
	tid := tenant.New()
	if _, err := f.svc.Replace(admin(tid), company(), 0, "first"); err != nil {
		t.Fatal(err)
	}
	next := company()
	next.FiscalYearStartMonth = 1
	next.Company.BillingAddress.PostCode = "1711"
	if _, err := f.svc.Replace(admin(tid), next, 1, "the group reports on the calendar year"); err != nil {
		t.Fatal(err)
	}
	evs := f.outbox(t, tid, tenantsettings.EventChanged)
	if len(evs) != 2 {
		t.Fatalf("%d events", len(evs))
	}
	var first, second settings.Changed
	if err := json.Unmarshal(evs[0].Data, &first); err != nil || first.Old != nil || first.PreviousVersion != 0 {
		t.Fatalf("first event: %s (%v)", evs[0].Data, err)
	}
	ev := evs[1]
	if err := json.Unmarshal(ev.Data, &second); err != nil {
		t.Fatal(err)
	}
	if ev.Subject != tid.String() || ev.Actor != "admin-"+tid.String()[:8] || second.Reason != "the group reports on the calendar year" ||
		second.Version != 2 || second.PreviousVersion != 1 || second.Old == nil || second.Old.FiscalYearStartMonth != 7 ||
		second.New.FiscalYearStartMonth != 1 ||
		!slices.Equal(second.Changed, []string{"company.billingAddress.postCode", "fiscalYearStartMonth"}) {
		t.Fatalf("event: subject %s actor %s %s", ev.Subject, ev.Actor, ev.Data)
	}
}

func TestOneTenantNeverSeesOrChangesAnothersSettings(t *testing.T) {
	f := newFixture(t)
	a, b := tenant.New(), tenant.New()
	next := company()
	next.Timezone = "UTC"
	if _, err := f.svc.Replace(admin(a), next, 0, "a's own"); err != nil {
		t.Fatal(err)
	}
	got, err := f.svc.Get(admin(b))
	if err != nil || got.Version != 0 || got.Settings.Timezone != "Asia/Dhaka" {
		t.Fatalf("b sees %+v (%v)", got, err)
	}
	// B's change from A's version is B's own first version: refused.
	if _, err := f.svc.Replace(admin(b), next, 1, "b guesses a's version"); errs.CodeOf(err) != errs.Conflict {
		t.Fatalf("b replaced from a's version: %v", err)
	}
	if snap, _ := f.svc.Snapshot(t.Context(), a); snap.Version != 1 || snap.Settings.Timezone != "UTC" {
		t.Fatalf("a after b: %+v", snap)
	}
}

func TestSettingsNeedTheirPermissions(t *testing.T) {
	f := newFixture(t)
	tid := tenant.New()
	reader := as(tid, "accountant", settings.PermTenantRead)
	if _, err := f.svc.Get(reader); err != nil {
		t.Fatalf("reader get: %v", err)
	}
	if _, err := f.svc.Replace(reader, company(), 0, "no right"); errs.CodeOf(err) != errs.PermissionDenied {
		t.Fatalf("reader replace: %v", err)
	}
	if _, err := f.svc.Get(as(tid, "nobody")); errs.CodeOf(err) != errs.PermissionDenied {
		t.Fatalf("get without permission: %v", err)
	}
	if _, err := f.svc.Get(t.Context()); errs.CodeOf(err) != errs.Unauthenticated {
		t.Fatalf("anonymous get: %v", err)
	}
}
