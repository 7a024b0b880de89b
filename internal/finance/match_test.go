package finance_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/finance"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

// TestBillWithinToleranceMatchesOnce: an order of 10 bags at 1,250.00,
// 4 accepted (1 rejected), every orders event delivered twice. A bill of
// 4 bags at 1,270.00 is 5,080.00 against 5,000.00 ordered, 80.00 over,
// within the 2 % (100.00) of the tolerance rule: it matches, emits
// bill.matched once, and goes to approval (approved at once, below 1
// lakh), numbered and journaled.
func TestBillWithinToleranceMatchesOnce(t *testing.T) {
	f := newInvoiceFixture(t)
	tid, ctx := newTenantCtx(t)
	order := f.receivedOrder(t, tid, "4")
	// The approval redelivered after the receipt keeps what was received.
	f.deliver(t, approvedOrder(t, tid, order), 1)
	bill := f.mustSubmit(t, ctx, f.mustCreate(t, ctx, orderBill(order, "4", 127000)).ID)
	if bill.Status != finance.StatusApproved || bill.Number == "" || bill.JournalID == nil || bill.Match.Status != finance.MatchMatched {
		t.Fatalf("bill %s, number %q, match %+v", bill.Status, bill.Number, bill.Match)
	}
	got := f.billEvents(t, tid, finance.EventBillMatched)
	if len(got) != 1 {
		t.Fatalf("%d bill.matched events, want 1", len(got))
	}
	m := got[0]
	if m.ID != bill.ID.String() || m.PurchaseOrderID != order.String() || m.VendorID != contractor.ID.String() ||
		!m.Amount.Equal(bdt(bill.Total)) || m.Override || len(m.Lines) != 1 ||
		m.Lines[0] != (finance.MatchedLine{Line: 1, ProductID: cement, Quantity: "4"}) {
		t.Fatalf("bill.matched %+v", m)
	}
	if n := len(f.heldEvents(t, tid)); n != 0 {
		t.Fatalf("%d bill.held events", n)
	}
	approved := f.outbox(t, tid, finance.EventInvoiceApproved)
	var ap finance.InvoiceChanged
	if len(approved) != 1 || json.Unmarshal(approved[0].Data, &ap) != nil || ap.PurchaseOrderID != order.String() {
		t.Fatalf("invoice.approved %+v", approved)
	}
	// All 4 accepted bags are billed now: a fifth is more than received.
	again := f.mustSubmit(t, ctx, f.mustCreate(t, ctx, orderBill(order, "1", 125000)).ID)
	if again.Status != finance.StatusHeld || len(again.Match.Reasons) != 1 || again.Match.Reasons[0].Field != "lines[0].quantity" {
		t.Fatalf("a bill past what was received: %s %+v", again.Status, again.Match)
	}
}

