package finance

import (
	"context"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

// CreateInvoice stores a draft sales invoice or purchase bill with its
// tax computed from the rules engine. With a catalog, the party must be
// a customer (sales) or vendor (purchase) of master data that may be
// named, and product lines name products of the tenant; what the request
// leaves empty is taken from them. Needs finance.invoice.write.
// Returns INVALID_ARGUMENT naming fields (party.id, lines[i].productId),
// FAILED_PRECONDITION when a rate table is missing or gives no answer,
// UNAVAILABLE when master data or the rules engine cannot answer.
func (s *Service) CreateInvoice(ctx context.Context, in InvoiceInput) (Invoice, error) {
	p, err := caller(ctx, PermInvoiceWrite)
	if err != nil {
		return Invoice{}, err
	}
	if in.Kind != KindSales && in.Kind != KindPurchase {
		return Invoice{}, errs.Field("kind", "must be sales or purchase; notes are issued against an approved invoice")
	}
	st, err := s.tenantSettings(ctx)
	if err != nil {
		return Invoice{}, err
	}
	inv := Invoice{Kind: in.Kind, Side: in.Kind, Status: StatusDraft, CreatedBy: p.UserID, Version: 1}
	if err := s.fillFromCatalog(ctx, &inv, in, st, true); err != nil {
		return Invoice{}, err
	}
	if err := s.compute(ctx, &inv); err != nil {
		return Invoice{}, err
	}
	if inv.ID, err = uuid.NewV7(); err != nil {
		return Invoice{}, err
	}
	inv.CreatedAt = s.now().UTC()
	inv.UpdatedAt = inv.CreatedAt
	// One statement and no event: it commits as it runs, in one round
	// trip with the tenant's setting.
	err = s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error { return insertInvoice(ctx, tx, &inv) }, db.Single())
	if err != nil {
		return Invoice{}, err
	}
	return inv, nil
}

// UpdateInvoice replaces a draft's or a held bill's content (a held bill
// becomes a draft again) (a note keeps the invoice it
// corrects, an invoice its kind), checked against master data as
// CreateInvoice does (a note's party is not checked again). expectedVersion, when positive, must be
// the draft's version. Needs finance.invoice.write. Returns NOT_FOUND,
// INVALID_ARGUMENT naming fields, CONFLICT (stale version) and
// FAILED_PRECONDITION naming status when the document is no longer a
// draft.
func (s *Service) UpdateInvoice(ctx context.Context, id uuid.UUID, expectedVersion int, in InvoiceInput) (Invoice, error) {
	if _, err := caller(ctx, PermInvoiceWrite); err != nil {
		return Invoice{}, err
	}
	st, err := s.tenantSettings(ctx)
	if err != nil {
		return Invoice{}, err
	}
	cur, err := s.Invoice(ctx, id)
	if err != nil {
		return Invoice{}, err
	}
	if in.Kind != "" && in.Kind != cur.Kind {
		return Invoice{}, errs.Field("kind", "is %s and cannot change", cur.Kind)
	}
	if cur.Kind.Note() {
		// A note stays the original's: its party, supply and withholding.
		in.Party, in.SupplyType, in.BuyerWithholdsVAT, in.SupplierRef = cur.Party, cur.SupplyType, cur.BuyerWithholdsVAT, ""
		in.AIT = nil
		if cur.AITTerms.Category != "" {
			a := cur.AITTerms
			in.AIT = &a
		}
	}
	next := cur
	if err := s.fillFromCatalog(ctx, &next, in, st, !cur.Kind.Note()); err != nil {
		return Invoice{}, err
	}
	if err := s.compute(ctx, &next); err != nil {
		return Invoice{}, err
	}
	var out Invoice
	err = s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		now, err := lockDraft(ctx, tx, id, expectedVersion)
		if err != nil {
			return err
		}
		if next.Kind.Note() {
			if err := s.checkNoteRoom(ctx, tx, &next); err != nil {
				return err
			}
		}
		next.Version = now.Version
		if now.Status == StatusHeld {
			// Corrected: a draft again, matched anew on its next submit.
			next.Status, next.Match = StatusDraft, BillMatch{}
		}
		if err := saveDraft(ctx, tx, &next, s.now().UTC()); err != nil {
			return err
		}
		out = next
		return nil
	})
	return out, err
}

// lockDraft locks invoice id and checks it is a draft, or a held bill
// (which a change returns to draft), at expectedVersion (when positive).
func lockDraft(ctx context.Context, tx *db.Tx, id uuid.UUID, expectedVersion int) (Invoice, error) {
	cur, err := invoiceByID(ctx, tx, id, true)
	if err != nil {
		return Invoice{}, err
	}
	if expectedVersion > 0 && cur.Version != expectedVersion {
		return Invoice{}, errs.Stale("invoice %s is at version %d, not %d", cur.Label(), cur.Version, expectedVersion)
	}
	if cur.Status != StatusDraft && cur.Status != StatusHeld {
		return Invoice{}, notDraft(cur)
	}
	return cur, nil
}

