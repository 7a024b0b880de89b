package workflow

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/temporalx"
)

// Approval is an approval as the API shows it: the projection, and the
// workflow's live status when the engine answers.
type Approval struct {
	Record
	Levels    []Level
	Pending   []string
	Approvals []string
	Escalated bool
	DueAt     time.Time
	History   []Entry
	// Started is true when this call started the run, false when it
	// returned one that already existed.
	Started bool
}

func (a *Approval) apply(st Status) {
	a.Status, a.Level, a.Levels, a.Pending, a.Approvals = st.Status, st.Level, st.Levels, st.Pending, st.Approvals
	a.Escalated, a.DueAt, a.History = st.Escalated, st.DueAt, st.History
}

// Start submits doc for approval by the caller. Starting the same
// document again while its approval is open, or after it was approved,
// returns that approval; after a rejection, withdrawal or expiry it
// starts a new run. A chain without levels approves the document at
// once, without a Temporal run (approveAtOnce), and answers approved.
// Needs workflow.approval.write.
// Returns INVALID_ARGUMENT naming fields, FAILED_PRECONDITION when the
// document type has no chain, UNAVAILABLE when the engine is down.
func (s *Service) Start(ctx context.Context, doc Document) (Approval, error) {
	p, err := caller(ctx, PermStart)
	if err != nil {
		return Approval{}, err
	}
	doc, err = validateDocument(doc)
	if err != nil {
		return Approval{}, err
	}
	submitter := p.UserID
	if doc.Submitter != "" {
		// A service resumes a submit: the approval is its submitter's.
		if p.Service == "" {
			return Approval{}, errs.Field("document.submitter", "is named only by a platform service resuming a submit; a user submits as themselves")
		}
		submitter = doc.Submitter
	}
	id := ApprovalID(p.Tenant, doc)
	chain, err := s.chains.Chain(ctx, doc)
	if err == nil {
		err = s.resolveAll(ctx, &chain)
	}
	if err != nil {
		// A document already submitted keeps its approval even when no
		// chain would take it now.
		if rec, gerr := s.store.get(ctx, id); gerr == nil && (rec.Status == StatusApproved || !Final(rec.Status)) {
			return s.view(ctx, rec), nil
		}
		if errs.Is(err, errs.InvalidArgument) || errs.Is(err, errs.FailedPrecondition) {
			if rerr := s.noRunOpen(ctx, id); rerr != nil {
				return Approval{}, rerr
			}
		}
		return Approval{}, err
	}
	rec := Record{ID: id, WorkflowID: WorkflowID(id), Document: doc, Submitter: submitter, LevelCount: len(chain.Levels)}
	if len(chain.Levels) == 0 {
		return s.approveAtOnce(ctx, rec)
	}
	// The chain comes first and the look-up is part of open: a new
	// submission, the common case, costs one transaction.
	rec, start, err := s.store.open(ctx, rec)
	if err != nil {
		return Approval{}, err
	}
	if !start && rec.Status == StatusApproved {
		return s.view(ctx, rec), nil
	}
	// This call opened the approval (a first run, or a new one after the
	// last closed): a run still open under its workflow id is one whose
	// start was abandoned (its answer lost, the engine then went on) and
	// is ended for the new run.
	reuse, conflict := enumspb.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE, enumspb.WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING
	if !start {
		// The approval is open. Its run is normally there and is returned
		// as it is; an earlier start may have recorded it and then failed
		// to reach the engine, and this one starts the missing run. A run
		// that has closed while the projection still says open is not
		// started again.
		reuse, conflict = enumspb.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE, enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING
	}
	in := Input{ApprovalID: id.String(), Tenant: p.Tenant.String(), Document: rec.Document, Submitter: rec.Submitter,
		Chain: chain, Run: rec.Run}
	_, err = s.temporal.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID:                       rec.WorkflowID,
		TaskQueue:                s.taskQueue,
		WorkflowIDConflictPolicy: conflict,
		WorkflowIDReusePolicy:    reuse,
		// The first workflow task comes back with the start answer when
		// this process also runs the worker: one round trip fewer.
		EnableEagerStart: true,
	}, ApprovalWorkflowName, in)
	if err != nil {
		var closed *serviceerror.WorkflowExecutionAlreadyStarted
		if start && !errors.As(err, &closed) {
			// The document goes back to its submitter; so does the
			// approval this call opened, even when the caller has gone:
			// the engine may have started the run before the error.
			if aerr := s.store.abandon(context.WithoutCancel(ctx), rec); aerr != nil {
				return Approval{}, errors.Join(fromTemporal(err), aerr)
			}
		}
		if start || !errors.As(err, &closed) {
			return Approval{}, fromTemporal(err)
		}
	}
	if !start {
		return s.view(ctx, rec), nil
	}
	return Approval{Record: rec, Levels: chain.Levels, Pending: []string{}, Started: true}, nil
}

// noRunOpen returns nil when approval id has no open run, before Start
// refuses its document. A run may be open with no projection to show
// it: open's asynchronous commit was lost to a crash (or its reopen of
// a closed approval was), while the engine kept the run it started. Its
// first projection write will recreate the approval, so the document
// stays submitted: the caller is told to ask again (UNAVAILABLE), and by
// then the approval is there to be returned. Refusing instead sends the
// document back to its submitter while the run goes on to be decided.
func (s *Service) noRunOpen(ctx context.Context, id uuid.UUID) error {
	d, err := s.temporal.DescribeWorkflowExecution(ctx, WorkflowID(id), "")
	var nf *serviceerror.NotFound
	switch {
	case errors.As(err, &nf):
		return nil
	case err != nil:
		return fromTemporal(err)
	case d.GetWorkflowExecutionInfo().GetStatus() == enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING:
		e := errs.E(errs.Unavailable, "approval %s has a run that is restoring its record; ask again", id)
		e.RetryAfterSeconds = 1
		return e
	}
	return nil
}

