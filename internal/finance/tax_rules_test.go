package finance_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/vextrus/vextrus/internal/finance"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/db/dbtest"
	"github.com/vextrus/vextrus/internal/platform/svcclient"
	"github.com/vextrus/vextrus/internal/platform/tenant"
	"github.com/vextrus/vextrus/internal/rules"
	"github.com/vextrus/vextrus/internal/rules/rulesclient"
)

// withPlatformPerms is an accountant of t who, as the accountant role
// does, may also evaluate rules and submit approvals.
func withPlatformPerms(t tenant.ID) context.Context {
	perms := []string{rules.PermEvaluate, "workflow.approval.write"}
	for _, p := range finance.Permissions {
		perms = append(perms, p.Name)
	}
	return as(t, "0190a0b0-0000-7000-8000-"+t.String()[24:], perms...)
}

// realRules is the rules service with the tenant's seeded Bangladesh
// tables, reached through its REST API in process.
func realRules(tb testing.TB, t tenant.ID) finance.Rules {
	tb.Helper()
	d := dbtest.New(tb, db.PlatformSchema, rules.Schema)
	svc, err := rules.New(rules.Deps{DB: d.App})
	if err != nil {
		tb.Fatal(err)
	}
	if err := svc.SeedDefaults(context.Background(), t); err != nil {
		tb.Fatal(err)
	}
	mux := http.NewServeMux()
	svc.Routes(mux)
	return rulesclient.Client{HTTP: svcclient.New("rules", svcclient.InProcess(mux), svcclient.Policy{}, nil)}
}

// TestSeededRateTablesThroughTheRulesAPI computes documents with the
// rules service's own seeded vat.rate, vds.rate and ait.rate over REST.
//
// Sale to a withholding buyer: soft drinks 10 × 25.00 = 250.00, SD 25 %
// = 62.50, VAT 15 % of 312.50 = 46.875 → 46.88; a construction firm's
// 1,234.57 at 7.5 % = 92.59275 → 92.59; rice 5 × 80.00 = 400.00 exempt.
// Net 1,884.57, SD 62.50, VAT 139.47, total 2,086.54; the buyer withholds
// all the VAT (139.47), payable 1,947.07.
//
// Bill from a contractor without proof of return: 10,000.00 at 15 %, AIT
// 10.5 % = 1,050.00; total 11,500.00, payable 10,450.00.
func TestSeededRateTablesThroughTheRulesAPI(t *testing.T) {
	tid := newTenant(t)
	r := realRules(t, tid)
	f := newFixture(t, func(d *finance.Deps) { d.Rules = r })
	ctx := withPlatformPerms(tid)
	sale := finance.InvoiceInput{Kind: finance.KindSales, Party: customer, Date: day("2026-12-04"), BuyerWithholdsVAT: true,
		Lines: []finance.LineInput{
			{Description: "Soft drink, crate", VATCategory: "soft_drink", Quantity: "10", Unit: "crate", UnitPrice: bdt(2500)},
			{Description: "Site works", VATCategory: "construction_firm", Quantity: "1", Unit: "job", UnitPrice: bdt(123457)},
			{Description: "Rice", VATCategory: "rice", Quantity: "5", Unit: "kg", UnitPrice: bdt(8000)},
		}}
	inv, err := f.svc.CreateInvoice(ctx, sale)
	if err != nil {
		t.Fatal(err)
	}
	want := finance.Totals{Subtotal: 188457, Net: 188457, SD: 6250, VAT: 13947, VDS: 13947, Total: 208654, Payable: 194707}
	if inv.Totals != want {
		t.Fatalf("sale totals %+v, want %+v", inv.Totals, want)
	}
	if l := inv.Lines[1]; l.Treatment != "reduced" || l.VATRate != "7.5" || l.VDSRate != "100" {
		t.Fatalf("construction line %+v", l)
	}
	bill := finance.InvoiceInput{Kind: finance.KindPurchase, Party: contractor, Date: day("2026-12-04"),
		AIT:   &finance.AIT{Category: "contractor"},
		Lines: []finance.LineInput{{Description: "Repairs", Quantity: "1", Unit: "job", UnitPrice: bdt(1_000_000)}}}
	b, err := f.svc.CreateInvoice(ctx, bill)
	if err != nil {
		t.Fatal(err)
	}
	if b.AIT != 105_000 || b.VAT != 150_000 || b.Total != 1_150_000 || b.Payable != 1_045_000 {
		t.Fatalf("bill totals %+v", b.Totals)
	}
}