// TestBillAboveToleranceIsHeldUntilReleased: 4 bags at 1,300.00 is
// 5,200.00 against 5,000.00, 200.00 over the 100.00 tolerated. The bill
// is held: not submitted, unnumbered, no journal, no approval started,
// bill.held naming the line's price. Releasing it needs
// finance.invoice.approve and a reason; then it is matched by override
// and proceeds to approval.
func TestBillAboveToleranceIsHeldUntilReleased(t *testing.T) {
	f := newInvoiceFixture(t)
	tid, ctx := newTenantCtx(t)
	order := f.receivedOrder(t, tid, "4")
	bill := f.mustSubmit(t, ctx, f.mustCreate(t, ctx, orderBill(order, "4", 130000)).ID)
	if bill.Status != finance.StatusHeld || bill.Number != "" || bill.JournalID != nil || bill.ApprovalID != nil {
		t.Fatalf("held bill: %s, number %q, journal %v, approval %v", bill.Status, bill.Number, bill.JournalID, bill.ApprovalID)
	}
	if len(bill.Match.Reasons) != 1 {
		t.Fatalf("reasons %+v", bill.Match.Reasons)
	}
	r := bill.Match.Reasons[0]
	if r.Line != 1 || r.OrderLine != 1 || r.Field != "lines[0].unitPrice" || !strings.Contains(r.Message, "5200.00") ||
		!strings.Contains(r.Message, "5000.00") {
		t.Fatalf("reason %+v", r)
	}
	held := f.heldEvents(t, tid)
	if len(held) != 1 || held[0].ID != bill.ID.String() || held[0].PurchaseOrderID != order.String() || len(held[0].Reasons) != 1 {
		t.Fatalf("bill.held %+v", held)
	}
	if n := len(f.outbox(t, tid, finance.EventInvoiceSubmitted)) + len(f.billEvents(t, tid, finance.EventBillMatched)); n != 0 {
		t.Fatalf("a held bill emitted %d submitted or matched events", n)
	}
	if n := len(f.approvals.started); n != 0 {
		t.Fatalf("%d approvals started for a held bill", n)
	}

	writer := as(tid, "clerk", finance.PermInvoiceRead, finance.PermInvoiceWrite)
	if _, err := f.svc.ReleaseBill(writer, bill.ID, 0, "agreed with the supplier"); errs.CodeOf(err) != errs.PermissionDenied {
		t.Fatalf("release without finance.invoice.approve: %v", err)
	}
	_, err := f.svc.ReleaseBill(ctx, bill.ID, 0, " ")
	wantField(t, err, errs.InvalidArgument, "reason")

	out, err := f.svc.ReleaseBill(ctx, bill.ID, 0, "cement price rose; agreed with the supplier")
	if err != nil {
		t.Fatal(err)
	}
	if out.Status != finance.StatusApproved || out.Number == "" || out.Match.Status != finance.MatchOverridden ||
		out.Match.ReleasedBy == "" || out.Match.ReleaseReason != "cement price rose; agreed with the supplier" {
		t.Fatalf("released bill %s %q %+v", out.Status, out.Number, out.Match)
	}
	m := f.billEvents(t, tid, finance.EventBillMatched)
	if len(m) != 1 || !m[0].Override || m[0].ReleasedBy != out.Match.ReleasedBy || m[0].Lines[0].Quantity != "4" {
		t.Fatalf("bill.matched after release %+v", m)
	}
	if _, err := f.svc.ReleaseBill(ctx, bill.ID, 0, "again"); errs.CodeOf(err) != errs.FailedPrecondition {
		t.Fatalf("releasing an approved bill: %v", err)
	}
}

// TestBillingMoreThanReceivedIsHeldNamingTheLine: 4 accepted, 5 billed.
// The held bill is corrected (an edit makes it a draft again) and
// submitted again: it matches.
func TestBillingMoreThanReceivedIsHeldNamingTheLine(t *testing.T) {
	f := newInvoiceFixture(t)
	tid, ctx := newTenantCtx(t)
	order := f.receivedOrder(t, tid, "4")
	in := orderBill(order, "5", 125000)
	in.Lines = append(in.Lines, finance.LineInput{Description: "Carriage", Quantity: "1", Unit: "trip", UnitPrice: bdt(50000)})
	bill := f.mustSubmit(t, ctx, f.mustCreate(t, ctx, in).ID)
	if bill.Status != finance.StatusHeld || len(bill.Match.Reasons) != 1 {
		t.Fatalf("bill %s %+v", bill.Status, bill.Match)
	}
	r := bill.Match.Reasons[0]
	if r.Line != 1 || r.OrderLine != 1 || r.Field != "lines[0].quantity" || !strings.Contains(r.Message, "billed 5") ||
		!strings.Contains(r.Message, "the 4 received") {
		t.Fatalf("reason %+v", r)
	}
	in.Lines[0].Quantity = "4"
	fixed, err := f.svc.UpdateInvoice(ctx, bill.ID, bill.Version, in)
	if err != nil || fixed.Status != finance.StatusDraft || fixed.Match.Status != finance.MatchNone {
		t.Fatalf("corrected bill %s %+v, %v", fixed.Status, fixed.Match, err)
	}
	out := f.mustSubmit(t, ctx, bill.ID)
	if out.Status != finance.StatusApproved || out.Match.Status != finance.MatchMatched {
		t.Fatalf("resubmitted bill %s %+v", out.Status, out.Match)
	}
}

