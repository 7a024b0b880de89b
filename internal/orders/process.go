package orders

import (
	"time"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"
)

// Each order's life is one Temporal workflow on TaskQueue (DESIGN §16):
// PurchaseWorkflowName from submission to close, SalesWorkflowName from
// confirmation to close. Its state is the workflow's history: which phase
// the order is in and what it waits for. What it changes it changes
// through activities, each one transaction on orders' tables that checks
// the order's status first, so a retried activity or a repeated signal
// changes nothing twice. Other services' events reach it as signals
// (consume.go); cancel and close-short are Updates, so the caller learns
// whether they happened.
const (
	PurchaseWorkflowName = "orders.PurchaseOrder"
	SalesWorkflowName    = "orders.SalesOrder"
	// SignalName is the one signal channel of an order's workflow.
	SignalName = "order-event"
	// UpdateCancel cancels the order and compensates; UpdateClose closes
	// it short.
	UpdateCancel = "cancel"
	UpdateClose  = "close"
)

// The kinds of Signal.
const (
	SignalApproval = "approval"
	SignalReceipt  = "receipt"
	SignalBill     = "bill"
	SignalPayment  = "payment"
	SignalDelivery = "delivery"
)

// Process is an order workflow's input.
type Process struct {
	OrderID string `json:"orderId"`
	// Status is the status the starter has just committed (a purchase
	// order's submission): the run begins from it instead of reading it,
	// and, the order being new to it, does not try to settle it before
	// an event says something changed. Empty when the run starts from a
	// signal or continues as new: it reads the status first.
	Status string `json:"status,omitempty"`
}

// Signal is something that happened to the order elsewhere.
type Signal struct {
	Kind string `json:"kind"`
	// Ref is the approval, receipt, bill or delivery id.
	Ref string `json:"ref,omitempty"`
	// Status is the approval's outcome or the bill's state.
	Status string `json:"status,omitempty"`
	Reason string `json:"reason,omitempty"`
	// Run is the approval's run an approval outcome ends (its id stays
	// the order's across submissions); 0 when the workflow did not say.
	Run int `json:"run,omitempty"`
}

// PurchaseWorkflowID is the workflow id of purchase order id: one run
// at a time per order, whoever starts it.
func PurchaseWorkflowID(id string) string { return "purchase-order-" + id }

// SalesWorkflowID is the workflow id of sales order id.
func SalesWorkflowID(id string) string { return "sales-order-" + id }

// retry retries for as long as it takes: an activity is one idempotent
// transaction (or one call to finance), and an order waits for its
// database rather than fail.
var retry = &temporal.RetryPolicy{InitialInterval: 500 * time.Millisecond, BackoffCoefficient: 2, MaximumInterval: time.Minute}

// localOptions are the local activities'; activityOptions the invoicing
// activity's, whose timeout is what a worker that died in the middle of
// it costs: it runs again on another worker after that.
var (
	localOptions    = workflow.LocalActivityOptions{StartToCloseTimeout: 10 * time.Second, RetryPolicy: retry}
	activityOptions = workflow.ActivityOptions{StartToCloseTimeout: 10 * time.Second, RetryPolicy: retry}
)

// process is the part of a running order workflow both kinds share: the
// signal channel and how the order ended.
type process struct {
	signals workflow.ReceiveChannel
	ended   string
}

func newProcess(ctx workflow.Context) *process {
	return &process{signals: workflow.GetSignalChannel(ctx, SignalName)}
}

// next waits for the next signal, or for an update to end the order, and
// returns the signals that arrived (none when the order ended).
func (p *process) next(ctx workflow.Context) ([]Signal, error) {
	if err := workflow.Await(ctx, func() bool { return p.ended != "" || p.signals.Len() > 0 }); err != nil {
		return nil, err
	}
	var out []Signal
	for p.ended == "" {
		var sig Signal
		if !p.signals.ReceiveAsync(&sig) {
			break
		}
		out = append(out, sig)
	}
	return out, nil
}

