package orders

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/money"
	"github.com/vextrus/vextrus/internal/platform/tenantsettings"
	"github.com/vextrus/vextrus/internal/workflow/approvalclient"
)

// ConfirmSales turns a quotation into a sales order after its credit
// check, with the caller's credential (checkCredit). approve: the order
// takes its number, its quantities are committed at its location and it
// is confirmed, in one transaction. review: an approval of the order
// (approval.chain.sales_order) starts and the order waits in
// credit_review for it; its outcome arrives through the order's
// workflow (confirmSales, returnSalesToQuotation). block: nothing
// changes and the rule's reason is the FAILED_PRECONDITION. Needs
// orders.sales.write. Also returns FAILED_PRECONDITION for an order that
// is not a quotation or a quotation past its validUntil, and CONFLICT
// (stale) when it moved past expectedVersion (0: any).
func (s *Service) ConfirmSales(ctx context.Context, id uuid.UUID, expectedVersion int) (SalesOrder, error) {
	p, err := caller(ctx, PermSalesWrite)
	if err != nil {
		return SalesOrder{}, err
	}
	st, err := s.tenantSettings(ctx)
	if err != nil {
		return SalesOrder{}, err
	}
	cur, err := s.SalesOrder(ctx, id)
	if err != nil {
		return SalesOrder{}, err
	}
	if err := quotationOpen(cur, expectedVersion); err != nil {
		return SalesOrder{}, err
	}
	if today := st.Today(s.now()); cur.ValidUntil.Before(today) {
		return SalesOrder{}, salesRefused("validUntil", "quotation %s was valid until %s; change validUntil to confirm it",
			cur.Label(), cur.ValidUntil.Format(time.DateOnly))
	}
	check, err := s.checkCredit(ctx, cur, p.UserID)
	if err != nil {
		return SalesOrder{}, err
	}
	var approvalID *uuid.UUID
	wait, run := false, 0
	switch check.Decision {
	case CreditBlock:
		return SalesOrder{}, salesRefused("customerId", "the credit check refuses sales order %s: %s", cur.Label(), check.Reason)
	case CreditReview:
		started, err := s.startCreditApproval(ctx, cur, check)
		if err != nil {
			return SalesOrder{}, err
		}
		// A chain without a level for this amount approves at once.
		approvalID, wait, run = &started.ID, started.Status != approvalclient.Approved, started.Run
	}
	var out SalesOrder
	err = s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		o, err := salesOrderByID(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if err := quotationOpen(o, cur.Version); err != nil {
			return err
		}
		o.Credit, o.Reason, o.ApprovalID = &check, "", approvalID
		if wait {
			err = s.toCreditReview(ctx, tx, &o, st)
			if err == nil {
				// The run the order now waits on (lateOutcome).
				_, err = tx.Exec(ctx, `UPDATE orders.sales_orders SET approval_run = $2 WHERE id = $1`, o.ID, run)
			}
		} else {
			err = s.confirmIn(ctx, tx, &o, st)
		}
		out = o
		return err
	})
	if err == nil {
		s.run(ctx, s.startSales, id)
	}
	return out, err
}

// startCreditApproval asks the workflow service to approve o's credit,
// with the caller's credential: the caller is the approval's submitter.
func (s *Service) startCreditApproval(ctx context.Context, o SalesOrder, check CreditCheck) (approvalclient.Started, error) {
	if s.approvals == nil {
		return approvalclient.Started{}, errs.E(errs.FailedPrecondition, "the orders service has no workflow service to approve credit")
	}
	cur := money.Currency(o.Currency)
	summary := fmt.Sprintf("Sales order %s for %s: %s, credit available %s (%s)", o.QuoteNumber, o.CustomerName,
		money.New(o.Amount, cur).Decimal(), money.New(check.Available, cur).Decimal(), check.Reason)
	return s.approvals.Start(ctx, approvalclient.Request{Type: ApprovalSalesOrder, DocumentID: o.ID,
		Amount: money.New(o.Amount, cur), Department: o.Department, Summary: summary})
}

// toCreditReview puts o in credit_review waiting for its approval
// (o.ApprovalID). The order takes its number now, as every status past
// quotation has one; the number stays if the approval returns it to
// quotation.
func (s *Service) toCreditReview(ctx context.Context, tx *db.Tx, o *SalesOrder, st *tenantsettings.Settings) error {
	now := s.now().UTC()
	if err := s.numberSalesOrder(ctx, tx, o, st, now); err != nil {
		return err
	}
	o.Status = SalesCreditReview
	return saveSalesOrder(ctx, tx, o, now)
}

// confirmIn confirms o in tx: its number, the commitment of its lines'
// quantities at its location, and the confirmed event.
func (s *Service) confirmIn(ctx context.Context, tx *db.Tx, o *SalesOrder, st *tenantsettings.Settings) error {
	now := s.now().UTC()
	for _, l := range linesByProduct(o.Lines) {
		if err := s.commit(ctx, tx, l.ProductID, o.LocationID, l.Quantity); err != nil {
			return err
		}
	}
	// The number comes last: its sequence row stays locked until commit.
	if err := s.numberSalesOrder(ctx, tx, o, st, now); err != nil {
		return err
	}
	o.Status, o.ConfirmedAt = SalesConfirmed, &now
	if err := saveSalesOrder(ctx, tx, o, now); err != nil {
		return err
	}
	return s.emit(ctx, tx, salesEvent(EventSalesOrderConfirmed, *o))
}

// numberSalesOrder gives o its sales order number, dated today, unless it
// has one.
func (s *Service) numberSalesOrder(ctx context.Context, tx *db.Tx, o *SalesOrder, st *tenantsettings.Settings, now time.Time) error {
	if o.Number != "" {
		return nil
	}
	n, err := st.NextNumber(ctx, tx, Name, tenantsettings.DocSalesOrder, st.Today(now))
	if err != nil {
		return err
	}
	o.Number = n
	return nil
}

// linesByProduct returns lines ordered by product, then line: stock rows
// are locked in one order by every transaction, so two orders of the same
// products cannot deadlock.
func linesByProduct(lines []SalesLine) []SalesLine {
	out := slices.Clone(lines)
	slices.SortStableFunc(out, func(a, b SalesLine) int {
		if c := slices.Compare(a.ProductID[:], b.ProductID[:]); c != 0 {
			return c
		}
		return a.Line - b.Line
	})
	return out
}