// notDraft refuses a change to a document that is no longer a draft,
// naming the field status.
func notDraft(inv Invoice) error {
	e := errs.E(errs.FailedPrecondition, "invoice %s is %s; only a draft can be changed", inv.Label(), inv.Status)
	if issued(inv.Status) {
		e.Message += "; issue a credit or debit note to correct it"
	}
	e.Fields = []errs.FieldError{{Field: "status", Message: "is " + inv.Status}}
	return e
}

// Invoice returns the invoice id of the caller's tenant. Needs
// finance.invoice.read. Returns NOT_FOUND, also for another tenant's id.
func (s *Service) Invoice(ctx context.Context, id uuid.UUID) (Invoice, error) {
	if _, err := caller(ctx, PermInvoiceRead); err != nil {
		return Invoice{}, err
	}
	var inv Invoice
	err := s.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) error {
		var err error
		inv, err = invoiceByID(ctx, tx, id, false)
		return err
	})
	return inv, err
}

// Invoices lists the caller's tenant's invoices, newest first, and the
// cursor of the next page. Needs finance.invoice.read.
func (s *Service) Invoices(ctx context.Context, f InvoiceFilter) ([]Invoice, string, error) {
	if _, err := caller(ctx, PermInvoiceRead); err != nil {
		return nil, "", err
	}
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	var out []Invoice
	var next string
	err := s.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) error {
		var err error
		out, next, err = listInvoices(ctx, tx, f)
		return err
	})
	return out, next, err
}

// CancelInvoice cancels a draft or a held bill (finance.invoice.write) or a submitted
// document whose approval is pending (finance.invoice.approve), recording
// reason; a matched bill gives its quantities back to its order
// (bill.unmatched). An approved document is never cancelled: a credit note
// corrects it. Returns NOT_FOUND, CONFLICT (stale version) and
// FAILED_PRECONDITION naming status.
func (s *Service) CancelInvoice(ctx context.Context, id uuid.UUID, expectedVersion int, reason string) (Invoice, error) {
	if _, err := caller(ctx, PermInvoiceWrite); err != nil {
		return Invoice{}, err
	}
	if len(reason) > 1000 {
		return Invoice{}, errs.Field("reason", "is at most 1000 characters")
	}
	var out Invoice
	var wasSubmitted bool
	err := s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		cur, err := invoiceByID(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if expectedVersion > 0 && cur.Version != expectedVersion {
			return errs.Stale("invoice %s is at version %d, not %d", cur.Label(), cur.Version, expectedVersion)
		}
		switch cur.Status {
		case StatusDraft, StatusHeld:
		case StatusSubmitted:
			if _, err := caller(ctx, PermInvoiceApprove); err != nil {
				return err
			}
		default:
			e := errs.E(errs.FailedPrecondition, "invoice %s is %s; only a draft or submitted document is cancelled", cur.Label(), cur.Status)
			if issued(cur.Status) {
				e.Message += "; issue a credit note to correct an approved one"
			}
			e.Fields = []errs.FieldError{{Field: "status", Message: "is " + cur.Status}}
			return e
		}
		now := s.now().UTC()
		unmatched, err := s.unmatchIn(ctx, tx, &cur, "the bill was cancelled: "+reason)
		if err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `UPDATE finance.invoices SET status = 'cancelled', reason = $2, updated_at = $3,
				version = version + 1, match_status = $4, match_lines = '[]' WHERE id = $1 RETURNING version`,
			id, reason, now, cur.Match.Status).Scan(&cur.Version); err != nil {
			return db.Translate(err)
		}
		wasSubmitted = cur.Status == StatusSubmitted
		cur.Status, cur.Reason, cur.UpdatedAt = StatusCancelled, reason, now
		out = cur
		return s.emit(ctx, tx, append(unmatched, invoiceEvent(EventInvoiceCancelled, cur))...)
	})
	if err == nil && wasSubmitted && out.ApprovalID != nil && s.approvals != nil {
		// The approvers' task goes too. The document is cancelled whatever
		// the workflow answers: an outcome that still arrives is ignored.
		if werr := s.approvals.Withdraw(ctx, *out.ApprovalID, "the document was cancelled: "+reason); werr != nil {
			s.log.WarnContext(ctx, "cancelled invoice's approval stays open", "invoice", id, "approval", *out.ApprovalID, "err", werr)
		}
	}
	return out, err
}
