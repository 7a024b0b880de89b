package finance_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/finance"
)

// TestCustomerOutstandingSumsItsOpenDocuments: approved and partially
// paid sales invoices' payable less paid, less an approved credit note;
// a paid invoice, a draft, another customer's and another tenant's do
// not count. The oldest overdue invoice fell due on 31 October: at 01:00
// on 4 December in Dhaka (still 3 December in UTC) it is 34 days overdue.
func TestCustomerOutstandingSumsItsOpenDocuments(t *testing.T) {
	f := newInvoiceFixture(t)
	_, ctx := newTenantCtx(t)
	_, other := newTenantCtx(t)
	old := f.approvedSale(t, ctx, "2026-10-01", "2026-10-31", 100000) // payable 1,150.00
	open := f.approvedSale(t, ctx, "2026-12-01", "", 200000)          // payable 2,300.00
	paid := f.approvedSale(t, ctx, "2026-12-01", "", 10000)           // payable 115.00
	f.mustCreate(t, ctx, smallSale("2026-12-01", 500000))             // a draft
	elsewhere := smallSale("2026-11-01", 300000)
	elsewhere.Party.ID = uuid.New()
	f.mustSubmit(t, ctx, f.mustCreate(t, ctx, elsewhere).ID)
	f.approvedSale(t, other, "2026-10-01", "2026-10-02", 900000)
	if _, err := f.svc.RecordPayment(ctx, finance.NewPayment{Kind: finance.Receipt, PartyID: customer.ID, Date: day("2026-12-02"),
		Method: finance.MethodBank, Amount: tk("265"), Allocations: []finance.Allocation{
			{InvoiceID: old.ID, Amount: tk("150")}, {InvoiceID: paid.ID, Amount: tk("115")}}}); err != nil {
		t.Fatal(err)
	}
	note, err := f.svc.CreateNote(ctx, open.ID, finance.KindCreditNote, finance.InvoiceInput{Date: day("2026-12-02"),
		Lines: []finance.LineInput{{Description: "Cement, returned", Quantity: "1", Unit: "bag", UnitPrice: bdt(50000)}}})
	if err != nil {
		t.Fatal(err)
	}
	f.mustSubmit(t, ctx, note.ID) // 575.00
	f.clock.mu.Lock()
	f.clock.now = time.Date(2026, 12, 3, 19, 0, 0, 0, time.UTC)
	f.clock.mu.Unlock()

	got, err := f.svc.CustomerOutstanding(ctx, customer.ID)
	if err != nil {
		t.Fatal(err)
	}
	// 1,000.00 + 2,300.00 - 575.00
	if !got.Amount.Equal(tk("2725")) || got.OverdueDays != 34 || got.CustomerID != customer.ID {
		t.Fatalf("outstanding %s, overdue %d days", got.Amount, got.OverdueDays)
	}
	none, err := f.svc.CustomerOutstanding(ctx, uuid.New())
	if err != nil || !none.Amount.Equal(tk("0")) || none.OverdueDays != 0 {
		t.Fatalf("a customer without documents: %+v, %v", none, err)
	}
}

// TestPaymentEventsTellABillsStatusAndOrder: paying a matched bill in two
// parts, payment.recorded says partially_paid and payment.allocated paid,
// each naming the bill's purchase order.
func TestPaymentEventsTellABillsStatusAndOrder(t *testing.T) {
	f := newInvoiceFixture(t)
	tid, ctx := newTenantCtx(t)
	order := f.receivedOrder(t, tid, "4")
	bill := f.mustSubmit(t, ctx, f.mustCreate(t, ctx, orderBill(order, "4", 125000)).ID) // payable 5,750.00
	p, err := f.svc.RecordPayment(ctx, finance.NewPayment{Kind: finance.Disbursement, PartyID: contractor.ID, Date: day("2026-12-04"),
		Method: finance.MethodBank, Amount: tk("5750"), Allocations: []finance.Allocation{{InvoiceID: bill.ID, Amount: tk("750")}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Allocate(ctx, p.ID, []finance.Allocation{{InvoiceID: bill.ID, Amount: tk("5000")}}); err != nil {
		t.Fatal(err)
	}
	for typ, want := range map[string]string{finance.EventPaymentRecorded: "partially_paid", finance.EventPaymentAllocated: "paid"} {
		evs := f.outbox(t, tid, typ)
		if len(evs) != 1 {
			t.Fatalf("%d %s events", len(evs), typ)
		}
		var got struct {
			Allocations []finance.PaymentAllocationJSON `json:"allocations"`
		}
		if err := json.Unmarshal(evs[0].Data, &got); err != nil {
			t.Fatal(err)
		}
		if len(got.Allocations) != 1 || got.Allocations[0].InvoiceID != bill.ID.String() ||
			got.Allocations[0].InvoiceStatus != want || got.Allocations[0].PurchaseOrderID != order.String() {
			t.Fatalf("%s allocations %+v, want the bill %s", typ, got.Allocations, want)
		}
	}
}
