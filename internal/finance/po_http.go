package finance

import (
	"context"
	"net/http"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/httpx"
	"github.com/vextrus/vextrus/internal/platform/money"
)

// OrderMatchJSON is finance's copy of a purchase order as bills are
// matched against it: per line what was ordered at what price, what
// receipts accepted, what bills claimed and what is left to bill.
type OrderMatchJSON struct {
	PurchaseOrderID uuid.UUID            `json:"purchaseOrderId"`
	Number          string               `json:"number"`
	VendorID        uuid.UUID            `json:"vendorId"`
	Status          string               `json:"status"`
	Lines           []OrderMatchLineJSON `json:"lines"`
}

// OrderMatchLineJSON is one order line as finance matches it.
type OrderMatchLineJSON struct {
	Line      int          `json:"line"`
	ProductID uuid.UUID    `json:"productId"`
	Ordered   string       `json:"ordered"`
	UnitPrice money.Amount `json:"unitPrice"`
	Accepted  string       `json:"accepted"`
	Billed    string       `json:"billed"`
	// Billable is accepted less billed, never below zero.
	Billable string `json:"billable"`
}

// OrderMatch returns what finance knows of purchase order id from
// orders' events. Needs finance.invoice.read. Returns NOT_FOUND when
// finance has not (yet) heard of the order, also for another tenant's.
func (s *Service) OrderMatch(ctx context.Context, id uuid.UUID) (OrderMatchJSON, error) {
	if _, err := caller(ctx, PermInvoiceRead); err != nil {
		return OrderMatchJSON{}, err
	}
	var po purchaseOrder
	var ok bool
	err := s.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) (err error) {
		po, ok, err = readOrder(ctx, tx, id, "")
		return err
	})
	if err == nil && !ok {
		err = errs.E(errs.NotFound, "finance knows no purchase order %s", id)
	}
	if err != nil {
		return OrderMatchJSON{}, err
	}
	out := OrderMatchJSON{PurchaseOrderID: po.id, Number: po.number, VendorID: po.vendorID, Status: po.status,
		Lines: make([]OrderMatchLineJSON, len(po.lines))}
	for i, l := range po.lines {
		out.Lines[i] = OrderMatchLineJSON{Line: l.line, ProductID: l.product, Ordered: l.ordered.String(),
			UnitPrice: money.New(l.unitPrice, money.BDT), Accepted: l.accepted.String(), Billed: l.billed.String(),
			Billable: max(l.accepted-l.billed, 0).String()}
	}
	return out, nil
}

// handleOrderMatch answers GET /purchase-orders/{id}.
func (s *Service) handleOrderMatch(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	m, err := s.OrderMatch(r.Context(), id)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, m)
	return nil
}
