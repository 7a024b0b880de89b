package workflow

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/errs"
)

// MaxPage bounds inbox pages.
const MaxPage = 200

// Inbox lists what waits for the caller: decisions at levels the caller
// (or a delegator) qualifies for, and questions about the caller's own
// documents. Needs workflow.approval.read.
func (s *Service) Inbox(ctx context.Context, limit int, cursor string) (InboxPage, error) {
	p, err := personCaller(ctx, PermRead)
	if err != nil {
		return InboxPage{}, err
	}
	if limit == 0 {
		limit = 50
	}
	if limit < 1 || limit > MaxPage {
		return InboxPage{}, errs.Field("limit", "must be between 1 and %d", MaxPage)
	}
	a, err := s.actor(ctx, p)
	if err != nil {
		return InboxPage{}, err
	}
	return s.store.inbox(ctx, p.UserID, a.Keys(s.now()), limit, cursor)
}

// DelegateRequest hands the caller's approvals to another user.
type DelegateRequest struct {
	To     string
	Starts time.Time
	Ends   time.Time
}

// Delegate lets req.To decide, from req.Starts until req.Ends, whatever
// the caller may decide now. Needs workflow.approval.write. Returns
// INVALID_ARGUMENT naming fields.
func (s *Service) Delegate(ctx context.Context, req DelegateRequest) (Delegation, error) {
	p, err := personCaller(ctx, PermStart)
	if err != nil {
		return Delegation{}, err
	}
	c := &errs.Collector{}
	to, perr := uuid.Parse(req.To)
	c.Check(perr == nil, "to", "must be a user id")
	c.Check(perr != nil || to.String() != p.UserID, "to", "must be another user")
	if req.Starts.IsZero() {
		req.Starts = s.now()
	}
	c.Check(!req.Ends.IsZero() && req.Ends.After(req.Starts), "ends", "must be after starts")
	c.Check(req.Ends.Sub(req.Starts) <= 366*24*time.Hour, "ends", "must be within a year of starts")
	if err := c.Err(); err != nil {
		return Delegation{}, err
	}
	d := Delegation{ID: uuid.Must(uuid.NewV7()).String(), From: p.UserID, To: to.String(), Roles: p.Roles,
		Starts: req.Starts.UTC().Truncate(time.Microsecond), Ends: req.Ends.UTC().Truncate(time.Microsecond)}
	if d.Roles == nil {
		d.Roles = []string{}
	}
	if s.directory != nil {
		if d.Departments, err = s.directory.Memberships(ctx, p.UserID); err != nil {
			return Delegation{}, err
		}
	}
	return d, s.store.addDelegation(ctx, d)
}

// Delegations lists the caller's delegations, made and received, that
// have not ended. Needs workflow.approval.read.
func (s *Service) Delegations(ctx context.Context) ([]Delegation, error) {
	p, err := personCaller(ctx, PermRead)
	if err != nil {
		return nil, err
	}
	return s.store.delegations(ctx, p.UserID, s.now(), false)
}

// RevokeDelegation ends a delegation the caller made. Needs
// workflow.approval.write. Returns NOT_FOUND.
func (s *Service) RevokeDelegation(ctx context.Context, id uuid.UUID) error {
	p, err := personCaller(ctx, PermStart)
	if err != nil {
		return err
	}
	return s.store.revokeDelegation(ctx, p.UserID, id)
}
