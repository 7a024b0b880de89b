package workflow

import (
	"errors"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"
)

// Names under which the worker registers the workflow, its updates and
// its query. They are part of every recorded history: never rename them.
const (
	ApprovalWorkflowName = "approval"
	UpdateApprove        = "approve"
	UpdateReject         = "reject"
	UpdateRequestInfo    = "requestInfo"
	UpdateRespond        = "respond"
	UpdateWithdraw       = "withdraw"
	QueryStatus          = "status"
)

// versionDecidedInbox guards a change made after the first histories were
// recorded: partial approvals of all/quorum levels now refresh the inbox,
// so who already approved stops seeing the task. Histories recorded
// before it replay without the extra activity.
const versionDecidedInbox = "decided-inbox"

// versionLocalActivities guards the projection, outbox and delivery
// activities becoming local activities: they run in the worker inside the
// workflow task that schedules them, so an approval no longer waits for a
// round trip through the server (task scheduled, polled, completed, new
// workflow task) for each. Histories recorded before it replay with
// regular activities.
const versionLocalActivities = "local-activities"

// Decision is the argument of approve, reject, requestInfo, respond and
// withdraw.
type Decision struct {
	Actor   Actor  `json:"actor"`
	Comment string `json:"comment,omitempty"`
}

// Result is what a finished approval workflow returns.
type Result struct {
	Status    string `json:"status"`
	DecidedBy string `json:"decidedBy,omitempty"`
}

// activityRetry retries the projection and outbox writes until the
// database is back; they are idempotent.
var activityRetry = &temporal.RetryPolicy{
	InitialInterval: 200 * time.Millisecond, BackoffCoefficient: 2, MaximumInterval: 30 * time.Second,
}

var (
	activityOptions      = workflow.ActivityOptions{StartToCloseTimeout: 30 * time.Second, RetryPolicy: activityRetry}
	localActivityOptions = workflow.LocalActivityOptions{StartToCloseTimeout: 30 * time.Second, RetryPolicy: activityRetry}
)

// step runs one of the approval's activities (fn is a method of a nil
// *Activities: the worker's registered instance runs): local in runs
// started since versionLocalActivities, regular in older ones.
func step(ctx workflow.Context, s *state, fn, arg any) error {
	if s.localActivities {
		return workflow.ExecuteLocalActivity(workflow.WithLocalActivityOptions(ctx, localActivityOptions), fn, arg).Get(ctx, nil)
	}
	return workflow.ExecuteActivity(ctx, fn, arg).Get(ctx, nil)
}

// ApprovalWorkflow runs one document's approval through its chain.
func ApprovalWorkflow(ctx workflow.Context, in Input) (Result, error) {
	s := newState(in)
	if err := register(ctx, s); err != nil {
		return Result{}, err
	}
	ctx = workflow.WithActivityOptions(ctx, activityOptions)
	s.localActivities = workflow.GetVersion(ctx, versionLocalActivities, workflow.DefaultVersion, 1) >= 1
	s.add(Entry{At: workflow.Now(ctx), Type: EntryStarted, Actor: in.Submitter})
	if in.Unstarted {
		s.status = StatusWithdrawn
		s.add(Entry{At: workflow.Now(ctx), Type: EntryWithdrawn, Comment: "its run never started"})
	}
	for s.level = 0; s.level < len(in.Chain.Levels) && !Final(s.status); s.level++ {
		if err := runLevel(ctx, s); isAbandoned(err) {
			// Its start was abandoned, or another run replaced it: the
			// run ends unseen, with no outcome to record or deliver.
			s.status = StatusWithdrawn
			s.add(Entry{At: workflow.Now(ctx), Type: EntryWithdrawn, Level: s.level + 1, Comment: "start abandoned"})
			err := workflow.Await(ctx, func() bool { return workflow.AllHandlersFinished(ctx) })
			return Result{Status: s.status}, err
		} else if err != nil {
			return Result{}, err
		}
	}
	if !Final(s.status) {
		s.status = StatusApproved
	}
	out := Outcome{ApprovalID: in.ApprovalID, Document: in.Document, Submitter: in.Submitter,
		Status: s.status, DecidedBy: s.decidedBy, DecidedAt: workflow.Now(ctx), History: s.history,
		Run: in.Run, LevelCount: len(in.Chain.Levels)}
	var acts *Activities
	if err := step(ctx, s, acts.Complete, out); err != nil {
		return Result{}, err
	}
	if err := step(ctx, s, acts.Deliver, out); err != nil {
		return Result{}, err
	}
	// Let a reject or withdraw update return its answer before the run ends.
	if err := workflow.Await(ctx, func() bool { return workflow.AllHandlersFinished(ctx) }); err != nil {
		return Result{}, err
	}
	return Result{Status: s.status, DecidedBy: s.decidedBy}, nil
}

