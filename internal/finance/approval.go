package finance

import (
	"context"
	"fmt"
	"net/http"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/money"
	"github.com/vextrus/vextrus/internal/platform/svcclient"
)

// ApprovalType is the workflow document type of invoices: its chain is the
// rules' approval.chain.invoice.
const ApprovalType = "invoice"

// ApprovalRequest asks for the approval of a submitted document.
type ApprovalRequest struct {
	DocumentID uuid.UUID
	// Type is ApprovalType.
	Type       string
	Amount     money.Amount
	Department string
	Summary    string
}

// The approval statuses the workflow answers and reports.
const (
	ApprovalPending   = "pending"
	ApprovalApproved  = "approved"
	ApprovalRejected  = "rejected"
	ApprovalWithdrawn = "withdrawn"
	ApprovalExpired   = "expired"
)

// ApprovalStarted is the workflow's answer to a start: the approval's id
// and status, approved at once when the chain has no level.
type ApprovalStarted struct {
	ID     uuid.UUID
	Status string
}

// Approvals starts the approval of a document on the workflow service.
// Starting the same document again returns its open or approved
// approval. Returns FAILED_PRECONDITION when no chain is published and
// UNAVAILABLE when the workflow service is down.
type Approvals interface {
	Start(ctx context.Context, req ApprovalRequest) (ApprovalStarted, error)
	// Withdraw withdraws an open approval, as its submitter. Returns
	// PERMISSION_DENIED for another caller and FAILED_PRECONDITION when
	// the approval is no longer open.
	Withdraw(ctx context.Context, id uuid.UUID, reason string) error
}

// ApprovalOutcome is how a document's approval ended, as the workflow's
// callback or its completed event reports it.
type ApprovalOutcome struct {
	ApprovalID uuid.UUID
	DocumentID uuid.UUID
	// Status is approved, rejected, withdrawn or expired.
	Status    string
	DecidedBy string
}

// WorkflowApprovals is Approvals over the workflow service's REST API
// (POST /api/v1/workflow/approvals), with the caller's credential.
type WorkflowApprovals struct {
	Client *svcclient.Client
}

type approvalMoney struct {
	Amount   string `json:"amount"`
	Currency string `json:"currency"`
}

type approvalDocument struct {
	Service    string        `json:"service"`
	Type       string        `json:"type"`
	ID         string        `json:"id"`
	Amount     approvalMoney `json:"amount"`
	Department string        `json:"department,omitempty"`
	Summary    string        `json:"summary,omitempty"`
}

// Start submits the document for approval. No Idempotency-Key: the
// workflow derives the approval's id from the document, and a document
// submitted again after a rejection must start a new run, not replay the
// first answer.
func (w WorkflowApprovals) Start(ctx context.Context, req ApprovalRequest) (ApprovalStarted, error) {
	body := struct {
		Document approvalDocument `json:"document"`
	}{approvalDocument{Service: Name, Type: req.Type, ID: req.DocumentID.String(),
		Amount:     approvalMoney{Amount: req.Amount.Decimal(), Currency: string(req.Amount.Currency())},
		Department: req.Department, Summary: req.Summary}}
	var ans struct {
		ID     uuid.UUID `json:"id"`
		Status string    `json:"status"`
	}
	if err := w.Client.Do(ctx, http.MethodPost, "/api/v1/workflow/approvals", body, &ans); err != nil {
		return ApprovalStarted{}, fmt.Errorf("start approval: %w", err)
	}
	return ApprovalStarted{ID: ans.ID, Status: ans.Status}, nil
}

// Withdraw withdraws the approval through the workflow's REST API.
func (w WorkflowApprovals) Withdraw(ctx context.Context, id uuid.UUID, reason string) error {
	body := struct {
		Comment string `json:"comment,omitempty"`
	}{reason}
	if err := w.Client.Do(ctx, http.MethodPost, "/api/v1/workflow/approvals/"+id.String()+"/withdraw", body, nil); err != nil {
		return fmt.Errorf("withdraw approval: %w", err)
	}
	return nil
}
