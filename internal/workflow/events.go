package workflow

import (
	"github.com/vextrus/vextrus/internal/platform/events"
	"time"
)

// Event types the workflow service emits (schemas under api/events).
const (
	EventApprovalCompleted = "vextrus.workflow.approval.completed.v1"
	EventApprovalEscalated = "vextrus.workflow.approval.escalated.v1"
	EventApprovalRequested = "vextrus.workflow.approval.requested.v1"
)

type moneyJSON struct {
	Amount   string `json:"amount"`
	Currency string `json:"currency"`
}

type documentJSON struct {
	Service    string    `json:"service"`
	Type       string    `json:"type"`
	ID         string    `json:"id"`
	Amount     moneyJSON `json:"amount"`
	Department string    `json:"department,omitempty"`
	Summary    string    `json:"summary,omitempty"`
}

func toDocumentJSON(d Document) documentJSON {
	return documentJSON{Service: d.Service, Type: d.Type, ID: d.ID, Amount: moneyJSON{d.Amount, d.Currency},
		Department: d.Department, Summary: d.Summary}
}

// CompletedEvent is the payload of vextrus.workflow.approval.completed.v1.
type CompletedEvent struct {
	ApprovalID string       `json:"approvalId"`
	Document   documentJSON `json:"document"`
	Status     string       `json:"status"`
	Submitter  string       `json:"submitter"`
	DecidedBy  string       `json:"decidedBy,omitempty"`
	DecidedAt  time.Time    `json:"decidedAt"`
	// Run is the approval's run that ended: its id stays the document's
	// across submissions, and an owning service tells a late outcome of
	// an earlier run from the current one's by it. Absent from runs that
	// do not carry their number.
	Run int `json:"run,omitempty"`
}

func completedEvent(o Outcome) events.Draft {
	return events.Draft{Type: EventApprovalCompleted, Subject: o.ApprovalID, Data: CompletedEvent{
		ApprovalID: o.ApprovalID, Document: toDocumentJSON(o.Document), Status: o.Status, Submitter: o.Submitter,
		DecidedBy: o.DecidedBy, DecidedAt: o.DecidedAt.UTC(), Run: o.Run}}
}

// requestedJSON is the payload of vextrus.workflow.approval.requested.v1.
type requestedJSON struct {
	ApprovalID string       `json:"approvalId"`
	Document   documentJSON `json:"document"`
	Submitter  string       `json:"submitter"`
	Level      int          `json:"level"`
	LevelName  string       `json:"levelName,omitempty"`
	Approvers  []string     `json:"approvers"`
	DueAt      *time.Time   `json:"dueAt,omitempty"`
}

func requestedEvent(u InboxUpdate) events.Draft {
	var due *time.Time
	if !u.Due.IsZero() {
		d := u.Due.UTC()
		due = &d
	}
	return events.Draft{Type: EventApprovalRequested, Subject: u.ApprovalID, Data: requestedJSON{
		ApprovalID: u.ApprovalID, Document: toDocumentJSON(u.Document), Submitter: u.Submitter, Level: u.Level,
		LevelName: u.LevelName, Approvers: u.Keys, DueAt: due}}
}

type escalatedJSON struct {
	ApprovalID   string    `json:"approvalId"`
	DocumentType string    `json:"documentType"`
	DocumentID   string    `json:"documentId"`
	Level        int       `json:"level"`
	EscalatedTo  []string  `json:"escalatedTo"`
	EscalatedAt  time.Time `json:"escalatedAt"`
	Summary      string    `json:"summary,omitempty"`
	Submitter    string    `json:"submitter,omitempty"`
}

func escalatedEvent(e Escalation) events.Draft {
	to := e.EscalatedTo
	if to == nil {
		to = []string{}
	}
	return events.Draft{Type: EventApprovalEscalated, Subject: e.ApprovalID, Data: escalatedJSON{
		ApprovalID: e.ApprovalID, DocumentType: e.Document.Type, DocumentID: e.Document.ID, Level: e.Level,
		EscalatedTo: to, EscalatedAt: e.At.UTC(), Summary: e.Document.Summary, Submitter: e.Submitter}}
}