// isAbandoned reports whether err is SyncInbox's errAbandoned.
func isAbandoned(err error) bool {
	var app *temporal.ApplicationError
	return errors.As(err, &app) && app.Type() == abandonedType
}

// runLevel waits for the current level to be decided, escalating when its
// SLA passes and expiring it when the policy says so.
func runLevel(ctx workflow.Context, s *state) error {
	lv, _ := s.current()
	now := workflow.Now(ctx)
	s.approvals, s.extra, s.escalated, s.due = nil, nil, time.Time{}, now.Add(lv.SLA)
	s.add(Entry{At: now, Type: EntryLevelStarted, Level: s.level + 1})
	if lv.Mode == ModeAuto {
		s.add(Entry{At: now, Type: EntryAutoApproved, Level: s.level + 1})
		return nil
	}
	decidedInbox := workflow.GetVersion(ctx, versionDecidedInbox, workflow.DefaultVersion, 1) >= 1
	if err := syncInbox(ctx, s, TaskDecide); err != nil {
		return err
	}
	seen := 0
	for !Final(s.status) && !s.levelDone() {
		if s.status == StatusInfoRequested {
			if err := syncInbox(ctx, s, TaskRespond); err != nil {
				return err
			}
			if err := workflow.Await(ctx, func() bool { return s.status != StatusInfoRequested }); err != nil {
				return err
			}
			if !Final(s.status) {
				if err := syncInbox(ctx, s, TaskDecide); err != nil {
					return err
				}
			}
			continue
		}
		if decidedInbox && len(s.approvals) != seen {
			seen = len(s.approvals)
			if err := syncInbox(ctx, s, TaskDecide); err != nil {
				return err
			}
			continue
		}
		deadline, ok := nextDeadline(s, lv)
		s.dirty = false
		wake := func() bool { return s.dirty }
		if !ok {
			if err := workflow.Await(ctx, wake); err != nil {
				return err
			}
			continue
		}
		if wait := deadline.Sub(workflow.Now(ctx)); wait > 0 {
			woken, err := workflow.AwaitWithTimeout(ctx, wait, wake)
			if err != nil || woken {
				if err != nil {
					return err
				}
				continue
			}
		}
		if s.escalated.IsZero() {
			if err := escalate(ctx, s); err != nil {
				return err
			}
			continue
		}
		s.status = StatusExpired
		s.add(Entry{At: workflow.Now(ctx), Type: EntryExpired, Level: s.level + 1})
	}
	return nil
}

// nextDeadline is when the level escalates, or, once escalated, when it
// expires; ok is false when nothing is due.
func nextDeadline(s *state, lv Level) (time.Time, bool) {
	if s.escalated.IsZero() {
		return s.due, lv.SLA > 0
	}
	if lv.Expiry <= 0 {
		return time.Time{}, false
	}
	return s.escalated.Add(lv.Expiry), true
}

// escalate adds the next level's approvers (or the chain's EscalateTo
// after the last level) to the current level and tells them.
func escalate(ctx workflow.Context, s *state) error {
	to := s.in.Chain.EscalateTo
	if s.level+1 < len(s.in.Chain.Levels) {
		to = s.in.Chain.Levels[s.level+1].Approvers
	}
	now := workflow.Now(ctx)
	s.escalated = now
	if to.Kind != "" {
		s.extra = append(s.extra, to)
	}
	s.add(Entry{At: now, Type: EntryEscalated, Level: s.level + 1, Comment: describe(to)})
	var acts *Activities
	ev := Escalation{ApprovalID: s.in.ApprovalID, Document: s.in.Document, Level: s.level + 1,
		EscalatedTo: keysOf(to, s.in.Document.Department), At: now, Submitter: s.in.Submitter}
	if err := step(ctx, s, acts.Escalated, ev); err != nil {
		return err
	}
	return syncInbox(ctx, s, TaskDecide)
}

func describe(a Approvers) string {
	switch a.Kind {
	case ByRole:
		return "role " + a.Role
	case ByDepartment:
		return "department " + a.Department + " " + a.Role
	case ByUsers:
		return "named users"
	}
	return "nobody"
}

// syncInbox replaces the approval's inbox rows with what the level waits
// for now.
func syncInbox(ctx workflow.Context, s *state, task string) error {
	u := InboxUpdate{ApprovalID: s.in.ApprovalID, Document: s.in.Document, Submitter: s.in.Submitter,
		Level: s.level + 1, Task: task, Decided: s.approvals, Due: s.due, Run: s.in.Run, LevelCount: len(s.in.Chain.Levels)}
	if lv, ok := s.current(); ok {
		u.LevelName = lv.Name
	}
	if task == TaskRespond {
		u.Keys = []string{userKey(s.in.Submitter)}
	} else {
		u.Keys = s.pending()
	}
	var acts *Activities
	return step(ctx, s, acts.SyncInbox, u)
}
