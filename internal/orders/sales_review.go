package orders

import (
	"context"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/db"
)

// The transitions the order's workflow applies when the credit approval
// ends. They run as the workflow's activities, in a context carrying the
// tenant (the service's own credential, s.acting); they check no
// permission of a user. Each is idempotent: a retried activity changes
// nothing twice.

// confirmSales confirms an order whose credit approval was granted:
// credit_review -> confirmed, with its number, its quantities committed
// at its location and the confirmed event, in one transaction. An order
// already confirmed (or past it) is left as it is. Returns
// FAILED_PRECONDITION for a quotation or a cancelled order: the approval
// no longer applies.
func (s *Service) confirmSales(ctx context.Context, orderID uuid.UUID, run int) error {
	st, err := s.tenantSettings(ctx)
	if err != nil {
		return err
	}
	return s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		o, err := salesOrderByID(ctx, tx, orderID, true)
		if err != nil {
			return err
		}
		switch o.Status {
		case SalesConfirmed, SalesPartiallyDelivered, SalesDelivered, SalesClosed:
			return nil
		case SalesCreditReview:
			if late, err := lateOutcome(ctx, tx, "orders.sales_orders", orderID, run); late || err != nil {
				return err
			}
			return s.confirmIn(ctx, tx, &o, st)
		}
		return salesRefused("status", "sales order %s is %s; only an order in credit review is confirmed by its approval",
			o.Label(), o.Status)
	})
}

// returnSalesToQuotation returns an order whose credit approval was
// rejected, withdrawn or expired to quotation with reason; nothing was
// committed. It keeps its number for a later confirmation. A quotation,
// or an order cancelled meanwhile (which withdrew the approval), is left
// as it is. Returns FAILED_PRECONDITION for an order already confirmed.
func (s *Service) returnSalesToQuotation(ctx context.Context, orderID uuid.UUID, reason string, run int) error {
	reason = clipReason(reason, 1000)
	return s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		o, err := salesOrderByID(ctx, tx, orderID, true)
		if err != nil {
			return err
		}
		switch o.Status {
		case SalesQuotation, SalesCancelled:
			return nil
		case SalesCreditReview:
			if late, err := lateOutcome(ctx, tx, "orders.sales_orders", orderID, run); late || err != nil {
				return err
			}
			if err := endRun(ctx, tx, "orders.sales_orders", orderID, run); err != nil {
				return err
			}
			o.Status, o.ApprovalID, o.Reason = SalesQuotation, nil, reason
			return saveSalesOrder(ctx, tx, &o, s.now().UTC())
		}
		return salesRefused("status", "sales order %s is %s; only an order in credit review returns to quotation",
			o.Label(), o.Status)
	})
}

// clipReason shortens s to at most n characters.
func clipReason(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}
