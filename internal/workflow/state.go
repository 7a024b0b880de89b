package workflow

import (
	"fmt"
	"slices"
	"time"

	"go.temporal.io/sdk/temporal"

	"github.com/vextrus/vextrus/internal/platform/errs"
)

// Input starts an approval workflow.
type Input struct {
	ApprovalID string   `json:"approvalId"`
	Tenant     string   `json:"tenant"`
	Document   Document `json:"document"`
	Submitter  string   `json:"submitter"`
	Chain      Chain    `json:"chain"`
	// Run is the projection's run this workflow run carries out; the
	// run's first projection write recreates it should it be missing
	// (ensureProjection). 0 in runs started before it was added.
	Run int `json:"run,omitempty"`
	// Unstarted marks the run the sweep starts for an approval whose own
	// run never began (SweepUnstarted): it ends the approval withdrawn
	// at once, through Complete and Deliver like any outcome.
	Unstarted bool `json:"unstarted,omitempty"`
}

// Entry is one line of an approval's history.
type Entry struct {
	At    time.Time `json:"at"`
	Type  string    `json:"type"`
	Level int       `json:"level,omitempty"`
	// Actor is the user who acted; OnBehalfOf the delegator, if any.
	Actor      string `json:"actor,omitempty"`
	OnBehalfOf string `json:"onBehalfOf,omitempty"`
	Comment    string `json:"comment,omitempty"`
}

// History entry types.
const (
	EntryStarted       = "started"
	EntryLevelStarted  = "level_started"
	EntryApproved      = "approved"
	EntryAutoApproved  = "auto_approved"
	EntryRejected      = "rejected"
	EntryInfoRequested = "info_requested"
	EntryResponded     = "responded"
	EntryEscalated     = "escalated"
	EntryWithdrawn     = "withdrawn"
	EntryExpired       = "expired"
)

// Status is what the status query answers.
type Status struct {
	ApprovalID string   `json:"approvalId"`
	Status     string   `json:"status"`
	Document   Document `json:"document"`
	Submitter  string   `json:"submitter"`
	// Level is the current level, from 1; 0 before the first and after
	// the last.
	Level  int     `json:"level"`
	Levels []Level `json:"levels"`
	// Pending are the inbox keys the current level waits for.
	Pending   []string  `json:"pending"`
	Approvals []string  `json:"approvals,omitempty"`
	Escalated bool      `json:"escalated,omitempty"`
	DueAt     time.Time `json:"dueAt,omitzero"`
	History   []Entry   `json:"history"`
}

// state is the workflow's memory; only the workflow goroutines touch it.
type state struct {
	in        Input
	status    string
	level     int // index into in.Chain.Levels; len when past the last
	extra     []Approvers
	approvals []string // identities that approved the current level
	history   []Entry
	due       time.Time
	escalated time.Time
	pausedAt  time.Time
	decidedBy string
	dirty     bool
	// localActivities: this run started since versionLocalActivities.
	localActivities bool
}

func newState(in Input) *state { return &state{in: in, status: StatusPending, level: -1} }

func (s *state) add(e Entry) {
	s.history = append(s.history, e)
	s.dirty = true
}

func (s *state) current() (Level, bool) {
	if s.level < 0 || s.level >= len(s.in.Chain.Levels) {
		return Level{}, false
	}
	return s.in.Chain.Levels[s.level], true
}

// wanted are the inbox keys that qualify at the current level.
func (s *state) wanted() []string {
	lv, ok := s.current()
	if !ok || lv.Mode == ModeAuto {
		return nil
	}
	keys := keysOf(lv.Approvers, s.in.Document.Department)
	for _, a := range s.extra {
		keys = append(keys, keysOf(a, s.in.Document.Department)...)
	}
	return keys
}

// pending are the wanted keys minus named users who already approved.
func (s *state) pending() []string {
	var out []string
	for _, k := range s.wanted() {
		if !slices.ContainsFunc(s.approvals, func(u string) bool { return userKey(u) == k }) {
			out = append(out, k)
		}
	}
	return out
}

// levelDone reports whether the current level has the approvals its mode
// needs.
func (s *state) levelDone() bool {
	lv, ok := s.current()
	if !ok {
		return true
	}
	switch {
	case lv.Mode == ModeAuto:
		return true
	case lv.Mode == ModeAll && lv.Approvers.Kind == ByUsers:
		for _, u := range lv.Approvers.Users {
			if !slices.Contains(s.approvals, u) {
				return false
			}
		}
		return true
	case lv.Mode == ModeQuorum:
		return len(s.approvals) >= max(lv.Quorum, 1)
	}
	return len(s.approvals) > 0
}

// refuse is how a validator says no: a non-retryable application error
// whose type is the platform code, so the API answers with it.
func refuse(code errs.Code, format string, args ...any) error {
	return temporal.NewApplicationErrorWithOptions(fmt.Sprintf(format, args...), string(code),
		temporal.ApplicationErrorOptions{NonRetryable: true})
}

// checkCaller refuses a caller of another tenant and decisions on a
// closed approval.
func (s *state) checkCaller(a Actor) error {
	if a.UserID == "" || a.Tenant != s.in.Tenant {
		return refuse(errs.PermissionDenied, "the approval belongs to another tenant")
	}
	if Final(s.status) {
		return refuse(errs.FailedPrecondition, "the approval is already %s", s.status)
	}
	return nil
}

// qualify returns the identity (the actor's own, or a delegator's) whose
// facts make the actor an approver of the current level at now, or
// refuses. It is the heart of every decision validator.
func (s *state) qualify(a Actor, now time.Time) (string, error) {
	if err := s.checkCaller(a); err != nil {
		return "", err
	}
	if a.UserID == s.in.Submitter {
		return "", refuse(errs.PermissionDenied, "the submitter cannot decide on their own document")
	}
	if s.status == StatusInfoRequested {
		return "", refuse(errs.FailedPrecondition, "the level waits for the submitter's answer")
	}
	if _, ok := s.current(); !ok {
		return "", refuse(errs.FailedPrecondition, "no level is waiting for a decision")
	}
	want := s.wanted()
	for _, id := range a.identities(now) {
		if !matches(id.keys(), want) {
			continue
		}
		if id.user == s.in.Submitter {
			return "", refuse(errs.PermissionDenied, "the submitter's delegate cannot decide on the submitter's document")
		}
		if slices.Contains(s.approvals, id.user) || slices.Contains(s.approvals, a.UserID) {
			return "", refuse(errs.Conflict, "already approved at this level")
		}
		return id.user, nil
	}
	return "", refuse(errs.PermissionDenied, "not an approver at level %d", s.level+1)
}

func (s *state) view() Status {
	st := Status{ApprovalID: s.in.ApprovalID, Status: s.status, Document: s.in.Document, Submitter: s.in.Submitter,
		Levels: s.in.Chain.Levels, Pending: s.pending(), Approvals: slices.Clone(s.approvals),
		Escalated: !s.escalated.IsZero(), DueAt: s.due, History: slices.Clone(s.history)}
	if _, ok := s.current(); ok && !Final(s.status) {
		st.Level = s.level + 1
	}
	if st.Pending == nil {
		st.Pending = []string{}
	}
	return st
}
