package orders

import (
	"context"
	"strings"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/money"
	"github.com/vextrus/vextrus/internal/platform/tenantsettings"
	"github.com/vextrus/vextrus/internal/workflow/approvalclient"
)

// CreatePurchaseOrder keeps a draft purchase order. A requisition it
// names must be open; it becomes ordered. Needs orders.purchase.write.
// Returns INVALID_ARGUMENT naming every field at fault.
func (s *Service) CreatePurchaseOrder(ctx context.Context, in PurchaseInput) (PurchaseOrder, error) {
	p, err := caller(ctx, PermPurchaseWrite)
	if err != nil {
		return PurchaseOrder{}, err
	}
	today, err := s.today(ctx)
	if err != nil {
		return PurchaseOrder{}, err
	}
	o := PurchaseOrder{ID: uuid.Must(uuid.NewV7()), CreatedBy: p.UserID}
	if err := s.fillPurchase(ctx, &o, in, today); err != nil {
		return PurchaseOrder{}, err
	}
	err = s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		if _, err := s.requireLocation(ctx, tx, "locationId", o.LocationID); err != nil {
			return err
		}
		if err := insertPurchase(ctx, tx, &o); err != nil {
			return err
		}
		if o.RequisitionID != nil {
			if err := orderRequisition(ctx, tx, *o.RequisitionID, o.ID); err != nil {
				return err
			}
		}
		return s.emit(ctx, tx, purchaseEvent(EventPurchaseOrderCreated, &o))
	})
	return o, err
}

// UpdatePurchaseOrder replaces a draft's content at version (0: whatever
// version is current, as If-Match: * asks). Needs orders.purchase.write.
// Returns CONFLICT (errs.Stale) when version is stale and
// FAILED_PRECONDITION when the order is no longer a draft.
func (s *Service) UpdatePurchaseOrder(ctx context.Context, id uuid.UUID, version int, in PurchaseInput) (PurchaseOrder, error) {
	if _, err := caller(ctx, PermPurchaseWrite); err != nil {
		return PurchaseOrder{}, err
	}
	today, err := s.today(ctx)
	if err != nil {
		return PurchaseOrder{}, err
	}
	var o PurchaseOrder
	err = s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		cur, err := purchaseByID(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if cur.Status != StatusDraft {
			return errs.E(errs.FailedPrecondition, "purchase order %s is %s; only a draft is edited", id, cur.Status)
		}
		if in.RequisitionID != nil && (cur.RequisitionID == nil || *cur.RequisitionID != *in.RequisitionID) {
			return errs.Field("requisitionId", "is set when the order is created")
		}
		o = cur
		if err := s.fillPurchase(ctx, &o, in, today); err != nil {
			return err
		}
		o.RequisitionID = cur.RequisitionID
		if _, err := s.requireLocation(ctx, tx, "locationId", o.LocationID); err != nil {
			return err
		}
		if version == 0 {
			version = cur.Version
		}
		if err := replacePurchase(ctx, tx, &o, version); err != nil {
			return err
		}
		updated, err := purchaseByID(ctx, tx, id, false)
		o = updated
		return err
	})
	return o, err
}

// PurchaseOrder returns order id with its lines and bills. Needs
// orders.purchase.read. Returns NOT_FOUND, also for another tenant's.
func (s *Service) PurchaseOrder(ctx context.Context, id uuid.UUID) (PurchaseOrder, error) {
	if _, err := caller(ctx, PermPurchaseRead); err != nil {
		return PurchaseOrder{}, err
	}
	var o PurchaseOrder
	err := s.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) (err error) {
		o, err = purchaseByID(ctx, tx, id, false)
		return err
	})
	return o, err
}

