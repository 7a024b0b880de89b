package orders

import (
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/money"
	"github.com/vextrus/vextrus/internal/platform/qty"
)

// The statuses of a quotation and sales order (sales_orders.status):
// quotation -> credit_review (approval open) | confirmed ->
// partially_delivered -> delivered -> closed; cancelled before the first
// delivery. A rejected credit approval returns the order to quotation.
const (
	SalesQuotation          = "quotation"
	SalesCreditReview       = "credit_review"
	SalesConfirmed          = "confirmed"
	SalesPartiallyDelivered = "partially_delivered"
	SalesDelivered          = "delivered"
	SalesClosed             = "closed"
	SalesCancelled          = "cancelled"
)

// maxSalesLines bounds a quotation's lines.
const maxSalesLines = 200

// defaultValidity is how long a quotation stays open when the request
// names no validUntil.
const defaultValidity = 30 * 24 * time.Hour

// SalesOrder is a quotation and, once confirmed, the sales order it
// became: one row of sales_orders with its lines. Money is poisha of
// Currency; Amount is the lines' total before VAT.
type SalesOrder struct {
	ID              uuid.UUID
	Number          string
	QuoteNumber     string
	Status          string
	CustomerID      uuid.UUID
	CustomerName    string
	LocationID      uuid.UUID
	OrderDate       time.Time
	ValidUntil      time.Time
	DeliveryAddress string
	Department      string
	Currency        string
	Amount          int64
	Memo            string
	// Credit is the credit check that confirmed the order or sent it to
	// review; nil on a quotation never confirmed.
	Credit     *CreditCheck
	ApprovalID *uuid.UUID
	// Reason says why the order was cancelled or returned to quotation.
	Reason      string
	CreatedBy   string
	ConfirmedAt *time.Time
	ClosedAt    *time.Time
	CreatedAt   time.Time
	UpdatedAt   time.Time
	Version     int
	Lines       []SalesLine
}

// SalesLine is one product of a sales order. Delivered grows with each
// delivery and never passes Quantity.
type SalesLine struct {
	Line        int
	ProductID   uuid.UUID
	ProductName string
	Unit        string
	VATCategory string
	Quantity    qty.Qty
	UnitPrice   int64
	Amount      int64
	Delivered   qty.Qty
}

// Remaining is what is still to deliver on l.
func (l SalesLine) Remaining() qty.Qty { return l.Quantity - l.Delivered }

// CreditCheck is the credit check of a confirmation as sales_orders.credit
// keeps it: the figures credit.check was given and its answer. Amounts
// are poisha; CreditLimit is nil when the customer has none (no check).
type CreditCheck struct {
	Decision    string    `json:"decision"`
	Reason      string    `json:"reason"`
	Amount      int64     `json:"amount"`
	CreditLimit *int64    `json:"creditLimit"`
	Outstanding int64     `json:"outstanding"`
	OverdueDays int       `json:"overdueDays"`
	Available   int64     `json:"available"`
	CheckedBy   string    `json:"checkedBy"`
	CheckedAt   time.Time `json:"checkedAt"`
}

// Label names the order in messages: its number, else its quote number.
func (o SalesOrder) Label() string {
	if o.Number != "" {
		return o.Number
	}
	return o.QuoteNumber
}

// line returns the order's line n.
func (o SalesOrder) line(n int) (SalesLine, bool) {
	for _, l := range o.Lines {
		if l.Line == n {
			return l, true
		}
	}
	return SalesLine{}, false
}

// fullyDelivered reports whether every line is delivered in full.
func (o SalesOrder) fullyDelivered() bool {
	for _, l := range o.Lines {
		if l.Delivered < l.Quantity {
			return false
		}
	}
	return true
}

// salesEvent is the event of type typ about o as it now stands.
func salesEvent(typ string, o SalesOrder) events.Draft {
	cur := money.Currency(o.Currency)
	ev := SalesOrderEvent{ID: o.ID.String(), Number: o.Number, QuoteNumber: o.QuoteNumber, Status: o.Status,
		CustomerID: o.CustomerID.String(), LocationID: o.LocationID.String(), Amount: money.New(o.Amount, cur),
		Reason: o.Reason, Lines: make([]OrderLineEvent, len(o.Lines))}
	for i, l := range o.Lines {
		ev.Lines[i] = OrderLineEvent{Line: l.Line, ProductID: l.ProductID.String(), Quantity: l.Quantity.String(),
			UnitPrice: money.New(l.UnitPrice, cur)}
	}
	return events.Draft{Type: typ, Subject: o.ID.String(), Data: ev}
}
