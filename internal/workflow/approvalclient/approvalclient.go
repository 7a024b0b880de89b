// Package approvalclient is the typed client of the workflow service's
// approvals, for the services whose documents need approving (finance's
// invoices, orders' purchase and sales orders). It speaks the workflow's
// REST API through the platform service client, in process or over HTTP,
// with the caller's credential: the caller is the document's submitter.
package approvalclient

import (
	"context"
	"fmt"
	"net/http"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/money"
	"github.com/vextrus/vextrus/internal/platform/svcclient"
)

// The approval statuses the workflow answers and reports.
const (
	Pending   = "pending"
	Approved  = "approved"
	Rejected  = "rejected"
	Withdrawn = "withdrawn"
	Expired   = "expired"
)

// Request asks for the approval of one document.
type Request struct {
	// Type is the document type: its chain is the rules'
	// approval.chain.<Type>.
	Type       string
	DocumentID uuid.UUID
	Amount     money.Amount
	Department string
	Summary    string
	// Submitter is the user whose submit a service resumes with its
	// own credential (one a crash kept from starting its approval); empty,
	// the caller submits.
	Submitter string
}

// Started is the workflow's answer to a start: the approval's id and
// status, approved at once when the chain has no level.
type Started struct {
	ID     uuid.UUID
	Status string
	// Run is the approval's run that answers this submission: its id
	// stays the document's across submissions, and each one after a
	// rejection, withdrawal or expiry is a new run. A document applies
	// only its own run's outcome (docs/workflow.md, "Outcome").
	Run int
}

// RunApplies reports whether an outcome of run concerns a document's
// current submission: the document waits on run waits (recorded with the
// start's answer, Started.Run; 0 until then), and ended is the last run
// whose outcome sent it back. Before waits is recorded, only a run after
// ended counts. An outcome that names no run (0) applies, as before runs
// were named.
func RunApplies(run, waits, ended int) bool {
	switch {
	case run == 0:
		return true
	case waits > 0:
		return run == waits
	}
	return run > ended
}

// Client starts and withdraws the approvals of Service's documents
// (POST /api/v1/workflow/approvals).
type Client struct {
	HTTP *svcclient.Client
	// Service is the owning service's name, the document's service.
	Service string
}

type amount struct {
	Amount   string `json:"amount"`
	Currency string `json:"currency"`
}

type document struct {
	Service    string `json:"service"`
	Type       string `json:"type"`
	ID         string `json:"id"`
	Amount     amount `json:"amount"`
	Department string `json:"department,omitempty"`
	Summary    string `json:"summary,omitempty"`
	Submitter  string `json:"submitter,omitempty"`
}

// Start submits the document for approval. Starting the same document
// again returns its open or approved approval. No Idempotency-Key: the
// workflow derives the approval's id from the document, and a document
// submitted again after a rejection must start a new run, not replay the
// first answer. Returns FAILED_PRECONDITION when no chain is published
// and UNAVAILABLE when the workflow service is down.
func (c Client) Start(ctx context.Context, req Request) (Started, error) {
	body := struct {
		Document document `json:"document"`
	}{document{Service: c.Service, Type: req.Type, ID: req.DocumentID.String(),
		Amount:     amount{Amount: req.Amount.Decimal(), Currency: string(req.Amount.Currency())},
		Department: req.Department, Summary: req.Summary, Submitter: req.Submitter}}
	var ans struct {
		ID     uuid.UUID `json:"id"`
		Status string    `json:"status"`
		Run    int       `json:"run"`
	}
	if err := c.HTTP.Do(ctx, http.MethodPost, "/api/v1/workflow/approvals", body, &ans); err != nil {
		return Started{}, fmt.Errorf("start approval: %w", err)
	}
	return Started{ID: ans.ID, Status: ans.Status, Run: ans.Run}, nil
}

// Withdraw withdraws an open approval, as its submitter. Returns
// PERMISSION_DENIED for another caller and FAILED_PRECONDITION when the
// approval is no longer open.
func (c Client) Withdraw(ctx context.Context, id uuid.UUID, reason string) error {
	body := struct {
		Comment string `json:"comment,omitempty"`
	}{reason}
	if err := c.HTTP.Do(ctx, http.MethodPost, "/api/v1/workflow/approvals/"+id.String()+"/withdraw", body, nil); err != nil {
		return fmt.Errorf("withdraw approval: %w", err)
	}
	return nil
}

// Refused reports whether err is the workflow refusing the document
// (invalid, or no chain takes it), as opposed to not answering: a
// refused document goes back to its submitter, one not answered is asked
// again.
func Refused(err error) bool {
	return errs.Is(err, errs.InvalidArgument) || errs.Is(err, errs.FailedPrecondition)
}
