package finance

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/tenant"
	"github.com/vextrus/vextrus/internal/platform/tenantsettings"
)

// ApplyApproval applies the outcome of a document's approval, from the
// workflow's callback (in process), its completed event (a remote
// workflow) or the submit path itself (a chain without levels). It is
// idempotent: an outcome for a document already approved, cancelled or
// back in draft changes nothing, and so does one for another approval
// than the document's.
//
// Approved: in one transaction of the tenant of ctx the document is
// locked, takes its Mushak number, posts its journal, enters the VAT
// register and emits invoice.approved. Rejected, withdrawn or expired:
// the document returns to draft with the reason recorded, so it can be
// corrected and submitted again (a rejection is not the end of a
// supplier's bill, which must still be paid or disputed).
//
// It needs no permission: the workflow decided. Returns NOT_FOUND for an
// unknown document and the posting's FAILED_PRECONDITION (a closed
// period, a missing numbering) for the caller to retry or report.
func (s *Service) ApplyApproval(ctx context.Context, o ApprovalOutcome) error {
	t, err := tenant.Require(ctx)
	if err != nil {
		return err
	}
	if _, ok := authz.From(ctx); !ok || o.DecidedBy != "" {
		ctx = authz.With(ctx, &authz.Principal{UserID: o.DecidedBy, Tenant: t})
	}
	return s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error { return s.applyIn(ctx, tx, o) })
}

// applyIn applies o in tx, a transaction of the document's tenant.
func (s *Service) applyIn(ctx context.Context, tx *db.Tx, o ApprovalOutcome) error {
	switch o.Status {
	case ApprovalApproved:
		inv, ok, err := lockForOutcome(ctx, tx, o)
		if err != nil || !ok {
			return err
		}
		_, err = s.approveIn(ctx, tx, inv, o, nil)
		return err
	case ApprovalRejected, ApprovalWithdrawn, ApprovalExpired:
		reason := "the approval was " + o.Status
		if o.DecidedBy != "" {
			reason += " by " + o.DecidedBy
		}
		return s.returnToDraftIn(ctx, tx, o, reason)
	}
	return errs.E(errs.InvalidArgument, "unknown approval status %q", o.Status)
}

// lockForOutcome locks the document of o, reads it whole and reports
// whether o applies (ApprovalOutcome.applies): the lock with the state
// and the document, in one round trip.
func lockForOutcome(ctx context.Context, tx *db.Tx, o ApprovalOutcome) (Invoice, bool, error) {
	b := &pgx.Batch{}
	b.Queue(docStateQuery+` FOR UPDATE`, o.DocumentID)
	b.Queue(`SELECT `+invoiceColumns+` FROM finance.invoices WHERE id = $1`, o.DocumentID)
	br := tx.SendBatch(ctx, b)
	st, err := scanDocState(br.QueryRow(), o.DocumentID)
	var inv Invoice
	if err == nil {
		inv, err = scanInvoice(br.QueryRow())
	}
	if cerr := br.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("lock invoice: %w", cerr)
	}
	if err != nil {
		return Invoice{}, false, err
	}
	return inv, o.applies(st), nil
}

// lockForOutcomeOf is lockForOutcome for a caller holding known, a copy
// of the document: it locks the document's state only, and answers
// known when the stored version is known's (with the stored approval,
// which is recorded without a new version). The whole document is read
// only when it changed since, or when o does not apply to it. In the
// same round trip as the lock it reads the facts of known's posting,
// which it answers when known is the answer.
func (s *Service) lockForOutcomeOf(ctx context.Context, tx *db.Tx, o ApprovalOutcome, known Invoice) (Invoice, *postingFacts, bool, error) {
	b := &pgx.Batch{}
	b.Queue(docStateQuery+` FOR UPDATE`, o.DocumentID)
	queueFacts(b, known.Date)
	br := tx.SendBatch(ctx, b)
	st, err := scanDocState(br.QueryRow(), o.DocumentID)
	var f postingFacts
	if err == nil {
		f, err = readFacts(br)
	}
	if cerr := br.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("lock invoice: %w", cerr)
	}
	if err != nil {
		return Invoice{}, nil, false, err
	}
	applies := o.applies(st)
	if !applies || st.Version != known.Version || known.ID != o.DocumentID {
		inv, err := invoiceByID(ctx, tx, o.DocumentID, false)
		return inv, nil, applies && err == nil, err
	}
	known.Status, known.ApprovalID = st.Status, st.ApprovalID
	return known, &f, true, nil
}

