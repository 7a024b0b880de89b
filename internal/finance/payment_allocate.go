package finance

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/money"
)

// Allocate settles more of a recorded payment's advance against the
// party's invoices, and appends payment.allocated. Needs
// finance.payment.write.
//
// Returns INVALID_ARGUMENT naming the allocation at fault (more than the
// advance, more than an invoice's outstanding amount, an invoice of
// another party or kind, or not approved), NOT_FOUND, and
// FAILED_PRECONDITION for a reversed payment.
func (s *Service) Allocate(ctx context.Context, paymentID uuid.UUID, as []Allocation) (Payment, error) {
	if _, err := caller(ctx, PermPaymentWrite); err != nil {
		return Payment{}, err
	}
	c := &errs.Collector{}
	c.Check(len(as) > 0, "allocations", "name at least one invoice")
	checkAllocations(c, as, money.Amount{})
	if err := c.Err(); err != nil {
		return Payment{}, err
	}
	var p Payment
	err := s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) (err error) {
		if p, err = paymentByID(ctx, tx, paymentID, true); err != nil {
			return err
		}
		if p.Status != PaymentRecorded {
			return errs.E(errs.FailedPrecondition, "payment %s is %s; only a recorded payment is allocated", p.Number, p.Status)
		}
		if err := applyAllocations(ctx, tx, &p, as); err != nil {
			return err
		}
		if p, err = paymentByID(ctx, tx, paymentID, false); err != nil {
			return err
		}
		ev, err := paymentAllocatedEvent(ctx, tx, &p, as)
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

// sideOf is the side of the invoices a payment of kind settles: a
// receipt settles sales invoices and the debit notes raised on them, a
// disbursement purchase bills and theirs. Credit notes are not settled
// by payments: an approved credit note lowers what the party owes, and
// the ageing counts it against the party (docs/finance.md).
func sideOf(k PaymentKind) string {
	if k == Receipt {
		return "sales"
	}
	return "purchase"
}

// lockedInvoice is what allocating needs of an invoice, read under its
// row lock.
type lockedInvoice struct {
	kind, side, status, number, currency string
	party                                uuid.UUID
	payable, paid                        int64
}

// lockInvoices reads ids' invoices FOR UPDATE, in id order so that
// concurrent allocations and reversals never deadlock.
func lockInvoices(ctx context.Context, tx *db.Tx, ids []uuid.UUID) (map[uuid.UUID]lockedInvoice, error) {
	ids = slices.Clone(ids)
	slices.SortFunc(ids, func(a, b uuid.UUID) int { return slices.Compare(a[:], b[:]) })
	rows, err := tx.Query(ctx, `SELECT id, kind, side, status, coalesce(number, ''), currency, party_id, payable, paid
		FROM finance.invoices WHERE id = ANY($1) ORDER BY id FOR UPDATE`, ids)
	if err != nil {
		return nil, fmt.Errorf("lock invoices: %w", err)
	}
	defer rows.Close()
	out := map[uuid.UUID]lockedInvoice{}
	for rows.Next() {
		var id uuid.UUID
		var inv lockedInvoice
		if err := rows.Scan(&id, &inv.kind, &inv.side, &inv.status, &inv.number, &inv.currency, &inv.party, &inv.payable, &inv.paid); err != nil {
			return nil, fmt.Errorf("lock invoices: %w", err)
		}
		out[id] = inv
	}
	return out, rows.Err()
}

// applyAllocations settles as against p's party's invoices:
// lockAllocated, then storeAllocations.
func applyAllocations(ctx context.Context, tx *db.Tx, p *Payment, as []Allocation) error {
	if err := lockAllocated(ctx, tx, p, as); err != nil {
		return err
	}
	return storeAllocations(ctx, tx, p, as)
}

// lockAllocated takes the row locks of as's invoices and checks as
// against them and against p's advance. as were checked alone
// (checkAllocations). Recording a payment calls it before taking any
// number, so a payment waits for an invoice's lock holding none.
func lockAllocated(ctx context.Context, tx *db.Tx, p *Payment, as []Allocation) error {
	if len(as) == 0 {
		return nil
	}
	var sum int64
	ids := make([]uuid.UUID, len(as))
	for i, a := range as {
		sum += a.Amount.Minor()
		ids[i] = a.InvoiceID
	}
	if left := p.Unallocated(); sum > left.Minor() {
		return errs.Field("allocations", "allocate %s in all, more than the %s left on payment %s",
			money.New(sum, p.Amount.Currency()), left, p.Number)
	}
	invs, err := lockInvoices(ctx, tx, ids)
	if err != nil {
		return err
	}
	c := &errs.Collector{}
	want := sideOf(p.Kind)
	for i, a := range as {
		f := "allocations[" + strconv.Itoa(i) + "]"
		inv, ok := invs[a.InvoiceID]
		switch {
		case !ok:
			c.Add(f+".invoiceId", "no invoice %s", a.InvoiceID)
		case inv.side != want || inv.kind == "credit_note":
			c.Add(f+".invoiceId", "invoice %s is a %s %s; a %s settles %s invoices and debit notes", inv.label(a.InvoiceID), inv.side,
				inv.kind, p.Kind, want)
		case inv.party != p.PartyID:
			c.Add(f+".invoiceId", "invoice %s is of another party", inv.label(a.InvoiceID))
		case inv.status != "approved" && inv.status != "partially_paid":
			c.Add(f+".invoiceId", "invoice %s is %s; only an approved or partially paid invoice is settled", inv.label(a.InvoiceID), inv.status)
		case inv.currency != string(a.Amount.Currency()):
			c.Add(f+".amount", "invoice %s is in %s", inv.label(a.InvoiceID), inv.currency)
		case a.Amount.Minor() > inv.payable-inv.paid:
			c.Add(f+".amount", "is more than the %s outstanding on invoice %s", money.New(inv.payable-inv.paid, money.Currency(inv.currency)),
				inv.label(a.InvoiceID))
		}
	}
	return c.Err()
}

// storeAllocations settles as, which lockAllocated checked under the
// invoices' row locks: each invoice's paid grows, approved becoming
// partially_paid and then paid, never past payable; the allocations are
// stored and p.Allocated grows.
func storeAllocations(ctx context.Context, tx *db.Tx, p *Payment, as []Allocation) error {
	if len(as) == 0 {
		return nil
	}
	var sum int64
	ids, amounts := make([]uuid.UUID, len(as)), make([]int64, len(as))
	for i, a := range as {
		sum += a.Amount.Minor()
		ids[i], amounts[i] = a.InvoiceID, a.Amount.Minor()
	}
	_, err := tx.Exec(ctx, `UPDATE finance.invoices i
		SET paid = i.paid + u.amount, status = CASE WHEN i.paid + u.amount = i.payable THEN 'paid' ELSE 'partially_paid' END,
			version = i.version + 1, updated_at = now()
		FROM unnest($1::uuid[], $2::bigint[]) AS u(id, amount) WHERE i.id = u.id`, ids, amounts)
	if err != nil {
		return fmt.Errorf("settle invoices: %w", db.Translate(err))
	}
	_, err = tx.Exec(ctx, `INSERT INTO finance.payment_allocations AS a (tenant_id, payment_id, invoice_id, amount, created_by)
		SELECT current_setting('app.tenant_id')::uuid, $1, u.id, u.amount, $4 FROM unnest($2::uuid[], $3::bigint[]) AS u(id, amount)
		ON CONFLICT (tenant_id, payment_id, invoice_id) DO UPDATE SET amount = a.amount + excluded.amount, updated_at = now()`,
		p.ID, ids, amounts, authz.Actor(ctx))
	if err != nil {
		return fmt.Errorf("store allocations: %w", db.Translate(err))
	}
	err = tx.QueryRow(ctx, `UPDATE finance.payments SET allocated = allocated + $2, version = version + 1, updated_at = now()
		WHERE id = $1 RETURNING allocated, version, updated_at`, p.ID, sum).Scan(new(int64), &p.Version, &p.UpdatedAt)
	if err != nil {
		return fmt.Errorf("update payment: %w", db.Translate(err))
	}
	p.Allocated = money.New(p.Allocated.Minor()+sum, p.Amount.Currency())
	p.Allocations = mergeAllocations(p.Allocations, as)
	return nil
}

// mergeAllocations adds as to have, summing what one invoice receives.
func mergeAllocations(have, as []Allocation) []Allocation {
	out := slices.Clone(have)
	for _, a := range as {
		i := slices.IndexFunc(out, func(x Allocation) bool { return x.InvoiceID == a.InvoiceID })
		if i < 0 {
			out = append(out, a)
			continue
		}
		out[i].Amount = money.New(out[i].Amount.Minor()+a.Amount.Minor(), a.Amount.Currency())
	}
	return out
}

func (inv lockedInvoice) label(id uuid.UUID) string {
	if inv.number != "" {
		return inv.number
	}
	return id.String()
}
