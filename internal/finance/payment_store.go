package finance

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/vextrus/vextrus/internal/platform/bd"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/money"
)

const paymentColumns = `id, number, kind, status, party_id, date, method, account_id, amount, allocated, currency, reference,
	cheque_number, cheque_bank, cheque_date, wallet_provider, wallet_number, transaction_id, memo, journal_id,
	reversal_journal_id, reversed_on, reverse_reason, reconciled_statement, reconciled_line, created_by, created_at,
	updated_at, version`

// fromDBPayment builds a payment from its row; the row passed the
// table's checks, so it is not validated again.
func fromDBPayment(row pgx.Row) (Payment, error) {
	var p Payment
	var kind, method, currency, chequeNo, chequeBank, provider, wallet, trx string
	var amount, allocated int64
	var chequeDate *time.Time
	var stmt *uuid.UUID
	var line *int32
	err := row.Scan(&p.ID, &p.Number, &kind, &p.Status, &p.PartyID, &p.Date, &method, &p.AccountID, &amount, &allocated,
		&currency, &p.Reference, &chequeNo, &chequeBank, &chequeDate, &provider, &wallet, &trx, &p.Memo, &p.JournalID,
		&p.ReversalJournalID, &p.ReversedOn, &p.ReverseReason, &stmt, &line, &p.CreatedBy, &p.CreatedAt, &p.UpdatedAt, &p.Version)
	if err != nil {
		return p, err
	}
	p.Kind, p.Method = PaymentKind(kind), PaymentMethod(method)
	cur := money.Currency(currency)
	p.Amount, p.Allocated = money.New(amount, cur), money.New(allocated, cur)
	if p.Method == MethodCheque {
		p.Cheque = &Cheque{Number: chequeNo, Bank: chequeBank, Date: chequeDate}
	}
	if p.Method == MethodWallet {
		p.Wallet = &Wallet{Provider: provider, Number: bd.Mobile(wallet), TransactionID: trx}
	}
	if stmt != nil && line != nil {
		p.Reconciled = &StatementLineRef{StatementID: *stmt, Line: int(*line)}
	}
	return p, nil
}

// paymentByID reads a payment with its allocations; lock takes its row
// for update. Returns NOT_FOUND.
func paymentByID(ctx context.Context, tx *db.Tx, id uuid.UUID, lock bool) (Payment, error) {
	q := `SELECT ` + paymentColumns + ` FROM finance.payments WHERE id = $1`
	if lock {
		q += ` FOR UPDATE`
	}
	p, err := fromDBPayment(tx.QueryRow(ctx, q, id))
	if err != nil {
		if errs.Is(db.Translate(err), errs.NotFound) {
			return Payment{}, errs.E(errs.NotFound, "payment %s not found", id)
		}
		return Payment{}, fmt.Errorf("read payment: %w", err)
	}
	p.Allocations, err = allocationsOf(ctx, tx, p.ID, p.Amount.Currency())
	return p, err
}

func allocationsOf(ctx context.Context, tx *db.Tx, id uuid.UUID, cur money.Currency) ([]Allocation, error) {
	rows, err := tx.Query(ctx, `SELECT invoice_id, amount FROM finance.payment_allocations WHERE payment_id = $1
		ORDER BY created_at, invoice_id`, id)
	if err != nil {
		return nil, fmt.Errorf("read allocations: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Allocation, error) {
		var a Allocation
		var minor int64
		err := r.Scan(&a.InvoiceID, &minor)
		a.Amount = money.New(minor, cur)
		return a, err
	})
	if err != nil {
		return nil, fmt.Errorf("read allocations: %w", err)
	}
	return out, nil
}

// insertPayment stores p, recorded, with its journal already posted.
func insertPayment(ctx context.Context, tx *db.Tx, p *Payment) error {
	var chequeNo, chequeBank, provider, wallet, trx string
	var chequeDate *time.Time
	if p.Cheque != nil {
		chequeNo, chequeBank, chequeDate = p.Cheque.Number, p.Cheque.Bank, p.Cheque.Date
	}
	if p.Wallet != nil {
		provider, wallet, trx = p.Wallet.Provider, p.Wallet.Number.String(), p.Wallet.TransactionID
	}
	_, err := tx.Exec(ctx, `INSERT INTO finance.payments (tenant_id, id, number, kind, status, party_id, date, method, account_id,
			amount, allocated, currency, reference, cheque_number, cheque_bank, cheque_date, wallet_provider, wallet_number,
			transaction_id, memo, journal_id, created_by, created_at, updated_at)
		VALUES (current_setting('app.tenant_id')::uuid, $1, $2, $3, 'recorded', $4, $5, $6, $7, $8, 0, $9, $10, $11, $12, $13,
			$14, $15, $16, $17, $18, $19, $20, $20)`,
		p.ID, p.Number, string(p.Kind), p.PartyID, p.Date, string(p.Method), p.AccountID, p.Amount.Minor(),
		string(p.Amount.Currency()), p.Reference, chequeNo, chequeBank, chequeDate, provider, wallet, trx, p.Memo, p.JournalID,
		p.CreatedBy, p.CreatedAt)
	if err != nil {
		return fmt.Errorf("store payment: %w", db.Translate(err))
	}
	return nil
}
