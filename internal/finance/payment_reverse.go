package finance

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

// ReversePayment says when and why a payment is undone: a bounced
// cheque, a transfer recalled, a payment recorded in error.
type ReversePayment struct {
	// Date is the reversing journal's date; zero is the tenant's today.
	// It is never before the payment's.
	Date   time.Time
	Reason string
}

// ReversePayment undoes a recorded payment: it posts the journal that
// reverses the payment's, gives every allocation back to its invoice
// (paid shrinks; paid becomes partially_paid or approved again), marks
// the payment reversed and appends payment.reversed, in one transaction.
// A payment confirmed against a bank statement line is unmatched first.
// Needs finance.payment.write.
//
// Returns INVALID_ARGUMENT naming reason or date, NOT_FOUND, and
// FAILED_PRECONDITION when the payment is already reversed, reconciled,
// or the date's period is closed.
func (s *Service) ReversePayment(ctx context.Context, id uuid.UUID, r ReversePayment) (Payment, error) {
	if _, err := caller(ctx, PermPaymentWrite); err != nil {
		return Payment{}, err
	}
	r.Reason = strings.TrimSpace(r.Reason)
	if r.Reason == "" || len(r.Reason) > 500 {
		return Payment{}, errs.Field("reason", "is required, at most 500 characters")
	}
	if r.Date.IsZero() {
		st, err := s.tenantSettings(ctx)
		if err != nil {
			return Payment{}, err
		}
		r.Date = st.Today(s.now())
	}
	r.Date = Date(r.Date, r.Date.Location())
	var p Payment
	err := s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) (err error) {
		if p, err = paymentByID(ctx, tx, id, true); err != nil {
			return err
		}
		switch {
		case p.Status != PaymentRecorded:
			return errs.E(errs.FailedPrecondition, "payment %s is already %s", p.Number, p.Status)
		case p.Reconciled != nil:
			return errs.E(errs.FailedPrecondition, "payment %s is reconciled with a bank statement line; unmatch it first", p.Number)
		case r.Date.Before(p.Date):
			return errs.Field("date", "a reversal cannot be dated before the payment (%s)", p.Date.Format(DateLayout))
		}
		rev, err := s.reverse(ctx, tx, p.JournalID, r.Date, "Reversal of "+p.Number+": "+r.Reason)
		if err != nil {
			return err
		}
		if err := undoAllocations(ctx, tx, p.Allocations); err != nil {
			return err
		}
		err = tx.QueryRow(ctx, `UPDATE finance.payments SET status = 'reversed', reversal_journal_id = $2, reversed_on = $3,
				reverse_reason = $4, version = version + 1, updated_at = now()
			WHERE id = $1 RETURNING version, updated_at`, p.ID, rev.ID, r.Date, r.Reason).Scan(&p.Version, &p.UpdatedAt)
		if err != nil {
			return fmt.Errorf("mark payment reversed: %w", db.Translate(err))
		}
		p.Status, p.ReversalJournalID, p.ReversedOn, p.ReverseReason = PaymentReversed, &rev.ID, &r.Date, r.Reason
		ev, err := paymentReversedEvent(ctx, tx, &p)
		if err != nil {
			return err
		}
		return s.emit(ctx, tx, ev)
	})
	if err != nil {
		return Payment{}, err
	}
	return p, nil
}

// undoAllocations gives as back to their invoices under their row locks:
// paid shrinks by each, and the status follows what is left paid.
func undoAllocations(ctx context.Context, tx *db.Tx, as []Allocation) error {
	if len(as) == 0 {
		return nil
	}
	ids, amounts := make([]uuid.UUID, len(as)), make([]int64, len(as))
	for i, a := range as {
		ids[i], amounts[i] = a.InvoiceID, a.Amount.Minor()
	}
	invs, err := lockInvoices(ctx, tx, ids)
	if err != nil {
		return err
	}
	for i, id := range ids {
		inv, ok := invs[id]
		if !ok || inv.paid < amounts[i] || inv.status != "partially_paid" && inv.status != "paid" {
			return errs.E(errs.FailedPrecondition, "invoice %s no longer holds this payment's %d poisha; it cannot be given back",
				inv.label(id), amounts[i])
		}
	}
	_, err = tx.Exec(ctx, `UPDATE finance.invoices i
		SET paid = i.paid - u.amount, status = CASE WHEN i.paid - u.amount = 0 THEN 'approved' ELSE 'partially_paid' END,
			version = i.version + 1, updated_at = now()
		FROM unnest($1::uuid[], $2::bigint[]) AS u(id, amount) WHERE i.id = u.id`, ids, amounts)
	if err != nil {
		return fmt.Errorf("give allocations back: %w", db.Translate(err))
	}
	return nil
}
