package finance

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// EventApprovalCompleted is the workflow event that ends an approval.
const EventApprovalCompleted = "vextrus.workflow.approval.completed.v1"

// approvalCompleted is what finance reads of the workflow's event.
type approvalCompleted struct {
	ApprovalID string `json:"approvalId"`
	Document   struct {
		Service string `json:"service"`
		Type    string `json:"type"`
		ID      string `json:"id"`
	} `json:"document"`
	Status    string `json:"status"`
	DecidedBy string `json:"decidedBy"`
	Run       int    `json:"run"`
}

// handleApprovalCompleted applies the outcome of an invoice approval when
// the workflow runs in another process, in the consumer's transaction
// when it is the document's tenant's. Outcomes of other services'
// documents are skipped; applying is idempotent, so an outcome the
// in-process callback or the submit path applied already changes nothing.
func (s *Service) handleApprovalCompleted(ctx context.Context, tx *db.Tx, ev events.Event) error {
	var p approvalCompleted
	if err := json.Unmarshal(ev.Data, &p); err != nil {
		return fmt.Errorf("decode %s: %w", ev.Type, err)
	}
	if p.Document.Service != Name || p.Document.Type != ApprovalType {
		return nil
	}
	approval, err1 := uuid.Parse(p.ApprovalID)
	doc, err2 := uuid.Parse(p.Document.ID)
	if err1 != nil || err2 != nil || ev.Tenant == tenant.Nil {
		s.log.WarnContext(ctx, "approval outcome without a usable id or tenant", "event", ev.ID)
		return nil
	}
	o := ApprovalOutcome{ApprovalID: approval, DocumentID: doc, Status: p.Status, DecidedBy: p.DecidedBy, Run: p.Run}
	ctx = authz.With(tenant.With(ctx, ev.Tenant), &authz.Principal{UserID: p.DecidedBy, Tenant: ev.Tenant})
	var err error
	apply := func(ctx context.Context, tx *db.Tx) error {
		if settled, err := s.outcomeSettled(ctx, tx, o); settled || err != nil {
			return err
		}
		return s.applyIn(ctx, tx, o)
	}
	if tx != nil && tx.Tenant() == ev.Tenant {
		err = apply(ctx, tx)
	} else {
		err = s.db.InTenantTx(ctx, apply)
	}
	if errs.Is(err, errs.NotFound) {
		// Not a document of this finance database: nothing to apply.
		s.log.WarnContext(ctx, "approval outcome for an unknown invoice", "invoice", doc, "event", ev.ID)
		return nil
	}
	return err
}

// outcomeSettled locks o's document and reports that o cannot apply to
// it any more: the document is no longer submitted, or waits on another
// approval. That is the usual case (the submit path or the in-process
// callback applied it first, or is applying it and holds the lock until
// it commits), and it then costs one narrow row instead of the whole
// document with its lines. A document still submitted is read whole,
// and checked again, by applyIn.
func (s *Service) outcomeSettled(ctx context.Context, tx *db.Tx, o ApprovalOutcome) (bool, error) {
	switch o.Status {
	case ApprovalApproved, ApprovalRejected, ApprovalWithdrawn, ApprovalExpired:
	default:
		return false, nil // applyIn refuses it
	}
	st, err := docStateOf(ctx, tx, o.DocumentID, true)
	if err != nil {
		return false, err
	}
	return !o.applies(st), nil
}
