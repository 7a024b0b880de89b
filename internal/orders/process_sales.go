package orders

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"go.temporal.io/sdk/workflow"

	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/temporalx"
	"github.com/vextrus/vextrus/internal/platform/tenant"
	"github.com/vextrus/vextrus/internal/workflow/approvalclient"
)

// sales runs a sales order from confirmation: while its credit
// is reviewed it waits for the approval; then each delivery is invoiced
// in finance, and the order closes once everything was delivered and
// invoiced. Cancel compensates: the committed quantities are released.
func (w workflows) sales(ctx workflow.Context, in Process) (string, error) {
	p := newProcess(ctx)
	err := workflow.SetUpdateHandler(ctx, UpdateCancel, func(ctx workflow.Context, reason string) error {
		if err := local(ctx, w.a.CancelSales, in.OrderID, reason).Get(ctx, nil); err != nil {
			return err
		}
		p.ended = StatusCancelled
		return nil
	})
	if err != nil {
		return "", err
	}
	var status string
	if err := local(ctx, w.a.SalesStatus, in.OrderID).Get(ctx, &status); err != nil {
		return "", err
	}
	for p.ended == "" {
		switch status {
		case SalesCreditReview:
			sigs, err := p.next(ctx)
			if err != nil {
				return "", err
			}
			for _, sig := range sigs {
				if sig.Kind != SignalApproval || sig.Status == "" || sig.Status == "pending" || status != SalesCreditReview {
					continue
				}
				if err := local(ctx, w.a.DecideSales, in.OrderID, sig).Get(ctx, &status); err != nil {
					return "", err
				}
			}
		case SalesConfirmed, SalesPartiallyDelivered, SalesDelivered:
			actx := workflow.WithActivityOptions(ctx, activityOptions)
			if err := workflow.ExecuteActivity(actx, w.a.InvoiceDeliveries, in.OrderID).Get(ctx, nil); err != nil {
				return "", err
			}
			var done bool
			if err := local(ctx, w.a.SettleSales, in.OrderID).Get(ctx, &done); err != nil {
				return "", err
			}
			if done {
				p.ended = StatusClosed
				break
			}
			if workflow.GetInfo(ctx).GetContinueAsNewSuggested() {
				if _, err := p.finish(ctx); err != nil {
					return "", err
				}
				return "", workflow.NewContinueAsNewError(ctx, SalesWorkflowName, in)
			}
			if _, err := p.next(ctx); err != nil {
				return "", err
			}
		default:
			p.ended = status
		}
	}
	return p.finish(ctx)
}

// startSales starts (or joins) sales order id's workflow.
func (s *Service) startSales(ctx context.Context, id uuid.UUID) error {
	_, err := s.temporal.ExecuteWorkflow(ctx, startOptions(SalesWorkflowID(id.String())), SalesWorkflowName,
		Process{OrderID: id.String()})
	return temporalx.DomainError(err)
}

// SalesStatus returns the sales order's status.
func (a *Activities) SalesStatus(ctx context.Context, id string) (string, error) {
	u, err := orderID(id)
	if err != nil {
		return "", err
	}
	status, err := a.s.salesStatus(ctx, u)
	return status, temporalx.ActivityError(err)
}

func (s *Service) salesStatus(ctx context.Context, id uuid.UUID) (string, error) {
	var status string
	err := s.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) error {
		err := tx.QueryRow(ctx, `SELECT status FROM orders.sales_orders WHERE id = $1`, id).Scan(&status)
		if err != nil {
			return errs.Wrap(errs.NotFound, err, "no sales order %s", id)
		}
		return nil
	})
	return status, err
}

// DecideSales applies the credit approval's outcome and returns the
// order's status after.
func (a *Activities) DecideSales(ctx context.Context, id string, sig Signal) (string, error) {
	u, err := orderID(id)
	if err != nil {
		return "", err
	}
	if sig.Status == approvalclient.Approved {
		err = a.s.confirmSales(ctx, u, sig.Run)
	} else {
		err = a.s.returnSalesToQuotation(ctx, u, "credit approval "+sig.Status+": "+sig.Reason, sig.Run)
	}
	if err != nil {
		return "", temporalx.ActivityError(err)
	}
	status, err := a.s.salesStatus(ctx, u)
	return status, temporalx.ActivityError(err)
}

// InvoiceDeliveries has finance invoice each of the order's deliveries
// not invoiced yet, acting as the orders service for the order's tenant.
func (a *Activities) InvoiceDeliveries(ctx context.Context, id string) error {
	u, err := orderID(id)
	if err != nil {
		return err
	}
	var pending []uuid.UUID
	err = a.s.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) error {
		rows, err := tx.Query(ctx, `SELECT id FROM orders.deliveries WHERE order_id = $1 AND invoice_id IS NULL ORDER BY created_at, id`, u)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var d uuid.UUID
			if err := rows.Scan(&d); err != nil {
				return err
			}
			pending = append(pending, d)
		}
		return rows.Err()
	})
	if err != nil || len(pending) == 0 {
		return err
	}
	if a.s.acting == nil || a.s.invoicer == nil {
		return temporalx.ActivityError(errs.E(errs.FailedPrecondition, "orders has no finance invoicer here"))
	}
	t, err := tenant.Require(ctx)
	if err != nil {
		return temporalx.ActivityError(err)
	}
	actx, err := a.s.acting.Act(ctx, t)
	if err != nil {
		return fmt.Errorf("act for tenant %s: %w", t, err)
	}
	for _, d := range pending {
		if err := a.s.invoiceDelivery(actx, d); err != nil {
			return temporalx.ActivityError(err)
		}
	}
	return nil
}

// SettleSales closes the order when everything was delivered and
// invoiced. Returns whether it ended.
func (a *Activities) SettleSales(ctx context.Context, id string) (bool, error) {
	u, err := orderID(id)
	if err != nil {
		return false, err
	}
	done, err := a.s.settleSales(ctx, u)
	return done, temporalx.ActivityError(err)
}

// CancelSales cancels an order nothing was delivered of, releasing what
// it committed.
func (a *Activities) CancelSales(ctx context.Context, id, reason string) error {
	u, err := orderID(id)
	if err != nil {
		return err
	}
	by := ""
	if p, ok := authz.From(ctx); ok {
		by = p.UserID
	}
	return temporalx.ActivityError(a.s.cancelSales(ctx, u, reason, by))
}