// resolveAll turns "all" levels over a role or department into the named
// users who hold it now, so "all" means a fixed set of people.
func (s *Service) resolveAll(ctx context.Context, c *Chain) error {
	for i := range c.Levels {
		lv := &c.Levels[i]
		if lv.Mode != ModeAll || lv.Approvers.Kind == ByUsers {
			continue
		}
		if s.directory == nil {
			return errs.E(errs.FailedPrecondition, "level %d needs every %s, but no directory is configured", i+1, lv.Name)
		}
		users, err := s.directory.Holders(ctx, lv.Approvers)
		if err != nil {
			return err
		}
		if len(users) == 0 {
			return errs.E(errs.FailedPrecondition, "level %d needs every %s, and nobody holds it", i+1, lv.Name)
		}
		slices.Sort(users)
		lv.Approvers = Approvers{Kind: ByUsers, Users: slices.Compact(users)}
	}
	return nil
}

// Get returns the approval id of the caller's tenant with its workflow's
// status and history. Needs workflow.approval.read. Returns NOT_FOUND,
// also for another tenant's approval.
func (s *Service) Get(ctx context.Context, id uuid.UUID) (Approval, error) {
	if _, err := caller(ctx, PermRead); err != nil {
		return Approval{}, err
	}
	rec, err := s.store.get(ctx, id)
	if err != nil {
		return Approval{}, err
	}
	return s.view(ctx, rec), nil
}

// view adds the workflow's live status to rec; when the engine does not
// answer (down, or the run is past retention) the projection alone is
// the answer.
func (s *Service) view(ctx context.Context, rec Record) Approval {
	a := Approval{Record: rec, Pending: []string{}}
	res, err := s.temporal.QueryWorkflow(ctx, rec.WorkflowID, "", QueryStatus)
	if err != nil {
		s.log.WarnContext(ctx, "approval status query failed", "approval", rec.ID, "err", err)
		return a
	}
	var st Status
	if err := res.Get(&st); err == nil {
		a.apply(st)
	}
	return a
}

// Decide sends the caller's decision (UpdateApprove, UpdateReject,
// UpdateRequestInfo, UpdateRespond or UpdateWithdraw) to the approval's
// workflow and returns its status after it. The workflow's validator
// refuses, before anything reaches history, a caller without the
// level's role (PERMISSION_DENIED), of another tenant (PERMISSION_DENIED)
// or deciding on their own document (PERMISSION_DENIED), a service
// deciding anything but a withdrawal (PERMISSION_DENIED), a second
// approval by the same user (CONFLICT) and a closed or paused approval
// (FAILED_PRECONDITION). Returns NOT_FOUND for an unknown id.
func (s *Service) Decide(ctx context.Context, id uuid.UUID, update, comment string) (Approval, error) {
	perm := map[string]string{UpdateApprove: PermApprove, UpdateRequestInfo: PermApprove, UpdateReject: PermReject,
		UpdateRespond: PermStart, UpdateWithdraw: PermStart}[update]
	if perm == "" {
		return Approval{}, errs.E(errs.Internal, "unknown decision %q", update)
	}
	p, err := caller(ctx, perm)
	if err != nil {
		return Approval{}, err
	}
	if p.Service != "" && update != UpdateWithdraw {
		// A service's background work withdraws the approval of a
		// document it cancels; deciding is for people.
		return Approval{}, errs.E(errs.PermissionDenied, "approvals are decided by users, not services")
	}
	if len(comment) > 2000 {
		return Approval{}, errs.Field("comment", "is at most 2000 characters")
	}
	if strings.TrimSpace(comment) == "" {
		// A request for information is its question, and a response its
		// answer: without the text there is nothing to ask or tell.
		switch update {
		case UpdateRequestInfo:
			return Approval{}, errs.Field("comment", "is required: it is the question for the submitter")
		case UpdateRespond:
			return Approval{}, errs.Field("comment", "is required: it is the answer to the approver's question")
		}
	}
	rec, err := s.store.get(ctx, id)
	if err != nil {
		return Approval{}, err
	}
	if Final(rec.Status) {
		return Approval{}, errs.E(errs.FailedPrecondition, "the approval is already %s", rec.Status)
	}
	a, err := s.actor(ctx, p)
	if err != nil {
		return Approval{}, err
	}
	h, err := s.temporal.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{
		WorkflowID: rec.WorkflowID, UpdateName: update, Args: []any{Decision{Actor: a, Comment: comment}},
		WaitForStage: client.WorkflowUpdateStageCompleted,
	})
	if err != nil {
		return Approval{}, fromTemporal(err)
	}
	var st Status
	if err := h.Get(ctx, &st); err != nil {
		return Approval{}, fromTemporal(err)
	}
	out := Approval{Record: rec}
	out.apply(st)
	return out, nil
}

// fromTemporal turns an engine error into a platform error as
// temporalx.DomainError does (a validator's refusal keeps its code and
// message), and a workflow the engine no longer has into
// FAILED_PRECONDITION: the approval has ended.
func fromTemporal(err error) error {
	var nf *serviceerror.NotFound
	if errors.As(err, &nf) {
		return errs.E(errs.FailedPrecondition, "the approval is no longer running")
	}
	return temporalx.DomainError(err)
}
