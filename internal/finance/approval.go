package finance

import (
	"context"

	"github.com/google/uuid"
	"github.com/vextrus/vextrus/internal/workflow/approvalclient"
)

// ApprovalType is the workflow document type of invoices: its chain is the
// rules' approval.chain.invoice.
const ApprovalType = "invoice"

// ApprovalRequest asks for the approval of a submitted document; its
// Type is ApprovalType.
type ApprovalRequest = approvalclient.Request

// The approval statuses the workflow answers and reports.
const (
	ApprovalPending   = approvalclient.Pending
	ApprovalApproved  = approvalclient.Approved
	ApprovalRejected  = approvalclient.Rejected
	ApprovalWithdrawn = approvalclient.Withdrawn
	ApprovalExpired   = approvalclient.Expired
)

// ApprovalStarted is the workflow's answer to a start: the approval's id
// and status, approved at once when the chain has no level.
type ApprovalStarted = approvalclient.Started

// Approvals starts the approval of a document on the workflow service;
// approvalclient.Client with Service Name is the one over its REST API.
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
	// Run is the approval's run the outcome ends: 1 for the document's
	// first submission, one more for each submission after a rejection,
	// withdrawal or expiry. 0 when the workflow did not say.
	Run int
}

// applies reports whether o can apply to a document in state st: the
// document is submitted, o is its approval's, and o ends the run the
// document waits on: the run recorded with the approval's answer, or,
// before that answer is recorded, a run after the last one that returned
// the document to draft. An outcome that does not name its run applies
// as before runs were named.
func (o ApprovalOutcome) applies(st docState) bool {
	if st.Status != StatusSubmitted || st.ApprovalID != nil && o.ApprovalID != uuid.Nil && *st.ApprovalID != o.ApprovalID {
		return false
	}
	return approvalclient.RunApplies(o.Run, st.Run, st.EndedRun)
}
