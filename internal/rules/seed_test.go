package rules_test

import (
	"testing"

	"golang.org/x/sync/errgroup"

	"github.com/vextrus/vextrus/internal/platform/db/dbtest"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/tenant"
	"github.com/vextrus/vextrus/internal/rules"
)

func roles(tb testing.TB, out map[string]any) []string {
	tb.Helper()
	levels, ok := out["levels"].([]any)
	if !ok {
		tb.Fatalf("output %v has no levels list", out)
	}
	var rs []string
	for _, l := range levels {
		rs = append(rs, l.(map[string]any)["role"].(string))
	}
	return rs
}

func TestSeededInvoiceChainGrowsWithTheAmount(t *testing.T) {
	f := newFixture(t)
	ctx := admin(f.seeded(t))
	cases := []struct {
		amount string
		want   []string
	}{
		{"750000", []string{"accounts_payable", "department_head", "finance_manager"}},
		{"6000000", []string{"accounts_payable", "department_head", "finance_manager", "cfo", "ceo"}},
		{"100000", []string{"accounts_payable"}},
	}
	for _, tc := range cases {
		res := mustEval(t, f.svc, ctx, "approval.chain.invoice", `{"amount":"`+tc.amount+`","department":"FIN"}`, "")
		got := roles(t, res.Output)
		if len(got) != len(tc.want) {
			t.Fatalf("BDT %s: levels %v, want %v", tc.amount, got, tc.want)
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Fatalf("BDT %s: levels %v, want %v", tc.amount, got, tc.want)
			}
		}
		if len(res.Matched) != len(tc.want) {
			t.Fatalf("BDT %s: matched %v", tc.amount, res.Matched)
		}
	}
	level := mustEval(t, f.svc, ctx, "approval.chain.invoice", `{"amount":"6000000"}`, "").Output["levels"].([]any)[4].(map[string]any)
	if level["mode"] != "any" || level["slaHours"] != int64(72) {
		t.Fatalf("ceo level = %v", level)
	}
}

func TestSeededPurchaseOrderChain(t *testing.T) {
	f := newFixture(t)
	ctx := admin(f.seeded(t))
	if got := roles(t, mustEval(t, f.svc, ctx, "approval.chain.purchase_order", `{"amount":"50000.00"}`, "").Output); len(got) != 0 {
		t.Fatalf("BDT 50,000 needs %v, want no approval", got)
	}
	got := roles(t, mustEval(t, f.svc, ctx, "approval.chain.purchase_order", `{"amount":"100000.01","department":"OPS"}`, "").Output)
	if len(got) != 2 || got[0] != "department_head" || got[1] != "finance" {
		t.Fatalf("BDT 1,00,000.01 needs %v", got)
	}
}

func TestSeededTaxAndCreditTables(t *testing.T) {
	f := newFixture(t)
	ctx := admin(f.seeded(t))
	vat := mustEval(t, f.svc, ctx, "vat.rate", `{"supplyType":"local","category":"procurement_supplier"}`, "")
	if vat.Output["rate"] != "7.50" || vat.Output["treatment"] != "reduced" || vat.Version != 1 {
		t.Fatalf("vat = %+v", vat)
	}
	ait := mustEval(t, f.svc, ctx, "ait.rate", `{"category":"contractor","amount":"250000.50"}`, "")
	if ait.Output["rate"] != "10.50" || ait.Output["withholding"] != "26250.05" {
		t.Fatalf("ait without PSR = %v", ait.Output)
	}
	vds := mustEval(t, f.svc, ctx, "vds.rate", `{"treatment":"reduced","vatRate":"7.50","withholdingEntity":true}`, "")
	if vds.Output["deductPercent"] != "100.00" {
		t.Fatalf("vds of a reduced rate to a withholding buyer = %v", vds.Output)
	}
	if out := mustEval(t, f.svc, ctx, "vds.rate", `{"treatment":"standard","vatRate":"15"}`, "").Output; out["deductPercent"] != "0.00" {
		t.Fatalf("vds of a buyer that withholds nothing = %v", out)
	}
	credit := mustEval(t, f.svc, ctx, "credit.check", `{"amount":"10000","outstanding":"95000","creditLimit":"100000"}`, "")
	if credit.Output["decision"] != "review" || credit.Output["available"] != "-5000.00" {
		t.Fatalf("credit = %v", credit.Output)
	}
}