// finish waits for running updates and returns how the order ended.
func (p *process) finish(ctx workflow.Context) (string, error) {
	if err := workflow.Await(ctx, func() bool { return workflow.AllHandlersFinished(ctx) }); err != nil {
		return "", err
	}
	return p.ended, nil
}

// workflows are the order workflows. The activities that are one
// transaction on orders' tables run as local activities, in the
// workflow's own task: no round trip through the engine's task queue
// for each, and a marker in history instead of three events. A worker
// that dies in one runs it again when the workflow task is retried.
type workflows struct{ a *Activities }

// local runs fn as a local activity with args.
func local(ctx workflow.Context, fn any, args ...any) workflow.Future {
	return workflow.ExecuteLocalActivity(workflow.WithLocalActivityOptions(ctx, localOptions), fn, args...)
}

// Register registers the order workflows and their activities on r (a
// worker, a replayer's registry or a test environment).
func (s *Service) Register(r interface {
	RegisterWorkflowWithOptions(any, workflow.RegisterOptions)
	RegisterActivityWithOptions(any, activity.RegisterOptions)
}) {
	acts := &Activities{s: s}
	w := workflows{a: acts}
	r.RegisterWorkflowWithOptions(w.purchase, workflow.RegisterOptions{Name: PurchaseWorkflowName})
	r.RegisterWorkflowWithOptions(w.sales, workflow.RegisterOptions{Name: SalesWorkflowName})
	r.RegisterActivityWithOptions(acts, activity.RegisterOptions{})
}

// purchase runs a purchase order from submission: it waits for the
// approval, then for the event that settles the order (received, billed
// and paid), and closes it; cancel compensates (the order is cancelled,
// and the API withdraws its open approval). A run started by a signal
// reads the order's status from the database first; so does a
// long-lived order's new run when the engine suggests continuing as new.
func (w workflows) purchase(ctx workflow.Context, in Process) (string, error) {
	p := newProcess(ctx)
	err := workflow.SetUpdateHandler(ctx, UpdateCancel, func(ctx workflow.Context, reason string) error {
		if err := local(ctx, w.a.CancelPurchase, in.OrderID, reason).Get(ctx, nil); err != nil {
			return err
		}
		p.ended = StatusCancelled
		return nil
	})
	if err != nil {
		return "", err
	}
	err = workflow.SetUpdateHandler(ctx, UpdateClose, func(ctx workflow.Context, reason string) error {
		var done bool
		if err := local(ctx, w.a.SettlePurchase, in.OrderID, true, reason).Get(ctx, &done); err != nil {
			return err
		}
		p.ended = StatusClosed
		return nil
	})
	if err != nil {
		return "", err
	}
	status, fresh := in.Status, in.Status != ""
	if !fresh {
		if err := local(ctx, w.a.PurchaseStatus, in.OrderID).Get(ctx, &status); err != nil {
			return "", err
		}
	}
	for p.ended == "" {
		switch status {
		case StatusSubmitted:
			sigs, err := p.next(ctx)
			if err != nil {
				return "", err
			}
			for _, sig := range sigs {
				if sig.Kind != SignalApproval || sig.Status == "" || sig.Status == "pending" || status != StatusSubmitted {
					continue
				}
				if err := local(ctx, w.a.DecidePurchase, in.OrderID, sig).Get(ctx, &status); err != nil {
					return "", err
				}
			}
		case StatusApproved, StatusPartiallyReceived, StatusReceived:
			var done bool
			if !fresh {
				if err := local(ctx, w.a.SettlePurchase, in.OrderID, false, "").Get(ctx, &done); err != nil {
					return "", err
				}
			}
			if done {
				p.ended = StatusClosed
				break
			}
			if workflow.GetInfo(ctx).GetContinueAsNewSuggested() {
				if _, err := p.finish(ctx); err != nil {
					return "", err
				}
				return "", workflow.NewContinueAsNewError(ctx, PurchaseWorkflowName, Process{OrderID: in.OrderID})
			}
			if _, err := p.next(ctx); err != nil {
				return "", err
			}
		default:
			// Back to draft after a rejection, or ended elsewhere.
			p.ended = status
		}
		fresh = false
	}
	return p.finish(ctx)
}