// returnToDraft puts a submitted document back to draft with reason.
func (s *Service) returnToDraft(ctx context.Context, id uuid.UUID, reason string) error {
	return s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		return s.returnToDraftIn(ctx, tx, ApprovalOutcome{DocumentID: id}, reason)
	})
}

// returnToDraftIn puts the submitted document of o back to draft in tx
// when o applies to it, and keeps o's run as the last that ended
// without approving it. A matched bill gives its quantities back to its
// order and emits bill.unmatched: it is matched anew when submitted
// again.
func (s *Service) returnToDraftIn(ctx context.Context, tx *db.Tx, o ApprovalOutcome, reason string) error {
	inv, ok, err := lockForOutcome(ctx, tx, o)
	if err != nil || !ok {
		return err
	}
	if len(reason) > 1000 {
		reason = reason[:1000]
	}
	unmatched, err := s.unmatchIn(ctx, tx, &inv, reason)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `UPDATE finance.invoices SET status = 'draft', reason = $2, updated_at = $3, version = version + 1,
			match_status = $4, match_lines = '[]', released_by = '', release_reason = '',
			approval_run = 0, approval_ended_run = greatest(approval_ended_run, $5)
		WHERE id = $1`, inv.ID, reason, s.now().UTC(), inv.Match.Status, o.Run)
	if err != nil {
		return db.Translate(err)
	}
	return s.emit(ctx, tx, unmatched...)
}

// approveIn approves the locked submitted document inv in tx and returns
// it approved. f, when not nil, are the facts of its posting, read with
// its lock; else they are read here.
func (s *Service) approveIn(ctx context.Context, tx *db.Tx, inv Invoice, o ApprovalOutcome, f *postingFacts) (Invoice, error) {
	if inv.Kind.Note() {
		if err := s.checkNoteRoom(ctx, tx, &inv); err != nil {
			return Invoice{}, err
		}
	}
	if f == nil {
		read, err := s.factsOf(ctx, tx, inv.Date)
		if err != nil {
			return Invoice{}, err
		}
		f = &read
	}
	if err := s.completeRoles(ctx, tx, f); err != nil {
		return Invoice{}, err
	}
	// The journal is checked before the numbers are taken: their rows'
	// locks queue the tenant's approvals from there to the commit, so
	// what follows them is kept to the commit's pipeline.
	j, err := invoiceJournal(inv, f.roles)
	if err != nil {
		return Invoice{}, err
	}
	if err := checkLines(j.Lines, true); err != nil {
		return Invoice{}, err
	}
	if err := s.openPeriod(ctx, tx, f, j.Date, "date"); err != nil {
		return Invoice{}, err
	}
	if err := checkAccountStates(j.Lines, f.accounts); err != nil {
		return Invoice{}, err
	}
	// The document's number and its journal's, in one statement.
	st, err := s.tenantSettings(ctx)
	if err != nil {
		return Invoice{}, err
	}
	numbers, err := st.NextNumbers(ctx, tx, Name, inv.Date, inv.Kind.docType(), tenantsettings.DocJournal)
	if err != nil {
		return Invoice{}, err
	}
	number := numbers[0]
	if s.afterNumber != nil {
		s.afterNumber(ctx)
	}
	inv.Number = number
	// The same journal, its memos now naming the number.
	if j, err = invoiceJournal(inv, f.roles); err != nil {
		return Invoice{}, err
	}
	if err := s.store(ctx, tx, &j, numbers[1]); err != nil {
		return Invoice{}, err
	}
	now := s.now().UTC()
	approval := inv.ApprovalID
	if o.ApprovalID != uuid.Nil {
		approval = &o.ApprovalID
	}
	// The row is locked: its next version is known, and the update is
	// sent with the next statement.
	tx.Defer(`UPDATE finance.invoices SET status = 'approved', number = $2, journal_id = $3, approval_id = $4,
			approved_at = $5, approved_by = $6, reason = '', updated_at = $5, version = $7
		WHERE id = $1`, inv.ID, number, j.ID, approval, now, o.DecidedBy, inv.Version+1)
	inv.Version++
	inv.Status, inv.JournalID, inv.ApprovalID, inv.ApprovedAt, inv.ApprovedBy = StatusApproved, &j.ID, approval, &now, o.DecidedBy
	inv.Reason, inv.UpdatedAt = "", now
	if err := enterRegister(ctx, tx, inv); err != nil {
		return Invoice{}, err
	}
	return inv, s.emit(ctx, tx, invoiceEvent(EventInvoiceApproved, inv))
}