// TestBillNamesOnlyAKnownOpenOrderOfItsVendor: tenant A's order is
// unknown to tenant B's bill; a cancelled order and another vendor's are
// refused too, naming the field, and the bill stays a draft.
func TestBillNamesOnlyAKnownOpenOrderOfItsVendor(t *testing.T) {
	f := newInvoiceFixture(t)
	a, _ := newTenantCtx(t)
	b, ctxB := newTenantCtx(t)
	order := f.receivedOrder(t, a, "4")
	foreign := f.mustCreate(t, ctxB, orderBill(order, "1", 125000))
	_, err := f.svc.SubmitInvoice(ctxB, foreign.ID, 0)
	wantField(t, err, errs.InvalidArgument, "purchaseOrderId")
	if got, _ := f.svc.Invoice(ctxB, foreign.ID); got.Status != finance.StatusDraft {
		t.Fatalf("refused bill is %s", got.Status)
	}

	own := f.receivedOrder(t, b, "4")
	other := orderBill(own, "1", 125000)
	other.Party = customer
	wrong := f.mustCreate(t, ctxB, other)
	_, err = f.svc.SubmitInvoice(ctxB, wrong.ID, 0)
	wantField(t, err, errs.InvalidArgument, "party.id")

	f.deliver(t, orderEvent(t, b, finance.EventPurchaseOrderCancelled, own,
		map[string]any{"id": own, "number": "PO/2026-27/000001", "reason": "vendor cannot deliver"}), 2)
	late := f.mustCreate(t, ctxB, orderBill(own, "1", 125000))
	_, err = f.svc.SubmitInvoice(ctxB, late.ID, 0)
	wantField(t, err, errs.InvalidArgument, "purchaseOrderId")

	_, err = f.svc.CreateInvoice(ctxB, finance.InvoiceInput{Kind: finance.KindSales, Party: customer, PurchaseOrderID: &own,
		Lines: []finance.LineInput{{ProductID: &steel, Description: "Steel", Quantity: "1", UnitPrice: bdt(100)}}})
	wantField(t, err, errs.InvalidArgument, "purchaseOrderId")
}

// TestRejectedBillGivesItsQuantitiesBack: a matched bill over 1 lakh
// waits for approval; its rejection returns it to draft, emits
// bill.unmatched, and its bags can be billed again.
func TestRejectedBillGivesItsQuantitiesBack(t *testing.T) {
	f := newInvoiceFixture(t)
	tid, ctx := newTenantCtx(t)
	order := uuid.New()
	f.deliver(t, orderEvent(t, tid, finance.EventPurchaseOrderApproved, order, map[string]any{
		"id": order, "number": "PO/2026-27/000002", "vendorId": contractor.ID,
		"lines": []map[string]any{{"line": 1, "productId": cement, "quantity": "100",
			"unitPrice": map[string]string{"amount": "1250.00", "currency": "BDT"}}}}), 1)
	f.deliver(t, received(t, tid, order, "100", "0"), 1)
	bill := f.mustSubmit(t, ctx, f.mustCreate(t, ctx, orderBill(order, "100", 125000)).ID)
	if bill.Status != finance.StatusSubmitted || bill.Match.Status != finance.MatchMatched {
		t.Fatalf("bill %s %+v", bill.Status, bill.Match)
	}
	if err := f.svc.ApplyApproval(ctx, finance.ApprovalOutcome{ApprovalID: *bill.ApprovalID, DocumentID: bill.ID,
		Status: finance.ApprovalRejected, DecidedBy: "cfo"}); err != nil {
		t.Fatal(err)
	}
	back, _ := f.svc.Invoice(ctx, bill.ID)
	if back.Status != finance.StatusDraft || back.Match.Status != finance.MatchNone {
		t.Fatalf("rejected bill %s %+v", back.Status, back.Match)
	}
	if u := f.billEvents(t, tid, finance.EventBillUnmatched); len(u) != 1 || u[0].Lines[0].Quantity != "100" {
		t.Fatalf("bill.unmatched %+v", u)
	}
	second := f.mustSubmit(t, ctx, f.mustCreate(t, ctx, orderBill(order, "100", 125000)).ID)
	if second.Match.Status != finance.MatchMatched {
		t.Fatalf("the bags given back did not match again: %s %+v", second.Status, second.Match)
	}
}

