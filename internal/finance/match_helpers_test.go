package finance_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/finance"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// cement is the product the tests' purchase orders buy.
var cement = uuid.MustParse("0190a0b0-3333-7000-8000-000000000003")

// steel is a product no test order has.
var steel = uuid.MustParse("0190a0b0-3333-7000-8000-000000000004")

// orderEvent is an orders event of tenant t as the orders service
// publishes it (subject: the purchase order).
func orderEvent(tb testing.TB, t tenant.ID, typ string, order uuid.UUID, data any) events.Event {
	tb.Helper()
	raw, err := json.Marshal(data)
	if err != nil {
		tb.Fatal(err)
	}
	return events.Event{ID: uuid.NewString(), Type: typ, Tenant: t, Subject: order.String(), Data: raw}
}

// deliver hands ev to the finance consumer's handler, as Kafka would,
// times times (a redelivery past the inbox).
func (f *invoiceFixture) deliver(tb testing.TB, ev events.Event, times int) {
	tb.Helper()
	for range times {
		if err := finance.HandleEvent(f.svc, context.Background(), nil, ev); err != nil {
			tb.Fatalf("handle %s: %v", ev.Type, err)
		}
	}
}

// approvedOrder makes orders' approval event of a purchase order from
// contractor: 10 bags of cement at BDT 1,250.00.
func approvedOrder(tb testing.TB, t tenant.ID, order uuid.UUID) events.Event {
	return orderEvent(tb, t, finance.EventPurchaseOrderApproved, order, map[string]any{
		"id": order, "number": "PO/2026-27/000001", "vendorId": contractor.ID, "status": "approved",
		"lines": []map[string]any{{"line": 1, "productId": cement, "quantity": "10",
			"unitPrice": map[string]string{"amount": "1250.00", "currency": "BDT"}}}})
}

// received makes a goods receipt of order's line 1.
func received(tb testing.TB, t tenant.ID, order uuid.UUID, accepted, rejected string) events.Event {
	id := uuid.New()
	return orderEvent(tb, t, finance.EventGoodsReceived, order, map[string]any{
		"id": id, "number": "GRN/2026-27/000001", "purchaseOrderId": order, "locationId": uuid.New(), "receivedOn": "2026-12-03",
		"lines": []map[string]any{{"line": 1, "productId": cement, "accepted": accepted, "rejected": rejected}}})
}

// orderBill is a bill from contractor against order of qty bags of
// cement at price poisha each.
func orderBill(order uuid.UUID, qty string, price int64) finance.InvoiceInput {
	return finance.InvoiceInput{Kind: finance.KindPurchase, Party: contractor, Date: day("2026-12-04"), PurchaseOrderID: &order,
		Lines: []finance.LineInput{{ProductID: &cement, Description: "Cement, 50 kg bag", Quantity: qty, Unit: "bag",
			UnitPrice: bdt(price)}}}
}

// receivedOrder is a fresh order of tenant t with accepted bags received,
// each event delivered twice.
func (f *invoiceFixture) receivedOrder(tb testing.TB, t tenant.ID, accepted string) uuid.UUID {
	tb.Helper()
	order := uuid.New()
	f.deliver(tb, approvedOrder(tb, t, order), 2)
	f.deliver(tb, received(tb, t, order, accepted, "1"), 2)
	return order
}

// matched decodes the bill.matched (or .unmatched) events of tenant t.
func (f *invoiceFixture) billEvents(tb testing.TB, t tenant.ID, typ string) []finance.MatchedBill {
	tb.Helper()
	var out []finance.MatchedBill
	for _, e := range f.outbox(tb, t, typ) {
		var p finance.MatchedBill
		if err := json.Unmarshal(e.Data, &p); err != nil {
			tb.Fatal(err)
		}
		out = append(out, p)
	}
	return out
}

// heldEvents decodes the bill.held events of tenant t.
func (f *invoiceFixture) heldEvents(tb testing.TB, t tenant.ID) []finance.HeldBill {
	tb.Helper()
	var out []finance.HeldBill
	for _, e := range f.outbox(tb, t, finance.EventBillHeld) {
		var p finance.HeldBill
		if err := json.Unmarshal(e.Data, &p); err != nil {
			tb.Fatal(err)
		}
		out = append(out, p)
	}
	return out
}
