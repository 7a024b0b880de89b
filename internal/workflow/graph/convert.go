package graph

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/workflow"
)

func parseID(id string) (uuid.UUID, error) {
	u, err := uuid.Parse(id)
	if err != nil {
		return uuid.Nil, errs.Field("id", "must be a UUID")
	}
	return u, nil
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func toGraphDocument(d workflow.Document) *ApprovalDocument {
	return &ApprovalDocument{Service: d.Service, Type: d.Type, ID: d.ID, Amount: &Money{Amount: d.Amount, Currency: d.Currency},
		Department: optional(d.Department), Summary: optional(d.Summary)}
}

func fromGraphDocument(in ApprovalDocumentInput) workflow.Document {
	d := workflow.Document{Service: in.Service, Type: in.Type, ID: in.ID, Department: deref(in.Department), Summary: deref(in.Summary)}
	if in.Amount != nil {
		d.Amount, d.Currency = in.Amount.Amount, in.Amount.Currency
	}
	return d
}

func toGraphApproval(a workflow.Approval) *Approval {
	out := &Approval{ID: a.ID.String(), WorkflowID: a.WorkflowID, Status: a.Status, Document: toGraphDocument(a.Document),
		Submitter: a.Submitter, Level: a.Level, Levels: []ApprovalLevel{}, PendingApprovers: a.Pending, Escalated: a.Escalated,
		History: []ApprovalHistoryEntry{}, Run: a.Run, CreatedAt: a.CreatedAt.UTC(), UpdatedAt: a.UpdatedAt.UTC(),
		CompletedAt: a.CompletedAt, DecidedBy: optional(a.DecidedBy)}
	if out.PendingApprovers == nil {
		out.PendingApprovers = []string{}
	}
	if !a.DueAt.IsZero() && !workflow.Final(a.Status) {
		d := a.DueAt.UTC()
		out.DueAt = &d
	}
	for _, lv := range a.Levels {
		gl := ApprovalLevel{Name: lv.Name, Mode: lv.Mode, SLAHours: lv.SLA.Hours(), Approvers: &Approvers{
			Kind: lv.Approvers.Kind, Role: optional(lv.Approvers.Role), Department: optional(lv.Approvers.Department),
			Users: append([]string{}, lv.Approvers.Users...)}}
		if lv.Quorum > 0 {
			q := lv.Quorum
			gl.Quorum = &q
		}
		if lv.Expiry > 0 {
			h := lv.Expiry.Hours()
			gl.ExpiryHours = &h
		}
		out.Levels = append(out.Levels, gl)
	}
	for _, e := range a.History {
		he := ApprovalHistoryEntry{At: e.At.UTC(), Type: e.Type, Actor: optional(e.Actor), OnBehalfOf: optional(e.OnBehalfOf),
			Comment: optional(e.Comment)}
		if e.Level > 0 {
			l := e.Level
			he.Level = &l
		}
		out.History = append(out.History, he)
	}
	return out
}

func toGraphTask(t workflow.Task) *ApprovalTask {
	var due *time.Time
	if t.DueAt != nil {
		d := t.DueAt.UTC()
		due = &d
	}
	return &ApprovalTask{ApprovalID: t.ApprovalID.String(), Task: t.Task, Level: t.Level, LevelName: t.LevelName,
		Document: toGraphDocument(t.Document), Submitter: t.Submitter, DueAt: due, Since: t.Since.UTC()}
}

// decide runs a decision and converts its answer.
func (r *Resolver) decide(ctx context.Context, id, update string, comment *string) (*Approval, error) {
	u, err := parseID(id)
	if err != nil {
		return nil, err
	}
	a, err := r.Service.Decide(ctx, u, update, deref(comment))
	if err != nil {
		return nil, err
	}
	return toGraphApproval(a), nil
}

// get returns the approval, or nil (null in GraphQL) when it is not found.
func (r *Resolver) get(ctx context.Context, id string) (*Approval, error) {
	u, err := parseID(id)
	if err != nil {
		return nil, err
	}
	a, err := r.Service.Get(ctx, u)
	if errs.Is(err, errs.NotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return toGraphApproval(a), nil
}
