package finance

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

// A cheque received is recorded into cheques in hand; the bank statement
// shows it when it clears. Matching the statement's deposit to such a
// receipt posts the clearing journal (the statement's account debited,
// cheques in hand credited, on the line's date), and unmatching reverses
// it. The clearing journal is the payment's (source payment, its id), so
// the ledger ties it to the receipt.

// chequesInHand is the tenant's cheques in hand account, uuid.Nil when
// the chart has none.
func chequesInHand(ctx context.Context, tx *db.Tx) (uuid.UUID, error) {
	var id uuid.UUID
	err := tx.QueryRow(ctx, `SELECT id FROM finance.accounts WHERE role = $1`, string(RoleChequesInHand)).Scan(&id)
	if err != nil && !errs.Is(db.Translate(err), errs.NotFound) {
		return uuid.Nil, fmt.Errorf("cheques in hand account: %w", err)
	}
	return id, nil
}

// clears reports whether matching p to a line of a statement of account
// acct clears a cheque held in inHand.
func clears(p Payment, acct, inHand uuid.UUID) bool {
	return p.Kind == Receipt && p.Method == MethodCheque && p.AccountID == inHand && inHand != uuid.Nil && acct != inHand
}

// clearCheque posts the journal that moves p's cheque from cheques in
// hand to acct on date.
func (s *Service) clearCheque(ctx context.Context, tx *db.Tx, p Payment, acct uuid.UUID, date time.Time) error {
	memo := "Cheque cleared: " + p.Number
	if p.Cheque != nil {
		memo = "Cheque " + p.Cheque.Number + " cleared: " + p.Number
	}
	id := p.ID
	j := Journal{Date: date, Source: SourcePayment, SourceID: &id, Memo: memo, Currency: string(p.Amount.Currency()), Lines: []Line{
		{AccountID: acct, Debit: p.Amount.Minor(), Memo: memo},
		{AccountID: p.AccountID, Credit: p.Amount.Minor(), Memo: memo},
	}}
	return s.post(ctx, tx, &j, "date")
}

// unclearCheque reverses p's clearing journal, if it has one, on its own
// date.
func (s *Service) unclearCheque(ctx context.Context, tx *db.Tx, p Payment) error {
	var id uuid.UUID
	var date time.Time
	err := tx.QueryRow(ctx, `SELECT id, date FROM finance.journals WHERE source = 'payment' AND source_id = $1 AND id <> $2
		AND status = 'posted' FOR UPDATE`, p.ID, p.JournalID).Scan(&id, &date)
	if errs.Is(db.Translate(err), errs.NotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read clearing journal: %w", err)
	}
	_, err = s.reverse(ctx, tx, id, date, "Cheque clearing undone: "+p.Number)
	return err
}
