package finance

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/money"
	"github.com/vextrus/vextrus/internal/workflow/approvalclient"
)

// SubmitInvoice submits a draft for approval: it computes the tax again
// from the rates in force on the invoice date, marks it submitted and
// starts its approval on the workflow service. When the chain asks for
// no approval (the workflow answers approved at once) the document is
// approved in the same call: numbered, posted and entered in the VAT
// register. Submitting a submitted document again asks the workflow again
// and applies its approval if it has one (the way to finish an approval
// the first call could not apply). expectedVersion, when positive, must
// be the document's version. Needs finance.invoice.write.
//
// Returns NOT_FOUND, INVALID_ARGUMENT naming fields, CONFLICT (stale
// version), FAILED_PRECONDITION naming status when it is not a draft (or
// when a rate table or the approval chain is missing) and UNAVAILABLE
// when the workflow service does not answer; the document is then a
// draft again.
//
// A purchase bill that names a purchase order is first matched against
// finance's copy of the order (matchIn): a bill that agrees adds its
// quantities to the order's billed and emits bill.matched before its
// approval starts; one that does not is held (StatusHeld, bill.held),
// answered as it is and not submitted. Submitting a held bill matches it
// again (after more goods were received, say). An unknown or cancelled
// order, or another vendor's, is INVALID_ARGUMENT naming the field.
func (s *Service) SubmitInvoice(ctx context.Context, id uuid.UUID, expectedVersion int) (Invoice, error) {
	p, err := caller(ctx, PermInvoiceWrite)
	if err != nil {
		return Invoice{}, err
	}
	if s.approvals == nil {
		return Invoice{}, errs.E(errs.FailedPrecondition, "the finance service has no workflow service to approve invoices")
	}
	cur, err := s.Invoice(ctx, id)
	if err != nil {
		return Invoice{}, err
	}
	if cur.Status == StatusSubmitted && (expectedVersion == 0 || expectedVersion == cur.Version) {
		// Submitted before: ask the workflow again (the same approval) and
		// apply it if it is approved, as after an approval the submit
		// could not apply.
		return s.startApproval(ctx, cur, false)
	}
	if cur.Status != StatusDraft && cur.Status != StatusHeld {
		return Invoice{}, notDraft(cur)
	}
	next := cur
	if err := s.compute(ctx, &next); err != nil {
		return Invoice{}, err
	}
	if next.Total <= 0 {
		return Invoice{}, errs.Field("lines", "the document's total must be positive")
	}
	var tol Tolerance
	if next.PurchaseOrderID != nil {
		if tol, err = matchTolerance(ctx, s.rules, next.Date, next.Net); err != nil {
			return Invoice{}, err
		}
	}
	err = s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		// cur is the document as read before: locking its state is
		// enough, since the same version holds the same content.
		// The lock and the period of the date, in one round trip.
		b := &pgx.Batch{}
		b.Queue(docStateQuery+` FOR UPDATE`, id)
		b.Queue(periodOfDate, next.Date)
		br := tx.SendBatch(ctx, b)
		st, err := scanDocState(br.QueryRow(), id)
		var f postingFacts
		if err == nil {
			err = f.readPeriod(br.QueryRow())
		}
		if cerr := br.Close(); err == nil && cerr != nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("lock invoice: %w", err)
		}
		if expectedVersion > 0 && st.Version != expectedVersion {
			return errs.Stale("invoice %s is at version %d, not %d", cur.Label(), st.Version, expectedVersion)
		}
		if st.Status != StatusDraft && st.Status != StatusHeld {
			seen := cur
			seen.Status, seen.Number = st.Status, st.Number
			return notDraft(seen)
		}
		if st.Version != cur.Version {
			return errs.Stale("invoice %s changed while it was being submitted", cur.Label())
		}
		if next.Kind.Note() {
			if err := s.checkNoteRoom(ctx, tx, &next); err != nil {
				return err
			}
		}
		// A document dated in a closed period could never post.
		if err := s.openPeriod(ctx, tx, &f, next.Date, "date"); err != nil {
			return err
		}
		// As stored (microseconds): the approval below answers this copy.
		now := s.now().UTC().Truncate(time.Microsecond)
		var matched events.Draft
		if next.PurchaseOrderID != nil {
			if err := s.matchIn(ctx, tx, &next, tol); err != nil {
				return err
			}
			if next.Match.Status == MatchHeld {
				next.Status, next.Reason, next.SubmittedAt = StatusHeld, "", nil
				if err := deferSaveDraft(tx, &next, now); err != nil {
					return err
				}
				return s.emit(ctx, tx, billHeldEvent(next))
			}
			matched = billMatchedEvent(EventBillMatched, next, "")
		}
		next.Status, next.Reason, next.SubmittedAt, next.SubmittedBy = StatusSubmitted, "", &now, p.UserID
		if err := deferSaveDraft(tx, &next, now); err != nil {
			return err
		}
		if matched.Type != "" {
			return s.emit(ctx, tx, matched, invoiceEvent(EventInvoiceSubmitted, next))
		}
		return s.emit(ctx, tx, invoiceEvent(EventInvoiceSubmitted, next))
	})
	if err != nil {
		return Invoice{}, err
	}
	if next.Status == StatusHeld {
		return next, nil
	}
	return s.startApproval(ctx, next, false)
}

