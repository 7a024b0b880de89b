package rules_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/tenant"
	"github.com/vextrus/vextrus/internal/rules"
)

// newVATVersion drafts a copy of the seeded VAT table with the standard
// rate changed, effective from.
func newVATVersion(tb testing.TB, f *fixture, t tenant.ID, rate, from string) rules.Version {
	tb.Helper()
	ctx := admin(t)
	v1, err := f.svc.Version(ctx, "vat.rate", 1)
	if err != nil {
		tb.Fatal(err)
	}
	spec := v1.VersionSpec
	spec.EffectiveFrom, spec.EffectiveTo = date(tb, from), nil
	spec.Reference = "Finance Act (test): standard rate " + rate + "%"
	spec.Rows = append([]rules.Row(nil), spec.Rows...)
	last := len(spec.Rows) - 1
	spec.Rows[last] = rules.Row{Description: "Standard rate", Condition: "true",
		Outputs: map[string]string{"rate": rate, "treatment": `"standard"`, "sdRate": "0"}}
	spec.Tests = []rules.TestCase{{Name: "standard", Input: json.RawMessage(`{"supplyType":"local","category":"furniture"}`),
		Expected: json.RawMessage(`{"rate":"` + rate + `"}`)}}
	v, err := f.svc.CreateDraft(ctx, "vat.rate", spec)
	if err != nil {
		tb.Fatalf("create draft: %v", err)
	}
	return v
}

func TestPublishingAVersionWhoseTestFailsChangesNothing(t *testing.T) {
	f := newFixture(t)
	tid := f.seeded(t)
	ctx := admin(tid)
	v := newVATVersion(t, f, tid, "16", "2026-07-01")
	v.Tests = append(v.Tests, rules.TestCase{Name: "exports stay zero-rated",
		Input: json.RawMessage(`{"supplyType":"export","category":"garments"}`), Expected: json.RawMessage(`{"rate":"5"}`)})
	v, err := f.svc.UpdateDraft(ctx, "vat.rate", v.Number, v.Revision, v.VersionSpec)
	if err != nil {
		t.Fatal(err)
	}
	before := f.outboxCount(t, rules.EventPublished)

	_, err = f.svc.Publish(ctx, "vat.rate", v.Number, v.Revision)
	e := errs.As(err)
	if e.Code != errs.FailedPrecondition || len(e.Fields) != 1 || !strings.Contains(e.Fields[0].Message, `"exports stay zero-rated"`) ||
		!strings.Contains(e.Message, `want "5", got "0.00"`) {
		t.Fatalf("publish = %v %+v, want FAILED_PRECONDITION listing the failing case", err, e.Fields)
	}
	after, err := f.svc.Version(ctx, "vat.rate", v.Number)
	if err != nil || after.Status != rules.Draft || after.Revision != v.Revision {
		t.Fatalf("version after refused publish = %s rev %d (%v), want unchanged draft", after.Status, after.Revision, err)
	}
	old, _ := f.svc.Version(ctx, "vat.rate", 1)
	if old.EffectiveTo != nil {
		t.Fatalf("version 1 was closed on %v by a refused publish", old.EffectiveTo)
	}
	if got := mustEval(t, f.svc, ctx, "vat.rate", `{"supplyType":"local","category":"furniture"}`, "2026-08-01"); got.Version != 1 {
		t.Fatalf("evaluation uses version %d after a refused publish", got.Version)
	}
	if n := f.outboxCount(t, rules.EventPublished); n != before {
		t.Fatalf("published events %d → %d after a refused publish", before, n)
	}
}

func TestEvaluationBeforeANewVersionsDateUsesTheOldVersion(t *testing.T) {
	f := newFixture(t)
	tid := f.seeded(t)
	ctx := admin(tid)
	v := newVATVersion(t, f, tid, "16", "2026-07-01")
	// Warm the cache so the publish must invalidate it.
	mustEval(t, f.svc, ctx, "vat.rate", `{"supplyType":"local","category":"furniture"}`, "2026-08-01")
	if _, err := f.svc.Publish(ctx, "vat.rate", v.Number, v.Revision); err != nil {
		t.Fatalf("publish: %v", err)
	}
	furniture := `{"supplyType":"local","category":"furniture"}`
	for _, tc := range []struct {
		at, rate string
		version  int
	}{{"2026-06-30", "15.00", 1}, {"2026-07-01", "16.00", 2}, {"2030-01-01", "16.00", 2}, {"2019-07-01", "15.00", 1}} {
		res := mustEval(t, f.svc, ctx, "vat.rate", furniture, tc.at)
		if res.Output["rate"] != tc.rate || res.Version != tc.version {
			t.Errorf("at %s: rate %v version %d, want %s version %d", tc.at, res.Output["rate"], res.Version, tc.rate, tc.version)
		}
	}
	old, _ := f.svc.Version(ctx, "vat.rate", 1)
	if old.EffectiveTo == nil || old.EffectiveTo.Format(time.DateOnly) != "2026-06-30" {
		t.Fatalf("version 1 ends %v, want 2026-06-30", old.EffectiveTo)
	}
	// Without a date, today in Asia/Dhaka decides: 20:00 UTC on 30 June
	// is already 1 July in Dhaka.
	f.now = time.Date(2026, 6, 30, 20, 0, 0, 0, time.UTC)
	if res := mustEval(t, f.svc, ctx, "vat.rate", furniture, ""); res.Version != 2 {
		t.Fatalf("today in Dhaka used version %d, want 2", res.Version)
	}
	if n := f.outboxCount(t, rules.EventPublished); n != 9 {
		t.Fatalf("published events = %d, want 8 seeded + 1", n)
	}
}