// TestCancelledBillsGiveTheirQuantitiesBack: a held bill is cancelled by
// a writer; a matched bill awaiting approval, cancelled, emits
// bill.unmatched and its bags can be billed again.
func TestCancelledBillsGiveTheirQuantitiesBack(t *testing.T) {
	f := newInvoiceFixture(t)
	tid, ctx := newTenantCtx(t)
	order := f.receivedOrder(t, tid, "4")
	held := f.mustSubmit(t, ctx, f.mustCreate(t, ctx, orderBill(order, "9", 125000)).ID)
	writer := as(tid, "clerk", finance.PermInvoiceRead, finance.PermInvoiceWrite)
	if out, err := f.svc.CancelInvoice(writer, held.ID, 0, "wrong order"); err != nil || out.Status != finance.StatusCancelled {
		t.Fatalf("cancelling a held bill: %+v, %v", out.Status, err)
	}
	f.approvals.autoBelow = 0 // every bill waits for its approvers
	bill := f.mustSubmit(t, ctx, f.mustCreate(t, ctx, orderBill(order, "4", 125000)).ID)
	if bill.Status != finance.StatusSubmitted || bill.Match.Status != finance.MatchMatched {
		t.Fatalf("bill %s %+v", bill.Status, bill.Match)
	}
	if _, err := f.svc.CancelInvoice(ctx, bill.ID, 0, "duplicate of the supplier's other bill"); err != nil {
		t.Fatal(err)
	}
	if u := f.billEvents(t, tid, finance.EventBillUnmatched); len(u) != 1 || u[0].ID != bill.ID.String() {
		t.Fatalf("bill.unmatched %+v", u)
	}
	again := f.mustSubmit(t, ctx, f.mustCreate(t, ctx, orderBill(order, "4", 125000)).ID)
	if again.Match.Status != finance.MatchMatched {
		t.Fatalf("the bags of the cancelled bill did not match again: %+v", again.Match)
	}
}

// TestReceiptReadBeforeItsOrderCounts: a receipt that arrives before its
// order's approval (another partition, a replay) is kept and counted when
// the order arrives; an unreadable orders event is skipped, not retried.
func TestReceiptReadBeforeItsOrderCounts(t *testing.T) {
	f := newInvoiceFixture(t)
	tid, ctx := newTenantCtx(t)
	order := uuid.New()
	f.deliver(t, received(t, tid, order, "4", "0"), 1)
	f.deliver(t, orderEvent(t, tid, finance.EventPurchaseOrderApproved, order, map[string]any{"id": order,
		"vendorId": contractor.ID, "lines": []map[string]any{{"line": 1, "productId": cement, "quantity": "ten",
			"unitPrice": map[string]string{"amount": "1250.00", "currency": "BDT"}}}}), 1)
	f.deliver(t, approvedOrder(t, tid, order), 1)
	bill := f.mustSubmit(t, ctx, f.mustCreate(t, ctx, orderBill(order, "4", 125000)).ID)
	if bill.Match.Status != finance.MatchMatched {
		t.Fatalf("bill %s %+v", bill.Status, bill.Match)
	}
}
