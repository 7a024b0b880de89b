package notify

import (
	"encoding/json"
	"fmt"

	"github.com/vextrus/vextrus/internal/platform/events"
)

// The events notify turns into notifications.
const (
	EventApprovalRequested = "vextrus.workflow.approval.requested.v1"
	EventApprovalEscalated = "vextrus.workflow.approval.escalated.v1"
	EventApprovalCompleted = "vextrus.workflow.approval.completed.v1"
	EventUserInvited       = "vextrus.auth.user.invited.v1"
	EventPasswordReset     = "vextrus.auth.user.password_reset_issued.v1"
	EventInvoiceApproved   = "vextrus.finance.invoice.approved.v1"
	EventPaymentRecorded   = "vextrus.finance.payment.recorded.v1"
	EventReportReady       = "vextrus.documents.report.ready.v1"
	// EventApprovalsDigest is no event on Kafka but notify's own
	// message: the approval requests of one window, for one holder of a
	// role (digest.go). Its template is set like an event's.
	EventApprovalsDigest = "vextrus.notify.approvals.digest.v1"
)

// EventTypes are the event types notify has templates for, in the order
// the API lists them.
var EventTypes = []string{EventApprovalRequested, EventApprovalEscalated, EventApprovalCompleted,
	EventUserInvited, EventPasswordReset, EventInvoiceApproved, EventPaymentRecorded, EventReportReady, EventApprovalsDigest}

// topics are the services whose events notify reads.
var topics = []string{"workflow", "auth", "finance", "documents"}

type moneyJSON struct {
	Amount   string `json:"amount"`
	Currency string `json:"currency"`
}

type documentJSON struct {
	Service    string    `json:"service"`
	Type       string    `json:"type"`
	ID         string    `json:"id"`
	Amount     moneyJSON `json:"amount"`
	Department string    `json:"department"`
	Summary    string    `json:"summary"`
}

type requestedEvent struct {
	ApprovalID string       `json:"approvalId"`
	Document   documentJSON `json:"document"`
	Submitter  string       `json:"submitter"`
	Level      int          `json:"level"`
	LevelName  string       `json:"levelName"`
	Approvers  []string     `json:"approvers"`
	DueAt      string       `json:"dueAt"`
}

type escalatedEvent struct {
	ApprovalID   string   `json:"approvalId"`
	DocumentType string   `json:"documentType"`
	DocumentID   string   `json:"documentId"`
	Summary      string   `json:"summary"`
	Submitter    string   `json:"submitter"`
	Level        int      `json:"level"`
	EscalatedTo  []string `json:"escalatedTo"`
}

type completedEvent struct {
	ApprovalID string       `json:"approvalId"`
	Document   documentJSON `json:"document"`
	Status     string       `json:"status"`
	Submitter  string       `json:"submitter"`
	DecidedBy  string       `json:"decidedBy"`
}

// tokenEvent is auth's invite and reset event: the token is sealed
// (internal/platform/tokenseal) and opened only when the email is sent.
type tokenEvent struct {
	UserID      string `json:"userId"`
	Email       string `json:"email"`
	Name        string `json:"name"`
	Locale      string `json:"locale"`
	SealedToken string `json:"sealedToken"`
	ExpiresAt   string `json:"expiresAt"`
	InvitedBy   string `json:"invitedBy"`
}

type invoiceEvent struct {
	InvoiceID string    `json:"invoiceId"`
	Kind      string    `json:"kind"`
	Side      string    `json:"side"`
	Number    string    `json:"number"`
	PartyID   string    `json:"partyId"`
	Date      string    `json:"date"`
	DueDate   string    `json:"dueDate"`
	Total     moneyJSON `json:"total"`
	Payable   moneyJSON `json:"payable"`
}

type paymentEvent struct {
	PaymentID string    `json:"paymentId"`
	Number    string    `json:"number"`
	Kind      string    `json:"kind"`
	Method    string    `json:"method"`
	Date      string    `json:"date"`
	PartyID   string    `json:"partyId"`
	Amount    moneyJSON `json:"amount"`
}

type reportEvent struct {
	JobID       string `json:"jobId"`
	Kind        string `json:"kind"`
	FileID      string `json:"fileId"`
	FileName    string `json:"fileName"`
	RequestedBy string `json:"requestedBy"`
	Status      string `json:"status"`
	Error       string `json:"error"`
}

func decode(ev events.Event, v any) error {
	if err := json.Unmarshal(ev.Data, v); err != nil {
		return fmt.Errorf("decode %s: %w", ev.Type, err)
	}
	return nil
}
