package finance

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/money"
)

// CreateNote stores a draft credit note (Mushak 6.7, kind KindCreditNote)
// or debit note (6.8, KindDebitNote) correcting the approved invoice or
// bill corrects. The note is the original's party's, in its currency,
// supply type and withholding; in gives its date, lines and memo. A
// credit note cannot exceed what remains of the original (its total, plus
// approved debit notes, less the other credit notes). It is submitted
// and approved like an invoice and numbered in its own series. Needs
// finance.invoice.approve.
//
// Returns NOT_FOUND for an unknown original, FAILED_PRECONDITION naming
// corrects when it is not approved, INVALID_ARGUMENT naming fields.
func (s *Service) CreateNote(ctx context.Context, corrects uuid.UUID, kind Kind, in InvoiceInput) (Invoice, error) {
	p, err := caller(ctx, PermInvoiceApprove)
	if err != nil {
		return Invoice{}, err
	}
	if !kind.Note() {
		return Invoice{}, errs.Field("kind", "must be credit_note or debit_note")
	}
	st, err := s.tenantSettings(ctx)
	if err != nil {
		return Invoice{}, err
	}
	orig, err := s.Invoice(ctx, corrects)
	if err != nil {
		return Invoice{}, err
	}
	if orig.Kind.Note() || !issued(orig.Status) {
		e := errs.E(errs.FailedPrecondition, "%s is %s %s; a note corrects an approved invoice or bill", orig.Label(), orig.Kind, orig.Status)
		e.Fields = []errs.FieldError{{Field: "corrects", Message: "must be an approved invoice or bill"}}
		return Invoice{}, e
	}
	in.Party, in.SupplyType, in.BuyerWithholdsVAT = orig.Party, orig.SupplyType, orig.BuyerWithholdsVAT
	if orig.AITTerms.Category != "" {
		a := orig.AITTerms
		in.AIT = &a
	} else {
		in.AIT = nil
	}
	if in.Date.IsZero() {
		in.Date = Date(s.now(), st.Location())
	}
	if in.DueDate.IsZero() {
		in.DueDate = in.Date
	}
	id := orig.ID
	inv := Invoice{Kind: kind, Side: orig.Side, Status: StatusDraft, Corrects: &id, CreatedBy: p.UserID, Version: 1}
	in.SupplierRef = ""
	// The party is the original's, checked when it was made.
	if err := s.fillFromCatalog(ctx, &inv, in, st, false); err != nil {
		return Invoice{}, err
	}
	if inv.Date.Before(orig.Date) {
		return Invoice{}, errs.Field("date", "a note cannot be dated before the document it corrects (%s)", orig.Date.Format(DateLayout))
	}
	if err := s.compute(ctx, &inv); err != nil {
		return Invoice{}, err
	}
	if inv.ID, err = uuid.NewV7(); err != nil {
		return Invoice{}, err
	}
	inv.CreatedAt = s.now().UTC()
	inv.UpdatedAt = inv.CreatedAt
	err = s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		if err := s.checkNoteRoom(ctx, tx, &inv); err != nil {
			return err
		}
		return insertInvoice(ctx, tx, &inv)
	})
	if err != nil {
		return Invoice{}, err
	}
	return inv, nil
}

// checkNoteRoom locks the document note corrects, checks it is approved
// and dated no later than the note, and refuses a credit note over what
// remains of it, naming lines.
func (s *Service) checkNoteRoom(ctx context.Context, tx *db.Tx, note *Invoice) error {
	if note.Corrects == nil {
		return errs.Field("corrects", "is required")
	}
	orig, err := invoiceByID(ctx, tx, *note.Corrects, true)
	if err != nil {
		return err
	}
	if !issued(orig.Status) || orig.Kind.Note() {
		e := errs.E(errs.FailedPrecondition, "%s is %s; a note corrects an approved invoice or bill", orig.Label(), orig.Status)
		e.Fields = []errs.FieldError{{Field: "corrects", Message: "must be an approved invoice or bill"}}
		return e
	}
	if note.Date.Before(orig.Date) {
		return errs.Field("date", "a note cannot be dated before the document it corrects (%s)", orig.Date.Format(DateLayout))
	}
	if note.Kind != KindCreditNote {
		return nil
	}
	var credited, debited int64
	err = tx.QueryRow(ctx, `SELECT
			coalesce(sum(total) FILTER (WHERE kind = 'credit_note' AND status IN ('submitted', 'approved', 'partially_paid', 'paid')), 0),
			coalesce(sum(total) FILTER (WHERE kind = 'debit_note' AND status IN ('approved', 'partially_paid', 'paid')), 0)
		FROM finance.invoices WHERE corrects = $1 AND id <> $2`, orig.ID, note.ID).Scan(&credited, &debited)
	if err != nil {
		return fmt.Errorf("notes of %s: %w", orig.Label(), err)
	}
	remains := orig.Total + debited - credited
	if note.Total > remains {
		c := money.Currency(orig.Currency)
		return errs.Field("lines", "the credit note's total %s exceeds what remains of %s (%s)",
			money.New(note.Total, c), orig.Label(), money.New(max(remains, 0), c))
	}
	return nil
}
