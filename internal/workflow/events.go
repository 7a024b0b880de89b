package workflow

import (
	"github.com/vextrus/vextrus/internal/platform/events"
	"time"
)

// Event types the workflow service emits (schemas under api/events).
const (
	EventApprovalCompleted = "vextrus.workflow.approval.completed.v1"
	EventApprovalEscalated = "vextrus.workflow.approval.escalated.v1"
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
}

func completedEvent(o Outcome) events.Draft {
	return events.Draft{Type: EventApprovalCompleted, Subject: o.ApprovalID, Data: CompletedEvent{
		ApprovalID: o.ApprovalID, Document: toDocumentJSON(o.Document), Status: o.Status, Submitter: o.Submitter,
		DecidedBy: o.DecidedBy, DecidedAt: o.DecidedAt.UTC()}}
}

type escalatedJSON struct {
	ApprovalID   string    `json:"approvalId"`
	DocumentType string    `json:"documentType"`
	DocumentID   string    `json:"documentId"`
	Level        int       `json:"level"`
	EscalatedTo  []string  `json:"escalatedTo"`
	EscalatedAt  time.Time `json:"escalatedAt"`
}

func escalatedEvent(e Escalation) events.Draft {
	to := e.EscalatedTo
	if to == nil {
		to = []string{}
	}
	return events.Draft{Type: EventApprovalEscalated, Subject: e.ApprovalID, Data: escalatedJSON{
		ApprovalID: e.ApprovalID, DocumentType: e.Document.Type, DocumentID: e.Document.ID, Level: e.Level,
		EscalatedTo: to, EscalatedAt: e.At.UTC()}}
}
