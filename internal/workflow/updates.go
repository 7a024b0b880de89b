package workflow

import (
	"go.temporal.io/sdk/workflow"

	"github.com/vextrus/vextrus/internal/platform/errs"
)

// register installs the status query and the decision updates. Each
// update has a validator: a refused update is never written to history,
// so an unauthorised attempt leaves no trace in the workflow.
func register(ctx workflow.Context, s *state) error {
	if err := workflow.SetQueryHandler(ctx, QueryStatus, func() (Status, error) { return s.view(), nil }); err != nil {
		return err
	}
	handlers := []struct {
		name     string
		validate func(workflow.Context, Decision) error
		apply    func(workflow.Context, Decision) (Status, error)
	}{
		{UpdateApprove, s.validateDecide, s.approve},
		{UpdateReject, s.validateDecide, s.reject},
		{UpdateRequestInfo, s.validateDecide, s.requestInfo},
		{UpdateRespond, s.validateSubmitter(StatusInfoRequested), s.respond},
		{UpdateWithdraw, s.validateSubmitter(""), s.withdraw},
	}
	for _, h := range handlers {
		err := workflow.SetUpdateHandlerWithOptions(ctx, h.name, h.apply,
			workflow.UpdateHandlerOptions{Validator: h.validate})
		if err != nil {
			return err
		}
	}
	return nil
}

func (s *state) validateDecide(ctx workflow.Context, d Decision) error {
	_, err := s.qualify(d.Actor, workflow.Now(ctx))
	return err
}

// validateSubmitter admits only the submitter, and only while the
// approval is in status want ("" for any open status).
func (s *state) validateSubmitter(want string) func(workflow.Context, Decision) error {
	return func(_ workflow.Context, d Decision) error {
		if err := s.checkCaller(d.Actor); err != nil {
			return err
		}
		if d.Actor.UserID != s.in.Submitter {
			return refuse(errs.PermissionDenied, "only the submitter may do this")
		}
		if want != "" && s.status != want {
			return refuse(errs.FailedPrecondition, "no question is waiting for an answer")
		}
		return nil
	}
}

// decide records a decision of the qualified identity; the validator has
// run just before in the same workflow task, so qualify cannot fail here
// unless state changed in between, which it refuses again.
func (s *state) decide(ctx workflow.Context, d Decision, typ string) (string, error) {
	now := workflow.Now(ctx)
	who, err := s.qualify(d.Actor, now)
	if err != nil {
		return "", err
	}
	e := Entry{At: now, Type: typ, Level: s.level + 1, Actor: d.Actor.UserID, Comment: d.Comment}
	if who != d.Actor.UserID {
		e.OnBehalfOf = who
	}
	s.add(e)
	return who, nil
}

func (s *state) approve(ctx workflow.Context, d Decision) (Status, error) {
	who, err := s.decide(ctx, d, EntryApproved)
	if err != nil {
		return Status{}, err
	}
	s.approvals = append(s.approvals, who)
	s.decidedBy = d.Actor.UserID
	return s.view(), nil
}

func (s *state) reject(ctx workflow.Context, d Decision) (Status, error) {
	if _, err := s.decide(ctx, d, EntryRejected); err != nil {
		return Status{}, err
	}
	s.status, s.decidedBy = StatusRejected, d.Actor.UserID
	return s.view(), nil
}

func (s *state) requestInfo(ctx workflow.Context, d Decision) (Status, error) {
	if _, err := s.decide(ctx, d, EntryInfoRequested); err != nil {
		return Status{}, err
	}
	s.status, s.pausedAt = StatusInfoRequested, workflow.Now(ctx)
	return s.view(), nil
}

// respond resumes a paused level; the time it waited for the submitter
// does not count against its SLA.
func (s *state) respond(ctx workflow.Context, d Decision) (Status, error) {
	now := workflow.Now(ctx)
	paused := now.Sub(s.pausedAt)
	s.due = s.due.Add(paused)
	if !s.escalated.IsZero() {
		s.escalated = s.escalated.Add(paused)
	}
	s.status = StatusPending
	s.add(Entry{At: now, Type: EntryResponded, Level: s.level + 1, Actor: d.Actor.UserID, Comment: d.Comment})
	return s.view(), nil
}

func (s *state) withdraw(ctx workflow.Context, d Decision) (Status, error) {
	s.status, s.decidedBy = StatusWithdrawn, d.Actor.UserID
	s.add(Entry{At: workflow.Now(ctx), Type: EntryWithdrawn, Level: s.level + 1, Actor: d.Actor.UserID, Comment: d.Comment})
	return s.view(), nil
}
