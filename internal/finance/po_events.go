package finance

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/money"
	"github.com/vextrus/vextrus/internal/platform/qty"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// The orders service's events finance keeps its copy of purchase orders
// from (DESIGN §16: finance never calls orders). Each has the purchase
// order's id as its subject, so one order's events arrive in order.
const (
	EventPurchaseOrderApproved  = "vextrus.orders.purchase_order.approved.v1"
	EventGoodsReceived          = "vextrus.orders.goods.received.v1"
	EventPurchaseOrderCancelled = "vextrus.orders.purchase_order.cancelled.v1"
)

// OrderApproved is what finance reads of purchase_order.approved.
type OrderApproved struct {
	ID       uuid.UUID        `json:"id"`
	Number   string           `json:"number"`
	VendorID uuid.UUID        `json:"vendorId"`
	Lines    []OrderLineEvent `json:"lines"`
}

// OrderLineEvent is a purchase order's line in OrderApproved; Quantity is
// a decimal string with at most 4 decimals.
type OrderLineEvent struct {
	Line      int          `json:"line"`
	ProductID uuid.UUID    `json:"productId"`
	Quantity  string       `json:"quantity"`
	UnitPrice money.Amount `json:"unitPrice"`
}

// GoodsReceived is what finance reads of goods.received.
type GoodsReceived struct {
	ID              uuid.UUID          `json:"id"`
	Number          string             `json:"number"`
	PurchaseOrderID uuid.UUID          `json:"purchaseOrderId"`
	LocationID      uuid.UUID          `json:"locationId"`
	ReceivedOn      string             `json:"receivedOn"`
	Lines           []ReceiptLineEvent `json:"lines"`
}

// ReceiptLineEvent is a receipt's line: Line is the purchase order's
// line; Accepted and Rejected are decimal strings ("0" allowed).
type ReceiptLineEvent struct {
	Line      int       `json:"line"`
	ProductID uuid.UUID `json:"productId"`
	Accepted  string    `json:"accepted"`
	Rejected  string    `json:"rejected"`
}

// OrderCancelled is what finance reads of purchase_order.cancelled.
type OrderCancelled struct {
	ID     uuid.UUID `json:"id"`
	Number string    `json:"number"`
	Reason string    `json:"reason"`
}

// handleOrderEvent applies one of orders' events to finance's copy, in
// the consumer's transaction when it is the event's tenant's. Each
// effect is idempotent on its own (the inbox aside): an approval
// rewrites the order's terms and keeps what was received and billed, a
// receipt's lines count once by receipt and line, a cancellation only
// marks. An event finance cannot read is logged and skipped rather than
// retried into the dead-letter topic: it would never read better.
func (s *Service) handleOrderEvent(ctx context.Context, tx *db.Tx, ev events.Event) error {
	if ev.Tenant == tenant.Nil {
		s.log.WarnContext(ctx, "orders event without a tenant", "event", ev.ID, "type", ev.Type)
		return nil
	}
	var apply func(ctx context.Context, tx *db.Tx) error
	var bad error
	switch ev.Type {
	case EventPurchaseOrderApproved:
		var p OrderApproved
		if bad = json.Unmarshal(ev.Data, &p); bad == nil {
			var lines []orderLine
			if lines, bad = readOrderLines(p); bad == nil {
				apply = func(ctx context.Context, tx *db.Tx) error { return upsertOrder(ctx, tx, p, lines) }
			}
		}
	case EventGoodsReceived:
		var p GoodsReceived
		if bad = json.Unmarshal(ev.Data, &p); bad == nil {
			var lines []receiptLine
			if lines, bad = readReceiptLines(p); bad == nil {
				apply = func(ctx context.Context, tx *db.Tx) error { return insertReceipt(ctx, tx, p, lines) }
			}
		}
	case EventPurchaseOrderCancelled:
		var p OrderCancelled
		if bad = json.Unmarshal(ev.Data, &p); bad == nil {
			apply = func(ctx context.Context, tx *db.Tx) error { return cancelOrder(ctx, tx, p) }
		}
	default:
		return nil
	}
	if bad != nil {
		s.log.WarnContext(ctx, "unreadable orders event skipped", "event", ev.ID, "type", ev.Type, "err", bad)
		return nil
	}
	if tx != nil && tx.Tenant() == ev.Tenant {
		return apply(ctx, tx)
	}
	return s.db.InTenantTx(tenant.With(ctx, ev.Tenant), apply)
}

// orderLine is a purchase order line as finance keeps it.
type orderLine struct {
	line      int
	product   uuid.UUID
	ordered   Quantity
	unitPrice int64
}

func readOrderLines(p OrderApproved) ([]orderLine, error) {
	if p.ID == uuid.Nil || p.VendorID == uuid.Nil || len(p.Lines) == 0 {
		return nil, fmt.Errorf("an approved order needs its id, vendorId and lines")
	}
	out := make([]orderLine, len(p.Lines))
	for i, l := range p.Lines {
		q, err := ParseQuantity("quantity", l.Quantity)
		if err != nil {
			return nil, fmt.Errorf("line %d: quantity %q", l.Line, l.Quantity)
		}
		if l.Line <= 0 || l.ProductID == uuid.Nil || l.UnitPrice.Currency() != money.BDT || l.UnitPrice.Sign() < 0 {
			return nil, fmt.Errorf("line %d: needs a positive line, a productId and a BDT unitPrice", l.Line)
		}
		out[i] = orderLine{line: l.Line, product: l.ProductID, ordered: q, unitPrice: l.UnitPrice.Minor()}
	}
	return out, nil
}

// receiptLine is a goods receipt line in ten-thousandths.
type receiptLine struct {
	line               int
	product            uuid.UUID
	accepted, rejected Quantity
}

func readReceiptLines(p GoodsReceived) ([]receiptLine, error) {
	if p.ID == uuid.Nil || p.PurchaseOrderID == uuid.Nil {
		return nil, fmt.Errorf("a receipt needs its id and purchaseOrderId")
	}
	if _, err := time.Parse(DateLayout, p.ReceivedOn); err != nil {
		return nil, fmt.Errorf("receivedOn %q is not a date", p.ReceivedOn)
	}
	out := make([]receiptLine, len(p.Lines))
	for i, l := range p.Lines {
		a, err1 := parseCount(l.Accepted)
		r, err2 := parseCount(l.Rejected)
		if err1 != nil || err2 != nil || l.Line <= 0 {
			return nil, fmt.Errorf("line %d: accepted %q, rejected %q", l.Line, l.Accepted, l.Rejected)
		}
		out[i] = receiptLine{line: l.Line, product: l.ProductID, accepted: a, rejected: r}
	}
	return out, nil
}

// parseCount reads a quantity that may be zero or absent.
func parseCount(s string) (Quantity, error) {
	if s == "" {
		return 0, nil
	}
	v, err := qty.ParseScaled(s)
	return Quantity(v), err
}
