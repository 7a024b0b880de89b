package finance_test

import (
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/finance"
)

// TestSeededMatchToleranceCapsThePercentage matches bills with the rules
// service's own seeded purchase.match_tolerance over REST: a bill up to
// 1 lakh may be 2 % above the order, at most BDT 1,000 a line. 60 bags
// ordered at 1,250.00 are 75,000.00; 2 % would be 1,500.00, the cap
// allows 1,000.00: at 1,267.00 (1,020.00 over) the bill is held, at
// 1,266.00 (960.00 over) it matches.
func TestSeededMatchToleranceCapsThePercentage(t *testing.T) {
	tid := newTenant(t)
	r := realRules(t, tid)
	f := &invoiceFixture{approvals: &approvals{autoBelow: 100_000_00}}
	f.fixture = newFixture(t, func(d *finance.Deps) { d.Rules, d.Approvals = r, f.approvals })
	ctx := withPlatformPerms(tid)
	order := uuid.New()
	f.deliver(t, orderEvent(t, tid, finance.EventPurchaseOrderApproved, order, map[string]any{
		"id": order, "number": "PO/2026-27/000009", "vendorId": contractor.ID,
		"lines": []map[string]any{{"line": 1, "productId": cement, "quantity": "60",
			"unitPrice": map[string]string{"amount": "1250.00", "currency": "BDT"}}}}), 1)
	f.deliver(t, received(t, tid, order, "60", "0"), 1)

	held := f.mustSubmit(t, ctx, f.mustCreate(t, ctx, orderBill(order, "60", 126700)).ID)
	if held.Status != finance.StatusHeld || len(held.Match.Reasons) != 1 || !strings.Contains(held.Match.Reasons[0].Message, "(1000.00)") {
		t.Fatalf("bill 1,020.00 over: %s %+v", held.Status, held.Match)
	}
	ok := f.mustSubmit(t, ctx, f.mustCreate(t, ctx, orderBill(order, "60", 126600)).ID)
	if ok.Match.Status != finance.MatchMatched {
		t.Fatalf("bill 960.00 over: %s %+v", ok.Status, ok.Match)
	}
}
