package orders

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

// CancelSales cancels a quotation or a sales order before its first
// delivery, from expectedVersion (0: any), with reason: the committed
// quantities of a confirmed order are released, and an open credit
// approval is withdrawn (as the caller, its submitter). Needs
// orders.sales.write. Returns FAILED_PRECONDITION once anything was
// delivered, INVALID_ARGUMENT naming reason, CONFLICT (stale).
func (s *Service) CancelSales(ctx context.Context, id uuid.UUID, expectedVersion int, reason string) (SalesOrder, error) {
	if _, err := caller(ctx, PermSalesWrite); err != nil {
		return SalesOrder{}, err
	}
	reason = strings.TrimSpace(reason)
	switch {
	case reason == "":
		return SalesOrder{}, errs.Field("reason", "is required")
	case len([]rune(reason)) > 1000:
		return SalesOrder{}, errs.Field("reason", "is at most 1000 characters")
	}
	var out SalesOrder
	var openApproval *uuid.UUID
	err := s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		o, err := salesOrderByID(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if expectedVersion > 0 && o.Version != expectedVersion {
			return errs.Stale("sales order %s is at version %d, not %d", o.Label(), o.Version, expectedVersion)
		}
		if o.Status == SalesCreditReview {
			openApproval = o.ApprovalID
		}
		if err := s.cancelIn(ctx, tx, &o, reason); err != nil {
			return err
		}
		out = o
		return nil
	})
	if err == nil && s.temporal != nil {
		// The order's workflow ends with it; its cancel finds the order
		// cancelled and changes nothing more.
		if uerr := s.update(ctx, SalesWorkflowID(id.String()), UpdateCancel, reason); uerr != nil && !errs.Is(uerr, errs.NotFound) {
			s.log.WarnContext(ctx, "cancelled sales order's workflow still runs", "order", id, "err", uerr)
		}
	}
	if err == nil && openApproval != nil && s.approvals != nil {
		// The approvers' task goes too. The order is cancelled whatever
		// the workflow answers: an outcome that still arrives is ignored.
		if werr := s.approvals.Withdraw(ctx, *openApproval, "the sales order was cancelled: "+reason); werr != nil {
			s.log.WarnContext(ctx, "cancelled sales order's approval stays open", "order", id, "approval", *openApproval, "err", werr)
		}
	}
	return out, err
}

// cancelSales cancels an order for its workflow's compensation, as
// CancelSales does but without a user's permission or version: by names
// who asked, recorded with the reason. An order already cancelled is
// left as it is. Returns FAILED_PRECONDITION once anything was
// delivered. The workflow withdraws an open approval itself.
func (s *Service) cancelSales(ctx context.Context, orderID uuid.UUID, reason, by string) error {
	if by != "" {
		reason = fmt.Sprintf("%s (cancelled by %s)", reason, by)
	}
	reason = clipReason(reason, 1000)
	return s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		o, err := salesOrderByID(ctx, tx, orderID, true)
		if err != nil || o.Status == SalesCancelled {
			return err
		}
		return s.cancelIn(ctx, tx, &o, reason)
	})
}

// cancelIn cancels o in tx: a confirmed order's commitments are
// released; a quotation and an order in credit review committed nothing.
func (s *Service) cancelIn(ctx context.Context, tx *db.Tx, o *SalesOrder, reason string) error {
	switch o.Status {
	case SalesQuotation, SalesCreditReview:
	case SalesConfirmed:
		// Nothing was delivered: the whole quantity is still committed.
		for _, l := range linesByProduct(o.Lines) {
			if err := s.commit(ctx, tx, l.ProductID, o.LocationID, -l.Remaining()); err != nil {
				return err
			}
		}
	default:
		return salesRefused("status", "sales order %s is %s; only an order not yet delivered is cancelled", o.Label(), o.Status)
	}
	o.Status, o.Reason, o.ApprovalID = SalesCancelled, reason, nil
	if err := saveSalesOrder(ctx, tx, o, s.now().UTC()); err != nil {
		return err
	}
	return s.emit(ctx, tx, salesEvent(EventSalesOrderCancelled, *o))
}

// settleSales closes an order once every line is delivered in full and
// every delivery has its invoice: status closed and the closed event.
// It reports whether the order is closed; an order not yet settled is
// left as it is (false, nil), one closed before answers true.
func (s *Service) settleSales(ctx context.Context, orderID uuid.UUID) (closed bool, err error) {
	err = s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		o, err := salesOrderByID(ctx, tx, orderID, true)
		if err != nil {
			return err
		}
		if o.Status == SalesClosed {
			closed = true
			return nil
		}
		if o.Status != SalesDelivered || !o.fullyDelivered() {
			return nil
		}
		var open int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM orders.deliveries WHERE order_id = $1 AND invoice_id IS NULL`,
			orderID).Scan(&open); err != nil {
			return fmt.Errorf("count uninvoiced deliveries: %w", db.Translate(err))
		}
		if open > 0 {
			return nil
		}
		now := s.now().UTC()
		o.Status, o.ClosedAt = SalesClosed, &now
		if err := saveSalesOrder(ctx, tx, &o, now); err != nil {
			return err
		}
		closed = true
		return s.emit(ctx, tx, salesEvent(EventSalesOrderClosed, o))
	})
	if err != nil {
		return false, err
	}
	return closed, nil
}