// PurchaseOrders returns a page of orders, newest first, without lines.
// Needs orders.purchase.read.
func (s *Service) PurchaseOrders(ctx context.Context, f PurchaseFilter) ([]PurchaseOrder, string, error) {
	if _, err := caller(ctx, PermPurchaseRead); err != nil {
		return nil, "", err
	}
	var out []PurchaseOrder
	var next string
	err := s.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) (err error) {
		out, next, err = listPurchases(ctx, tx, f)
		return err
	})
	return out, next, err
}

// SubmitPurchaseOrder marks a draft submitted, then asks its approval
// chain (approval.chain.purchase_order by amount) for its approval and
// starts the order's workflow. A chain with no level approves it at
// once: the order is numbered and issued before the call returns.
// Submitting a submitted order again asks the workflow again (the same
// approval) and starts the order's workflow if an earlier submission
// could not. A submit a crash cut between its commit and its approval's
// start is asked again by the resumer (ResumeSubmits). version 0 skips
// the version check. Needs orders.purchase.write. Returns
// FAILED_PRECONDITION for an order that is not a draft, has nothing to
// order, or has no chain; UNAVAILABLE when the workflow service or engine
// is down; the order is then a draft again.
func (s *Service) SubmitPurchaseOrder(ctx context.Context, id uuid.UUID, version int) (PurchaseOrder, error) {
	p, err := caller(ctx, PermPurchaseWrite)
	if err != nil {
		return PurchaseOrder{}, err
	}
	if s.temporal == nil || s.approvals == nil {
		return PurchaseOrder{}, errs.E(errs.FailedPrecondition, "orders runs without a workflow engine here: nothing can be submitted")
	}
	var cur PurchaseOrder
	err = s.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) (err error) {
		cur, err = purchaseHeader(ctx, tx, id, false)
		return err
	})
	if err != nil {
		return PurchaseOrder{}, err
	}
	if version != 0 && cur.Version != version {
		return PurchaseOrder{}, errs.Stale("purchase order %s changed since version %d", id, version)
	}
	switch {
	case cur.Status == StatusSubmitted:
		return s.askPurchaseApproval(ctx, cur, false)
	case cur.Status != StatusDraft:
		return PurchaseOrder{}, errs.E(errs.FailedPrecondition, "purchase order %s is %s; only a draft is submitted", id, cur.Status)
	case cur.Amount == 0:
		return PurchaseOrder{}, errs.Field("lines", "order nothing of value: the amount is zero")
	}
	var o PurchaseOrder
	err = s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		o, err = purchaseByID(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if o.Version != cur.Version || o.Status != StatusDraft {
			return errs.E(errs.Conflict, "purchase order %s changed while it was being submitted", id)
		}
		now := s.now()
		o.Status, o.ApprovalID, o.SubmittedAt, o.SubmittedBy, o.Reason = StatusSubmitted, nil, &now, p.UserID, ""
		return s.writeStatus(ctx, tx, &o, purchaseEvent(EventPurchaseOrderSubmitted, &o))
	})
	if err != nil {
		return PurchaseOrder{}, err
	}
	return s.askPurchaseApproval(ctx, o, false)
}

