package finance_test

import (
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/finance"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

func TestAgeingBucketsAtTheirBoundaryDays(t *testing.T) {
	f := newInvoiceFixture(t)
	_, ctx := newTenantCtx(t)
	asOf := day("2026-12-31")
	// One invoice per boundary, net 100.00 × (i+1): payable 115.00 × (i+1).
	days := []int{0, 1, 30, 31, 60, 61, 90, 91}
	payable, invs := map[int]int64{}, map[int]finance.Invoice{}
	for i, d := range days {
		due := asOf.AddDate(0, 0, -d)
		invs[d] = f.approvedSale(t, ctx, "2026-09-01", due.Format(time.DateOnly), int64(i+1)*10000)
		payable[d] = invs[d].Payable
	}
	// Half of the 91-day invoice is paid before the date, all of the 0-day
	// one after it: the later payment does not count.
	pay := func(date string, inv finance.Invoice, minor int64) {
		t.Helper()
		if _, err := f.svc.RecordPayment(ctx, finance.NewPayment{Kind: finance.Receipt, PartyID: customer.ID, Date: day(date),
			Method: finance.MethodCash, Amount: bdt(minor), Allocations: []finance.Allocation{{InvoiceID: inv.ID, Amount: bdt(minor)}}}); err != nil {
			t.Fatal(err)
		}
	}
	pay("2026-12-20", invs[91], payable[91]/2)
	pay("2027-01-02", invs[0], payable[0])

	got, err := f.svc.ReceivablesAgeing(ctx, asOf)
	if err != nil {
		t.Fatal(err)
	}
	want := finance.AgeingBuckets{
		Current:    payable[0],
		Days1To30:  payable[1] + payable[30],
		Days31To60: payable[31] + payable[60],
		Days61To90: payable[61] + payable[90],
		Over90:     payable[91] - payable[91]/2,
	}
	want.Total = want.Current + want.Days1To30 + want.Days31To60 + want.Days61To90 + want.Over90
	if len(got.Rows) != 1 || got.Rows[0].PartyID != customer.ID || got.Rows[0].AgeingBuckets != want || got.Totals != want ||
		got.Rows[0].Documents != 8 {
		t.Fatalf("ageing = %+v, want one row of %+v", got, want)
	}
	if pay, err := f.svc.PayablesAgeing(ctx, asOf); err != nil || len(pay.Rows) != 0 {
		t.Fatalf("payables ageing of a tenant with no bills = %+v, %v", pay, err)
	}
	if other, err := f.svc.ReceivablesAgeing(accountant(newTenant(t)), asOf); err != nil || len(other.Rows) != 0 {
		t.Fatalf("another tenant's ageing = %+v, %v", other, err)
	}
}

func TestVATSummaryTotalsTheRegisterAndCrossChecksTheAccounts(t *testing.T) {
	f := newInvoiceFixture(t)
	_, ctx := newTenantCtx(t)
	f.approvedSale(t, ctx, "2026-12-01", "", 100000)
	f.approvedSale(t, ctx, "2026-12-15", "", 20000)
	f.approvedSale(t, ctx, "2026-11-30", "", 50000)
	sum, err := f.svc.VATSummary(ctx, day("2026-12-01"))
	if err != nil {
		t.Fatal(err)
	}
	if sum.SalesValue != 120000 || sum.OutputVAT != 18000 || sum.NetVAT != 18000 || len(sum.Sales) != 1 || sum.Sales[0].RateBP != 1500 ||
		sum.Sales[0].Documents != 2 {
		t.Fatalf("summary = %+v", sum)
	}
	var output *finance.VATAccount
	for i := range sum.Accounts {
		if sum.Accounts[i].Role == finance.RoleVATOutput {
			output = &sum.Accounts[i]
		}
	}
	if output == nil || output.Credit != 18000 || output.Closing != 18000+7500 {
		t.Fatalf("output VAT account = %+v", output)
	}
	if other, err := f.svc.VATSummary(accountant(newTenant(t)), day("2026-12-01")); err != nil || other.OutputVAT != 0 || len(other.Sales) != 0 {
		t.Fatalf("another tenant's summary = %+v, %v", other, err)
	}
}

func TestBillsAgeAsPayablesAndCreditNotesCountAgainstTheCustomer(t *testing.T) {
	f := newInvoiceFixture(t)
	_, ctx := newTenantCtx(t)
	vendor := finance.Party{ID: uuid.New(), Name: "Karim Steel Mills"}
	billIn := smallSale("2026-12-01", 100000)
	billIn.Kind, billIn.Party, billIn.SupplierRef, billIn.DueDate = finance.KindPurchase, vendor, "KSM-0917", day("2026-12-20")
	bill := f.mustSubmit(t, ctx, f.mustCreate(t, ctx, billIn).ID)
	if bill.Status != finance.StatusApproved {
		t.Fatalf("bill is %s", bill.Status)
	}
	if _, err := f.svc.RecordPayment(ctx, finance.NewPayment{Kind: finance.Disbursement, PartyID: vendor.ID, Date: day("2026-12-22"),
		Method: finance.MethodBank, Amount: bdt(40000), Allocations: []finance.Allocation{{InvoiceID: bill.ID, Amount: bdt(40000)}}}); err != nil {
		t.Fatal(err)
	}
	pay, err := f.svc.PayablesAgeing(ctx, day("2026-12-31"))
	if err != nil {
		t.Fatal(err)
	}
	if len(pay.Rows) != 1 || pay.Rows[0].PartyID != vendor.ID || pay.Totals.Days1To30 != bill.Payable-40000 || pay.Totals.Total != bill.Payable-40000 {
		t.Fatalf("payables ageing = %+v (bill payable %d)", pay, bill.Payable)
	}

	sale := f.approvedSale(t, ctx, "2026-12-01", "2027-01-15", 100000)
	note, err := f.svc.CreateNote(ctx, sale.ID, finance.KindCreditNote, smallSale("2026-12-05", 20000))
	if err != nil {
		t.Fatal(err)
	}
	note = f.mustSubmit(t, ctx, note.ID)
	_, err = f.svc.RecordPayment(ctx, finance.NewPayment{Kind: finance.Receipt, PartyID: customer.ID, Date: day("2026-12-06"),
		Method: finance.MethodCash, Amount: bdt(100), Allocations: []finance.Allocation{{InvoiceID: note.ID, Amount: bdt(100)}}})
	wantField(t, err, errs.InvalidArgument, "allocations[0].invoiceId")
	rec, err := f.svc.ReceivablesAgeing(ctx, day("2026-12-31"))
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Rows) != 1 || rec.Rows[0].Documents != 2 || rec.Totals.Total != sale.Payable-note.Payable {
		t.Fatalf("receivables ageing = %+v (sale %d, note %d)", rec, sale.Payable, note.Payable)
	}
}
