package workflow

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"go.temporal.io/sdk/temporal"

	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// Inbox tasks.
const (
	TaskDecide  = "decide"  // approve, reject or ask
	TaskRespond = "respond" // the submitter answers a question
)

// InboxUpdate is what the current level waits for.
type InboxUpdate struct {
	ApprovalID string    `json:"approvalId"`
	Document   Document  `json:"document"`
	Submitter  string    `json:"submitter"`
	Level      int       `json:"level"`
	LevelName  string    `json:"levelName"`
	Task       string    `json:"task"`
	Keys       []string  `json:"keys"`
	Decided    []string  `json:"decided"`
	Due        time.Time `json:"due"`
	// Run and LevelCount let the write recreate a missing projection
	// (ensureProjection); Run is 0 in runs that do not carry it.
	Run        int `json:"run,omitempty"`
	LevelCount int `json:"levelCount,omitempty"`
}

// Escalation says a level's SLA passed.
type Escalation struct {
	ApprovalID  string    `json:"approvalId"`
	Document    Document  `json:"document"`
	Level       int       `json:"level"`
	EscalatedTo []string  `json:"escalatedTo"`
	At          time.Time `json:"at"`
	// Submitter is who asked for the approval; absent in histories
	// recorded before it was added.
	Submitter string `json:"submitter,omitempty"`
}

// Outcome is how an approval ended.
type Outcome struct {
	ApprovalID string    `json:"approvalId"`
	Document   Document  `json:"document"`
	Submitter  string    `json:"submitter"`
	Status     string    `json:"status"`
	DecidedBy  string    `json:"decidedBy,omitempty"`
	DecidedAt  time.Time `json:"decidedAt"`
	History    []Entry   `json:"history"`
	// Run and LevelCount as in InboxUpdate.
	Run        int `json:"run,omitempty"`
	LevelCount int `json:"levelCount,omitempty"`
}

// Activities are the workflow's side effects: the projection, the outbox
// and callbacks. The tenant of each call comes from the context
// propagator, never from the argument, so a wrong argument cannot write
// into another tenant.
type Activities struct {
	store     *store
	outbox    *events.Outbox
	callbacks *Callbacks
	log       *slog.Logger
}

// ActivityDeps are what the worker half of the service needs.
type ActivityDeps struct {
	DB *db.Pool
	// Events is the outbox the activities append approval events to.
	Events *events.Outbox
	// Callbacks apply outcomes to owning services in this process; nil
	// knows none.
	Callbacks *Callbacks
	Logger    *slog.Logger
}

// NewActivities returns the activities.
func NewActivities(deps ActivityDeps) *Activities {
	logger := deps.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Activities{store: &store{db: deps.DB}, outbox: deps.Events, callbacks: deps.Callbacks, log: logger}
}

// errNoTenant fails an activity scheduled without the propagated tenant;
// retrying cannot help.
var errNoTenant = temporal.NewNonRetryableApplicationError("no tenant in the activity context", "FAILED_PRECONDITION", nil)

// abandonedType is the type of errAbandoned, which ApprovalWorkflow
// recognises.
const abandonedType = "ApprovalAbandoned"

// errAbandoned is SyncInbox's refusal of a run that must end unseen
// (abandoned): it is not retried, and the workflow ends withdrawn with
// no outcome, event or delivery.
var errAbandoned = temporal.NewNonRetryableApplicationError(
	"the approval's start was abandoned or a later submission replaced this run", abandonedType, nil)

// SyncInbox replaces the approval's inbox rows and its projection's level,
// and announces a level that starts waiting for its approvers
// (EventApprovalRequested).
func (a *Activities) SyncInbox(ctx context.Context, u InboxUpdate) error {
	if _, ok := tenant.From(ctx); !ok {
		return errNoTenant
	}
	return a.store.syncInbox(ctx, u, a.outbox)
}

// Escalated publishes the escalation event for notifications.
func (a *Activities) Escalated(ctx context.Context, e Escalation) error {
	if _, ok := tenant.From(ctx); !ok {
		return errNoTenant
	}
	return a.store.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		return a.outbox.Append(ctx, tx, escalatedEvent(e))
	})
}

// Complete closes the projection, empties the inbox and appends the
// completed event, once: a retry after a lost answer finds the approval
// closed and appends nothing.
func (a *Activities) Complete(ctx context.Context, o Outcome) error {
	t, ok := tenant.From(ctx)
	if !ok {
		return errNoTenant
	}
	if o.DecidedBy != "" {
		ctx = authz.With(ctx, &authz.Principal{UserID: o.DecidedBy, Tenant: t})
	}
	return a.store.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		closed, err := a.store.close(ctx, tx, o)
		if err != nil || !closed {
			return err
		}
		return a.outbox.Append(ctx, tx, completedEvent(o))
	})
}

// Deliver hands the outcome to the owning service's callback, when one is
// registered, and records the delivery. The callback receives the
// approval id as idempotency key and must apply a repeat only once.
func (a *Activities) Deliver(ctx context.Context, o Outcome) error {
	if _, ok := tenant.From(ctx); !ok {
		return errNoTenant
	}
	cb := a.callbacks.lookup(o.Document.Service)
	if cb == nil {
		return nil
	}
	done, err := a.store.delivered(ctx, o.ApprovalID)
	if err != nil || done {
		return err
	}
	if err := cb.ApprovalCompleted(ctx, o); err != nil {
		var perm interface{ Permanent() bool }
		if errors.As(err, &perm) && perm.Permanent() {
			a.log.ErrorContext(ctx, "approval callback refused the outcome", "approval", o.ApprovalID, "err", err)
			return nil
		}
		return err
	}
	return a.store.markDelivered(ctx, o.ApprovalID)
}
