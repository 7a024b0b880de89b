package finance_test

import (
	"context"
	"sync"
	"testing"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/finance"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

// approvedSale is an approved one-line 15 % sale to customer of net
// poisha dated date, due on due (zero: the tenant's terms).
func (f *invoiceFixture) approvedSale(tb testing.TB, ctx context.Context, date, due string, net int64) finance.Invoice {
	tb.Helper()
	in := smallSale(date, net)
	if due != "" {
		in.DueDate = day(due)
	}
	inv := f.mustSubmit(tb, ctx, f.mustCreate(tb, ctx, in).ID)
	if inv.Status != finance.StatusApproved {
		tb.Fatalf("invoice %s is %s, want approved", inv.ID, inv.Status)
	}
	return inv
}

// invoiceState is an invoice's status and paid amount.
func (f *invoiceFixture) invoiceState(tb testing.TB, ctx context.Context, id uuid.UUID) (string, int64) {
	tb.Helper()
	inv, err := f.svc.Invoice(ctx, id)
	if err != nil {
		tb.Fatal(err)
	}
	return inv.Status, inv.Paid
}

func TestReceiptAllocatedAcrossTwoInvoicesSettlesThemAndBalances(t *testing.T) {
	f := newInvoiceFixture(t)
	tn, ctx := newTenantCtx(t)
	a := f.approvedSale(t, ctx, "2026-12-01", "", 100000) // payable 1150.00
	b := f.approvedSale(t, ctx, "2026-12-01", "", 200000) // payable 2300.00
	if a.Payable != 115000 || b.Payable != 230000 {
		t.Fatalf("payables %d and %d", a.Payable, b.Payable)
	}
	p, err := f.svc.RecordPayment(ctx, finance.NewPayment{Kind: finance.Receipt, PartyID: customer.ID, Date: day("2026-12-03"),
		Method: finance.MethodBank, Amount: tk("3000"), Allocations: []finance.Allocation{
			{InvoiceID: a.ID, Amount: tk("1150")}, {InvoiceID: b.ID, Amount: tk("1000")}}})
	if err != nil {
		t.Fatal(err)
	}
	if st, paid := f.invoiceState(t, ctx, a.ID); st != finance.StatusPaid || paid != 115000 {
		t.Fatalf("invoice a: %s paid %d", st, paid)
	}
	if st, paid := f.invoiceState(t, ctx, b.ID); st != finance.StatusPartiallyPaid || paid != 100000 {
		t.Fatalf("invoice b: %s paid %d", st, paid)
	}
	if !p.Allocated.Equal(tk("2150")) || !p.Unallocated().Equal(tk("850")) || len(p.Allocations) != 2 {
		t.Fatalf("payment allocated %s, left %s, %d allocations", p.Allocated, p.Unallocated(), len(p.Allocations))
	}
	var debit, credit int64
	for _, l := range f.journalLines(t, tn, p.JournalID) {
		debit, credit = debit+l.Debit, credit+l.Credit
	}
	if debit != 300000 || credit != 300000 {
		t.Fatalf("journal debits %d credits %d", debit, credit)
	}

	// The advance settles more of b later; one poisha more than is left is refused.
	_, err = f.svc.Allocate(ctx, p.ID, []finance.Allocation{{InvoiceID: b.ID, Amount: tk("850.01")}})
	wantField(t, err, errs.InvalidArgument, "allocations")
	p, err = f.svc.Allocate(ctx, p.ID, []finance.Allocation{{InvoiceID: b.ID, Amount: tk("850")}})
	if err != nil {
		t.Fatal(err)
	}
	if st, paid := f.invoiceState(t, ctx, b.ID); st != finance.StatusPartiallyPaid || paid != 185000 || !p.Unallocated().IsZero() {
		t.Fatalf("invoice b after allocate: %s paid %d; payment left %s", st, paid, p.Unallocated())
	}
	if evs := f.outbox(t, tn, finance.EventPaymentAllocated); len(evs) != 1 {
		t.Fatalf("payment.allocated events: %d", len(evs))
	}
}

func TestOverAllocationIsRefusedNamingTheFieldAndChangesNothing(t *testing.T) {
	f := newInvoiceFixture(t)
	tn, ctx := newTenantCtx(t)
	a := f.approvedSale(t, ctx, "2026-12-01", "", 100000)
	journals := f.count(t, `SELECT count(*) FROM finance.journals WHERE tenant_id = $1`, tn.UUID())
	cases := []struct {
		name  string
		n     finance.NewPayment
		field string
	}{
		{"more than the invoice's outstanding", finance.NewPayment{Kind: finance.Receipt, PartyID: customer.ID, Method: finance.MethodCash,
			Amount: tk("2000"), Allocations: []finance.Allocation{{InvoiceID: a.ID, Amount: tk("1150.01")}}}, "allocations[0].amount"},
		{"more than the payment", finance.NewPayment{Kind: finance.Receipt, PartyID: customer.ID, Method: finance.MethodCash,
			Amount: tk("100"), Allocations: []finance.Allocation{{InvoiceID: a.ID, Amount: tk("100.01")}}}, "allocations"},
		{"a sales invoice settled by a disbursement", finance.NewPayment{Kind: finance.Disbursement, PartyID: customer.ID,
			Method: finance.MethodCash, Amount: tk("100"), Allocations: []finance.Allocation{{InvoiceID: a.ID, Amount: tk("100")}}},
			"allocations[0].invoiceId"},
		{"another party's invoice", finance.NewPayment{Kind: finance.Receipt, PartyID: uuid.New(), Method: finance.MethodCash,
			Amount: tk("100"), Allocations: []finance.Allocation{{InvoiceID: a.ID, Amount: tk("100")}}}, "allocations[0].invoiceId"},
		{"an unknown invoice", finance.NewPayment{Kind: finance.Receipt, PartyID: customer.ID, Method: finance.MethodCash,
			Amount: tk("100"), Allocations: []finance.Allocation{{InvoiceID: uuid.New(), Amount: tk("100")}}}, "allocations[0].invoiceId"},
	}
	for _, tc := range cases {
		t.Run("refuses "+tc.name, func(t *testing.T) {
			tc.n.Date = day("2026-12-02")
			_, err := f.svc.RecordPayment(ctx, tc.n)
			wantField(t, err, errs.InvalidArgument, tc.field)
		})
	}
	if st, paid := f.invoiceState(t, ctx, a.ID); st != finance.StatusApproved || paid != 0 {
		t.Fatalf("invoice after refusals: %s paid %d", st, paid)
	}
	if n := f.count(t, `SELECT count(*) FROM finance.payments`); n != 0 {
		t.Fatalf("%d payments stored", n)
	}
	if n := f.count(t, `SELECT count(*) FROM finance.journals WHERE tenant_id = $1`, tn.UUID()); n != journals {
		t.Fatalf("%d journals, want %d", n, journals)
	}
}

func TestPaymentReversalRestoresInvoicesAndTheTrialBalance(t *testing.T) {
	f := newInvoiceFixture(t)
	_, ctx := newTenantCtx(t)
	a := f.approvedSale(t, ctx, "2026-12-01", "", 100000)
	b := f.approvedSale(t, ctx, "2026-12-01", "", 200000)
	if _, err := f.svc.RecordPayment(ctx, finance.NewPayment{Kind: finance.Receipt, PartyID: customer.ID, Date: day("2026-12-02"),
		Method: finance.MethodCash, Amount: tk("500"), Allocations: []finance.Allocation{{InvoiceID: b.ID, Amount: tk("500")}}}); err != nil {
		t.Fatal(err)
	}
	before, err := f.svc.TrialBalance(ctx, day("2026-12-31"), false)
	if err != nil {
		t.Fatal(err)
	}
	p, err := f.svc.RecordPayment(ctx, finance.NewPayment{Kind: finance.Receipt, PartyID: customer.ID, Date: day("2026-12-03"),
		Method: finance.MethodBank, Amount: tk("2000"), Allocations: []finance.Allocation{
			{InvoiceID: a.ID, Amount: tk("1150")}, {InvoiceID: b.ID, Amount: tk("850")}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.ReversePayment(ctx, p.ID, finance.ReversePayment{Date: day("2026-12-05"), Reason: "transfer recalled"}); err != nil {
		t.Fatal(err)
	}
	if st, paid := f.invoiceState(t, ctx, a.ID); st != finance.StatusApproved || paid != 0 {
		t.Fatalf("invoice a after reversal: %s paid %d", st, paid)
	}
	if st, paid := f.invoiceState(t, ctx, b.ID); st != finance.StatusPartiallyPaid || paid != 50000 {
		t.Fatalf("invoice b after reversal: %s paid %d", st, paid)
	}
	after, err := f.svc.TrialBalance(ctx, day("2026-12-31"), false)
	if err != nil {
		t.Fatal(err)
	}
	want, got := tbByCode(before), tbByCode(after)
	for code, w := range want {
		if got[code] != w {
			t.Fatalf("account %s after reversal = %v, before the payment %v", code, got[code], w)
		}
	}
	if after.TotalDebit != before.TotalDebit || after.TotalCredit != after.TotalDebit {
		t.Fatalf("totals before %d/%d, after %d/%d", before.TotalDebit, before.TotalCredit, after.TotalDebit, after.TotalCredit)
	}
}

func TestConcurrentAllocationsNeverSettleMoreThanPayable(t *testing.T) {
	f := newInvoiceFixture(t)
	_, ctx := newTenantCtx(t)
	inv := f.approvedSale(t, ctx, "2026-12-01", "", 100000) // payable 1150.00
	const n = 8
	errsOf := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errsOf[i] = f.svc.RecordPayment(ctx, finance.NewPayment{Kind: finance.Receipt, PartyID: customer.ID,
				Date: day("2026-12-02"), Method: finance.MethodCash, Amount: tk("200"),
				Allocations: []finance.Allocation{{InvoiceID: inv.ID, Amount: tk("200")}}})
		}()
	}
	wg.Wait()
	ok := 0
	for _, err := range errsOf {
		switch {
		case err == nil:
			ok++
		case !errs.Is(err, errs.InvalidArgument):
			t.Fatalf("a concurrent payment failed otherwise: %v", err)
		}
	}
	st, paid := f.invoiceState(t, ctx, inv.ID)
	if ok != 5 || paid != 100000 || st != finance.StatusPartiallyPaid {
		t.Fatalf("%d payments settled; invoice %s paid %d", ok, st, paid)
	}
}