// askPurchaseApproval asks the workflow for the approval of submitted
// order o: approved at once, the order is issued; else the approval's id
// is recorded. Then the order's workflow is started. When the workflow
// cannot start the approval the order is a draft again, saying why. With
// resume set the service asks, with its own credential, in the name of
// o's submitter (ResumeSubmits); the order then stays submitted, for the
// next sweep, unless the workflow refused it.
func (s *Service) askPurchaseApproval(ctx context.Context, o PurchaseOrder, resume bool) (PurchaseOrder, error) {
	req := approvalclient.Request{Type: ApprovalPurchaseOrder, DocumentID: o.ID, Amount: o.money(o.Amount),
		Department: o.Department, Summary: purchaseSummary(&o)}
	if resume {
		req.Submitter = o.SubmittedBy
	}
	started, err := s.approvals.Start(ctx, req)
	if err != nil {
		if resume && !approvalclient.Refused(err) {
			return PurchaseOrder{}, err
		}
		reason := "the approval could not start: " + errs.Public(err).Message
		if rerr := s.unsubmitPurchase(context.WithoutCancel(ctx), o.ID, reason); rerr != nil {
			s.log.ErrorContext(ctx, "purchase order stays submitted without an approval", "order", o.ID, "err", rerr)
		}
		return PurchaseOrder{}, err
	}
	var out PurchaseOrder
	err = s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) (err error) {
		out, err = purchaseByID(ctx, tx, o.ID, true)
		switch {
		case err != nil || out.Status != StatusSubmitted:
			return err
		case started.Status == approvalclient.Approved:
			out.ApprovalID = &started.ID
			return s.approvePurchaseIn(ctx, tx, &out)
		case out.ApprovalID == nil:
			// Not the order's content: its version stays.
			out.ApprovalID = &started.ID
			_, err = tx.Exec(ctx, `UPDATE orders.purchase_orders SET approval_id = $2, approval_run = $3 WHERE id = $1`,
				out.ID, started.ID, started.Run)
			return db.Translate(err)
		}
		return nil
	})
	if err != nil {
		return PurchaseOrder{}, err
	}
	s.run(ctx, func(ctx context.Context, id uuid.UUID) error { return s.startPurchase(ctx, id, out.Status) }, out.ID)
	return out, nil
}

// unsubmitPurchase returns order id to draft with reason when it is
// still submitted with no approval recorded: its approval never started.
func (s *Service) unsubmitPurchase(ctx context.Context, id uuid.UUID, reason string) error {
	return s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		o, err := purchaseByID(ctx, tx, id, true)
		if err != nil || o.Status != StatusSubmitted || o.ApprovalID != nil {
			return err
		}
		o.Status, o.SubmittedAt, o.SubmittedBy, o.Reason = StatusDraft, nil, "", reason
		return setPurchaseStatus(ctx, tx, &o)
	})
}

func purchaseSummary(o *PurchaseOrder) string {
	name := o.VendorName
	if name == "" {
		name = o.VendorID.String()
	}
	return "Purchase order to " + name + " for BDT " + money.New(o.Amount, money.BDT).Decimal()
}

// approvePurchaseIn numbers and issues submitted order o in tx.
func (s *Service) approvePurchaseIn(ctx context.Context, tx *db.Tx, o *PurchaseOrder) error {
	approved, err := s.issue(ctx, tx, o)
	if err != nil {
		return err
	}
	return s.writeStatus(ctx, tx, o, approved)
}

// issue numbers submitted order o in tx and makes it approved, and
// returns its approved event; the caller writes o.
func (s *Service) issue(ctx context.Context, tx *db.Tx, o *PurchaseOrder) (events.Draft, error) {
	number, err := s.nextNumber(ctx, tx, tenantsettings.DocPurchaseOrder, o.OrderDate)
	if err != nil {
		return events.Draft{}, err
	}
	now := s.now()
	o.Status, o.Number, o.ApprovedAt = StatusApproved, number, &now
	return purchaseEvent(EventPurchaseOrderApproved, o), nil
}

// writeStatus writes o's status and dates in tx with its events.
func (s *Service) writeStatus(ctx context.Context, tx *db.Tx, o *PurchaseOrder, evs ...events.Draft) error {
	if err := setPurchaseStatus(ctx, tx, o); err != nil {
		return err
	}
	return s.emit(ctx, tx, evs...)
}

