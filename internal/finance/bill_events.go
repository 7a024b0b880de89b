package finance

import (
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/money"
)

// The three-way match's events, the bill's id their subject. The orders
// service learns from them what was billed of its orders (finance never
// calls orders).
const (
	// EventBillMatched: the bill agreed with its order (or a user
	// released its hold) and went to approval; its quantities count as
	// billed on the order's lines.
	EventBillMatched = "vextrus.finance.bill.matched.v1"
	// EventBillHeld: the bill disagreed with its order and waits for
	// review; it is neither submitted nor posted.
	EventBillHeld = "vextrus.finance.bill.held.v1"
	// EventBillUnmatched: a matched bill went back to draft (its
	// approval was rejected, withdrawn or expired, or could not start)
	// or was cancelled; its quantities are billed no more.
	EventBillUnmatched = "vextrus.finance.bill.unmatched.v1"
)

// MatchedBill is the payload of vextrus.finance.bill.matched.v1 and
// .unmatched.v1. Lines name the order's lines; Override says a user
// released a hold (ReleasedBy, Reason); Reason on unmatched says why.
type MatchedBill struct {
	ID              string        `json:"id"`
	PurchaseOrderID string        `json:"purchaseOrderId"`
	VendorID        string        `json:"vendorId"`
	Amount          money.Amount  `json:"amount"`
	Lines           []MatchedLine `json:"lines"`
	Override        bool          `json:"override"`
	ReleasedBy      string        `json:"releasedBy,omitempty"`
	Reason          string        `json:"reason,omitempty"`
}

// HeldBill is the payload of vextrus.finance.bill.held.v1.
type HeldBill struct {
	ID              string       `json:"id"`
	PurchaseOrderID string       `json:"purchaseOrderId"`
	VendorID        string       `json:"vendorId"`
	Amount          money.Amount `json:"amount"`
	Reasons         []HoldReason `json:"reasons"`
}

func billMatchedEvent(typ string, inv Invoice, reason string) events.Draft {
	lines := inv.Match.Lines
	if lines == nil {
		lines = []MatchedLine{}
	}
	p := MatchedBill{ID: inv.ID.String(), PurchaseOrderID: inv.PurchaseOrderID.String(), VendorID: inv.Party.ID.String(),
		Amount: money.New(inv.Total, money.Currency(inv.Currency)), Lines: lines, Override: inv.Match.Status == MatchOverridden,
		ReleasedBy: inv.Match.ReleasedBy, Reason: reason}
	if typ == EventBillMatched && p.Override {
		p.Reason = inv.Match.ReleaseReason
	}
	return events.Draft{Type: typ, Subject: inv.ID.String(), Data: p}
}

func billHeldEvent(inv Invoice) events.Draft {
	return events.Draft{Type: EventBillHeld, Subject: inv.ID.String(), Data: HeldBill{ID: inv.ID.String(),
		PurchaseOrderID: inv.PurchaseOrderID.String(), VendorID: inv.Party.ID.String(),
		Amount: money.New(inv.Total, money.Currency(inv.Currency)), Reasons: inv.Match.Reasons}}
}