func TestSeededSalesOrderChainAddsTheCFOAbove10Lakh(t *testing.T) {
	f := newFixture(t)
	ctx := admin(f.seeded(t))
	if got := roles(t, mustEval(t, f.svc, ctx, "approval.chain.sales_order", `{"amount":"1000000"}`, "").Output); len(got) != 1 ||
		got[0] != "finance_manager" {
		t.Fatalf("BDT 10,00,000 needs %v, want the finance manager", got)
	}
	got := roles(t, mustEval(t, f.svc, ctx, "approval.chain.sales_order", `{"amount":"1000000.01","department":"SALES"}`, "").Output)
	if len(got) != 2 || got[0] != "finance_manager" || got[1] != "cfo" {
		t.Fatalf("BDT 10,00,000.01 needs %v", got)
	}
}

func TestSeededMatchToleranceNarrowsWithTheBill(t *testing.T) {
	f := newFixture(t)
	ctx := admin(f.seeded(t))
	cases := []struct{ amount, percent, capAmount string }{
		{"100000", "2.00", "1000.00"},
		{"100000.01", "1.00", "5000.00"},
		{"1000000", "1.00", "5000.00"},
		{"7500000", "0.50", "10000.00"},
	}
	for _, tc := range cases {
		out := mustEval(t, f.svc, ctx, "purchase.match_tolerance", `{"amount":"`+tc.amount+`"}`, "").Output
		if out["pricePercent"] != tc.percent || out["amountCap"] != tc.capAmount {
			t.Fatalf("bill of BDT %s: %v, want %s%% capped at %s", tc.amount, out, tc.percent, tc.capAmount)
		}
	}
}

func TestSeedingTwiceKeepsTheTenantsData(t *testing.T) {
	f := newFixture(t)
	tid := f.seeded(t)
	if err := f.svc.SeedDefaults(admin(tid), tid); err != nil {
		t.Fatalf("second seed: %v", err)
	}
	sets, _, err := f.svc.RuleSets(admin(tid), "", 50)
	if err != nil || len(sets) != 8 {
		t.Fatalf("sets = %d, %v; want the 8 defaults once", len(sets), err)
	}
}

func TestTenantTablesAreProtectedByRLS(t *testing.T) {
	f := newFixture(t)
	dbtest.AssertRLS(t, f.db.Admin, "rules")
}

// TestADefaultSetATenantLacksIsSeededOnFirstUse: a tenant created before
// a default set existed (here: never seeded) gets the defaults when it
// first asks for one, and an unknown set stays unknown.
func TestADefaultSetATenantLacksIsSeededOnFirstUse(t *testing.T) {
	f := newFixture(t)
	tid := tenant.New()
	ctx := admin(tid)
	if _, err := f.svc.Evaluate(ctx, "no.such.set", rules.Request{Input: map[string]any{}}); !errs.Is(err, errs.NotFound) {
		t.Fatalf("an unknown set: %v, want NOT_FOUND", err)
	}
	if sets, _, _ := f.svc.RuleSets(ctx, "", 50); len(sets) != 0 {
		t.Fatalf("asking for an unknown set seeded %d sets", len(sets))
	}
	res := mustEval(t, f.svc, ctx, "purchase.match_tolerance", `{"amount":"50000"}`, "")
	if res.Output["pricePercent"] == nil {
		t.Fatalf("the seeded tolerance answered %v", res.Output)
	}
	if sets, _, err := f.svc.RuleSets(ctx, "", 50); err != nil || len(sets) != 8 {
		t.Fatalf("sets after first use = %d, %v; want the 8 defaults", len(sets), err)
	}
}

// TestSeedersOfOneTenantMeetingAllSucceed: the tenant-created consumer
// and a first evaluation can seed the same new tenant at once; each
// succeeds and the tenant has every default once.
func TestSeedersOfOneTenantMeetingAllSucceed(t *testing.T) {
	f := newFixture(t)
	tid := tenant.New()
	var g errgroup.Group
	for range 4 {
		g.Go(func() error { return f.svc.SeedDefaults(admin(tid), tid) })
	}
	if err := g.Wait(); err != nil {
		t.Fatalf("concurrent seeding: %v", err)
	}
	if sets, _, err := f.svc.RuleSets(admin(tid), "", 50); err != nil || len(sets) != 8 {
		t.Fatalf("sets = %d, %v; want the 8 defaults once", len(sets), err)
	}
}
