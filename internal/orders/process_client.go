package orders

import (
	"context"
	"errors"

	"github.com/google/uuid"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/temporalx"
)

// startOptions start an order's workflow once: a second start while it
// runs joins the running one, and a start after it ended (an order
// resubmitted after a rejection) begins a new run.
func startOptions(id string) client.StartWorkflowOptions {
	return client.StartWorkflowOptions{
		ID:                       id,
		TaskQueue:                TaskQueue,
		WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
		WorkflowIDReusePolicy:    enumspb.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE,
		// The first workflow task comes back with the start's answer
		// when this process runs the orders worker.
		EnableEagerStart: true,
	}
}

// startPurchase starts (or joins) order id's workflow, with the tenant
// and caller of ctx propagated to its activities. status is the order's
// status the caller has just committed, or empty: the run reads it.
func (s *Service) startPurchase(ctx context.Context, id uuid.UUID, status string) error {
	_, err := s.temporal.ExecuteWorkflow(ctx, startOptions(PurchaseWorkflowID(id.String())), PurchaseWorkflowName,
		Process{OrderID: id.String(), Status: status})
	return temporalx.DomainError(err)
}

// run starts order id's workflow with start once its change committed.
// A start that fails is logged, not returned: the change stands, and the
// next event that signals the order (consume.go) starts the missing run.
func (s *Service) run(ctx context.Context, start func(context.Context, uuid.UUID) error, id uuid.UUID) {
	if s.temporal == nil {
		return
	}
	if err := start(ctx, id); err != nil {
		s.log.WarnContext(ctx, "order's workflow not started; its next event starts it", "order", id, "err", err)
	}
}

// signal tells the workflow wid (of type name) of sig, starting it when
// it is not running: the caller checked that the order is open, so a
// missing run is one whose start was lost, and the new run reads the
// order's status first.
func (s *Service) signal(ctx context.Context, name, wid string, order uuid.UUID, sig Signal) error {
	_, err := s.temporal.SignalWithStartWorkflow(ctx, wid, SignalName, sig, startOptions(wid), name,
		Process{OrderID: order.String()})
	return temporalx.DomainError(err)
}

// update runs update name with arg on workflow wid and waits for its
// result. Returns NOT_FOUND when no run of wid is open.
func (s *Service) update(ctx context.Context, wid, name, arg string) error {
	h, err := s.temporal.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{WorkflowID: wid, UpdateName: name,
		Args: []any{arg}, WaitForStage: client.WorkflowUpdateStageCompleted})
	if err == nil {
		err = h.Get(ctx, nil)
	}
	var nf *serviceerror.NotFound
	if errors.As(err, &nf) {
		return errs.E(errs.NotFound, "no process of %s is running", wid)
	}
	return temporalx.DomainError(err)
}

// CancelPurchaseOrder cancels an order nothing was received against: a
// draft at once, a submitted or issued one through its workflow, which
// compensates; the order's open approval is then withdrawn, as the
// caller (the workflow accepts a withdrawal from the submitter only; an
// approval left open after another user cancels is decided on a
// cancelled order and changes nothing). Needs orders.purchase.write.
// Returns FAILED_PRECONDITION once goods arrived.
func (s *Service) CancelPurchaseOrder(ctx context.Context, id uuid.UUID, reason string) (PurchaseOrder, error) {
	if _, err := caller(ctx, PermPurchaseWrite); err != nil {
		return PurchaseOrder{}, err
	}
	if len(reason) > 1000 {
		return PurchaseOrder{}, errs.Field("reason", "must be at most 1000 characters")
	}
	cur, err := s.PurchaseOrder(ctx, id)
	if err != nil {
		return PurchaseOrder{}, err
	}
	if cur.Status != StatusDraft && s.temporal != nil {
		err = s.update(ctx, PurchaseWorkflowID(id.String()), UpdateCancel, reason)
		if err != nil && !errs.Is(err, errs.NotFound) {
			return PurchaseOrder{}, err
		}
	}
	o, err := s.cancelPurchase(ctx, id, reason)
	if err != nil {
		return PurchaseOrder{}, err
	}
	if cur.Status == StatusSubmitted && cur.ApprovalID != nil && s.approvals != nil {
		if err := s.approvals.Withdraw(ctx, *cur.ApprovalID, "purchase order cancelled: "+reason); err != nil {
			s.log.WarnContext(ctx, "cancelled order's approval left open", "order", id, "approval", cur.ApprovalID, "err", err)
		}
	}
	return o, nil
}

// ClosePurchaseOrder closes an issued order short: nothing more is
// expected from the vendor. Needs orders.purchase.write. Returns
// FAILED_PRECONDITION while a bill against it is held or unpaid.
func (s *Service) ClosePurchaseOrder(ctx context.Context, id uuid.UUID, reason string) (PurchaseOrder, error) {
	if _, err := caller(ctx, PermPurchaseWrite); err != nil {
		return PurchaseOrder{}, err
	}
	if reason == "" || len(reason) > 1000 {
		return PurchaseOrder{}, errs.Field("reason", "is required, at most 1000 characters")
	}
	if s.temporal == nil {
		return PurchaseOrder{}, errs.E(errs.FailedPrecondition, "orders runs without a workflow engine here")
	}
	cur, err := s.PurchaseOrder(ctx, id)
	if err != nil {
		return PurchaseOrder{}, err
	}
	if cur.Status != StatusApproved && cur.Status != StatusPartiallyReceived && cur.Status != StatusReceived {
		return PurchaseOrder{}, errs.E(errs.FailedPrecondition, "purchase order %s is %s; an issued order is closed", id, cur.Status)
	}
	wid := PurchaseWorkflowID(id.String())
	err = s.update(ctx, wid, UpdateClose, reason)
	if errs.Is(err, errs.NotFound) {
		// The run's start was lost, and no event since decided anything
		// (only those signal, and start it): start it now.
		if err = s.startPurchase(ctx, id, ""); err == nil {
			err = s.update(ctx, wid, UpdateClose, reason)
		}
	}
	if err != nil {
		return PurchaseOrder{}, err
	}
	return s.PurchaseOrder(ctx, id)
}