func TestPublishedPeriodsNeverOverlap(t *testing.T) {
	f := newFixture(t)
	tid := f.seeded(t)
	ctx := admin(tid)
	v := newVATVersion(t, f, tid, "16", "2026-07-01")
	if _, err := f.svc.Publish(ctx, "vat.rate", v.Number, 0); err != nil {
		t.Fatal(err)
	}
	w := newVATVersion(t, f, tid, "17", "2025-01-01")
	_, err := f.svc.Publish(ctx, "vat.rate", w.Number, 0)
	if errs.CodeOf(err) != errs.FailedPrecondition || !strings.Contains(err.Error(), "overlap") {
		t.Fatalf("publish overlapping = %v, want FAILED_PRECONDITION", err)
	}
}

func TestRetiringLeavesNoVersionInForce(t *testing.T) {
	f := newFixture(t)
	tid := f.seeded(t)
	ctx := admin(tid)
	if _, err := eval(t, f.svc, ctx, "vat.rate", `{"supplyType":"local","category":"x"}`, "2019-06-30"); errs.CodeOf(err) != errs.FailedPrecondition {
		t.Fatalf("before the first version: %v, want FAILED_PRECONDITION", err)
	}
	if _, err := f.svc.Retire(ctx, "vat.rate", 1, 0); err != nil {
		t.Fatal(err)
	}
	_, err := eval(t, f.svc, ctx, "vat.rate", `{"supplyType":"local","category":"x"}`, "2026-01-01")
	if errs.CodeOf(err) != errs.FailedPrecondition || !strings.Contains(err.Error(), "no version in force on 2026-01-01") {
		t.Fatalf("after retiring: %v, want FAILED_PRECONDITION", err)
	}
	if n := f.outboxCount(t, rules.EventRetired); n != 1 {
		t.Fatalf("retired events = %d, want 1", n)
	}
	if _, err := f.svc.Retire(ctx, "vat.rate", 1, 0); errs.CodeOf(err) != errs.FailedPrecondition {
		t.Fatalf("retiring twice: %v", err)
	}
}

func TestBadDraftsAreRefusedAtSave(t *testing.T) {
	f := newFixture(t)
	tid := f.seeded(t)
	ctx := admin(tid)
	v1, _ := f.svc.Version(ctx, "vat.rate", 1)
	spec := v1.VersionSpec
	spec.Rows = append([]rules.Row(nil), spec.Rows...)
	spec.Rows[2] = rules.Row{Condition: `supplyType == `, Outputs: spec.Rows[2].Outputs}
	_, err := f.svc.CreateDraft(ctx, "vat.rate", spec)
	wantField(t, err, errs.InvalidArgument, "rows[2].condition", "syntax error at line 1, column")
	spec.Rows[2] = rules.Row{Condition: `category > 5`, Outputs: spec.Rows[2].Outputs}
	_, err = f.svc.CreateDraft(ctx, "vat.rate", spec)
	wantField(t, err, errs.InvalidArgument, "rows[2].condition", "type error")
	if _, versions, _ := f.svc.RuleSet(ctx, "vat.rate"); len(versions) != 1 {
		t.Fatalf("refused drafts were saved: %d versions", len(versions))
	}
}

func TestCallersNeedPermissions(t *testing.T) {
	f := newFixture(t)
	tid := f.seeded(t)
	reader := as(tid, rules.PermRead)
	if _, err := eval(t, f.svc, reader, "vat.rate", `{"supplyType":"local","category":"x"}`, ""); errs.CodeOf(err) != errs.PermissionDenied {
		t.Fatalf("evaluate as reader: %v", err)
	}
	if _, err := f.svc.Publish(as(tid, rules.PermRead, rules.PermWrite), "vat.rate", 1, 0); errs.CodeOf(err) != errs.PermissionDenied {
		t.Fatalf("publish as writer: %v", err)
	}
	if _, _, err := f.svc.RuleSets(t.Context(), "", 10); errs.CodeOf(err) != errs.Unauthenticated {
		t.Fatalf("list without a caller: %v", err)
	}
}