// decidePurchase applies an approval's outcome to a submitted order:
// approved numbers and issues it, anything else returns it to draft with
// the reason. An order no longer submitted is left as it is, so a
// repeated outcome changes nothing, and so is an order submitted again
// after the outcome's run sent it back (lateOutcome). Returns the
// order's status after.
func (s *Service) decidePurchase(ctx context.Context, id uuid.UUID, sig Signal) (string, error) {
	var after string
	err := s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		o, err := purchaseByID(ctx, tx, id, true)
		if err != nil {
			return err
		}
		after = o.Status
		if o.Status != StatusSubmitted {
			return nil
		}
		if late, err := lateOutcome(ctx, tx, "orders.purchase_orders", id, sig.Run); late || err != nil {
			return err
		}
		if sig.Status == approvalclient.Approved {
			err = s.approvePurchaseIn(ctx, tx, &o)
		} else {
			o.Status, o.ApprovalID, o.SubmittedAt, o.SubmittedBy = StatusDraft, nil, nil, ""
			o.Reason = strings.TrimSpace("approval " + sig.Status + ": " + sig.Reason)
			err = endRun(ctx, tx, "orders.purchase_orders", id, sig.Run)
			if err == nil {
				err = setPurchaseStatus(ctx, tx, &o)
			}
			if err == nil {
				err = s.emit(ctx, tx, purchaseEvent(EventPurchaseOrderRejected, &o))
			}
		}
		after = o.Status
		return err
	})
	return after, err
}

// cancelPurchase cancels an order nothing was received against yet.
// Returns FAILED_PRECONDITION once goods arrived or the order ended.
func (s *Service) cancelPurchase(ctx context.Context, id uuid.UUID, reason string) (PurchaseOrder, error) {
	var o PurchaseOrder
	err := s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) (err error) {
		o, err = purchaseByID(ctx, tx, id, true)
		if err != nil {
			return err
		}
		switch o.Status {
		case StatusCancelled:
			return nil
		case StatusDraft, StatusSubmitted, StatusApproved:
		default:
			return errs.E(errs.FailedPrecondition, "purchase order %s is %s: goods arrived, so it is closed, not cancelled", id, o.Status)
		}
		for _, l := range o.Lines {
			if l.Received > 0 || l.Rejected > 0 {
				return errs.E(errs.FailedPrecondition, "purchase order %s has goods received against it", id)
			}
		}
		o.Status, o.Reason = StatusCancelled, reason
		if err := setPurchaseStatus(ctx, tx, &o); err != nil {
			return err
		}
		return s.emit(ctx, tx, purchaseEvent(EventPurchaseOrderCancelled, &o))
	})
	return o, err
}

// settlePurchase closes an order whose goods all arrived, whose accepted
// quantities finance matched on bills, and whose bills are paid; with
// short set it closes an order that waits for no bill, whatever is
// still to come. Returns whether the order is closed (or ended) now.
func (s *Service) settlePurchase(ctx context.Context, id uuid.UUID, short bool, reason string) (bool, error) {
	var done bool
	err := s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		o, err := purchaseByID(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if !o.open() || o.Status == StatusSubmitted {
			done = !o.open()
			return nil
		}
		complete, err := purchaseSettles(ctx, tx, &o, short)
		if err != nil || !complete {
			return err
		}
		now := s.now()
		o.Status, o.ClosedAt, o.Reason = StatusClosed, &now, reason
		if err := setPurchaseStatus(ctx, tx, &o); err != nil {
			return err
		}
		done = true
		return s.emit(ctx, tx, purchaseEvent(EventPurchaseOrderClosed, &o))
	})
	return done, err
}

// purchaseSettles reports whether issued order o, read in tx, is done
// with: all its goods arrived (or, short, whatever is still to come is
// not), finance matched its bills for every accepted quantity, and they
// are paid. An order with no bill settles only short.
func purchaseSettles(ctx context.Context, tx *db.Tx, o *PurchaseOrder, short bool) (bool, error) {
	if !(o.Status == StatusReceived || short) || (len(o.Bills) == 0 && !short) {
		return false, nil
	}
	billed, err := billedQuantities(ctx, tx, o.ID)
	if err != nil {
		return false, err
	}
	for _, l := range o.Lines {
		if billed[l.Line] < l.Received {
			return false, nil
		}
	}
	for _, b := range o.Bills {
		if b.Status != BillPaid {
			return false, nil
		}
	}
	return true, nil
}