// startApproval starts the approval of the submitted document inv and
// applies it at once when the workflow answers approved, else records
// the approval's id. When the workflow cannot start it, the document is
// a draft again. With resume set the service asks, with its own
// credential, in the name of inv's submitter (ResumeSubmits); the
// document then stays submitted, for the next sweep, unless the
// workflow refused it.
func (s *Service) startApproval(ctx context.Context, inv Invoice, resume bool) (Invoice, error) {
	id := inv.ID
	req := ApprovalRequest{DocumentID: id, Type: ApprovalType,
		Amount: money.New(inv.Total, money.Currency(inv.Currency)), Department: inv.Department, Summary: summary(inv)}
	if resume {
		req.Submitter = inv.SubmittedBy
	}
	started, err := s.approvals.Start(ctx, req)
	if err != nil {
		if resume && !approvalclient.Refused(err) {
			return Invoice{}, err
		}
		if rerr := s.returnToDraft(ctx, id, "the approval could not start: "+errs.Public(err).Message); rerr != nil {
			s.log.ErrorContext(ctx, "invoice stays submitted without an approval", "invoice", id, "err", rerr)
		}
		return Invoice{}, err
	}
	if started.Status == ApprovalApproved {
		// Approved at once (a chain without levels): applied here, and
		// the document answered as this transaction left it.
		var out Invoice
		o := ApprovalOutcome{ApprovalID: started.ID, DocumentID: id, Status: ApprovalApproved}
		err := s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
			inv, f, ok, err := s.lockForOutcomeOf(ctx, tx, o, inv)
			if err != nil || !ok {
				out = inv
				return err
			}
			out, err = s.approveIn(ctx, tx, inv, o, f)
			return err
		})
		return out, err
	}
	var out Invoice
	err = s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE finance.invoices SET approval_id = $2, approval_run = $3
				WHERE id = $1 AND status = 'submitted'`, id, started.ID, started.Run); err != nil {
			return fmt.Errorf("record approval: %w", db.Translate(err))
		}
		out, err = invoiceByID(ctx, tx, id, false)
		return err
	})
	return out, err
}

// summary is the approval's one-line description of the document.
func summary(inv Invoice) string {
	what := map[Kind]string{KindSales: "Sales invoice", KindPurchase: "Purchase bill", KindCreditNote: "Credit note",
		KindDebitNote: "Debit note"}[inv.Kind]
	s := fmt.Sprintf("%s to %s, %d lines, %s %s", what, inv.Party.Name, len(inv.Lines), inv.Currency,
		money.FormatLakh(money.New(inv.Total, money.Currency(inv.Currency))))
	if inv.Side == KindPurchase && inv.Kind == KindPurchase {
		s = fmt.Sprintf("%s from %s, %d lines, %s %s", what, inv.Party.Name, len(inv.Lines), inv.Currency,
			money.FormatLakh(money.New(inv.Total, money.Currency(inv.Currency))))
	}
	if len(s) > 500 {
		s = s[:500]
	}
	return s
}
