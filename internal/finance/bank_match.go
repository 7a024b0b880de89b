package finance

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/money"
)

// MatchStatementLine confirms that a statement line records a payment:
// both are marked reconciled. The payment must be recorded, unreconciled,
// of the statement's money account, with the line's amount and
// direction; a cheque received into cheques in hand matches a deposit
// too, and the match posts its clearing (bank_clear.go). Needs finance.payment.write. Returns NOT_FOUND, and
// FAILED_PRECONDITION or INVALID_ARGUMENT naming paymentId when they do
// not match.
func (s *Service) MatchStatementLine(ctx context.Context, statementID uuid.UUID, line int, paymentID uuid.UUID) (StatementLine, error) {
	if _, err := caller(ctx, PermPaymentWrite); err != nil {
		return StatementLine{}, err
	}
	var out StatementLine
	err := s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		acct, l, err := lockStatementLine(ctx, tx, statementID, line)
		if err != nil {
			return err
		}
		if l.PaymentID != nil {
			return errs.E(errs.FailedPrecondition, "line %d is already matched to payment %s; unmatch it first", line, *l.PaymentID)
		}
		p, err := paymentByID(ctx, tx, paymentID, true)
		if errs.Is(err, errs.NotFound) {
			return errs.Field("paymentId", "no payment %s", paymentID)
		}
		if err != nil {
			return err
		}
		inHand, err := chequesInHand(ctx, tx)
		if err != nil {
			return err
		}
		signed := p.Amount.Minor()
		if p.Kind == Disbursement {
			signed = -signed
		}
		switch {
		case p.Status != PaymentRecorded:
			return errs.Field("paymentId", "payment %s is %s", p.Number, p.Status)
		case p.Reconciled != nil:
			return errs.Field("paymentId", "payment %s is already reconciled with line %d of statement %s", p.Number,
				p.Reconciled.Line, p.Reconciled.StatementID)
		case p.AccountID != acct && !clears(p, acct, inHand):
			return errs.Field("paymentId", "payment %s moved money through another account than this statement's", p.Number)
		case signed != l.Amount:
			return errs.Field("paymentId", "payment %s is a %s of %s; the line is %s", p.Number, p.Kind, p.Amount, money.New(l.Amount, money.BDT))
		}
		if clears(p, acct, inHand) {
			if err := s.clearCheque(ctx, tx, p, acct, l.Date); err != nil {
				return err
			}
		}
		now := s.now().UTC()
		actor := authz.Actor(ctx)
		if _, err := tx.Exec(ctx, `UPDATE finance.bank_statement_lines SET payment_id = $3, matched_by = $4, matched_at = $5
			WHERE statement_id = $1 AND line = $2`, statementID, line, paymentID, actor, now); err != nil {
			return fmt.Errorf("match line: %w", db.Translate(err))
		}
		if _, err := tx.Exec(ctx, `UPDATE finance.payments SET reconciled_statement = $2, reconciled_line = $3, version = version + 1,
			updated_at = $4 WHERE id = $1`, paymentID, statementID, line, now); err != nil {
			return fmt.Errorf("mark payment reconciled: %w", db.Translate(err))
		}
		l.PaymentID, l.MatchedBy, l.MatchedAt = &paymentID, actor, &now
		out = l
		return nil
	})
	return out, err
}

// UnmatchStatementLine undoes a confirmed match: the line and its payment
// are unreconciled again, and a cheque's clearing journal is reversed. Needs finance.payment.write. Returns NOT_FOUND,
// and FAILED_PRECONDITION when the line is not matched.
func (s *Service) UnmatchStatementLine(ctx context.Context, statementID uuid.UUID, line int) (StatementLine, error) {
	if _, err := caller(ctx, PermPaymentWrite); err != nil {
		return StatementLine{}, err
	}
	var out StatementLine
	err := s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		_, l, err := lockStatementLine(ctx, tx, statementID, line)
		if err != nil {
			return err
		}
		if l.PaymentID == nil {
			return errs.E(errs.FailedPrecondition, "line %d is not matched", line)
		}
		p, err := paymentByID(ctx, tx, *l.PaymentID, true)
		if err != nil {
			return err
		}
		if err := s.unclearCheque(ctx, tx, p); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE finance.payments SET reconciled_statement = NULL, reconciled_line = NULL,
			version = version + 1, updated_at = now() WHERE id = $1`, *l.PaymentID); err != nil {
			return fmt.Errorf("unreconcile payment: %w", db.Translate(err))
		}
		if _, err := tx.Exec(ctx, `UPDATE finance.bank_statement_lines SET payment_id = NULL, matched_by = '', matched_at = NULL
			WHERE statement_id = $1 AND line = $2`, statementID, line); err != nil {
			return fmt.Errorf("unmatch line: %w", db.Translate(err))
		}
		l.PaymentID, l.MatchedBy, l.MatchedAt = nil, "", nil
		out = l
		return nil
	})
	return out, err
}

// lockStatementLine reads a line for update, with its statement's money
// account. Returns NOT_FOUND naming the statement or the line.
func lockStatementLine(ctx context.Context, tx *db.Tx, statementID uuid.UUID, line int) (uuid.UUID, StatementLine, error) {
	var acct uuid.UUID
	if err := tx.QueryRow(ctx, `SELECT account_id FROM finance.bank_statements WHERE id = $1`, statementID).Scan(&acct); err != nil {
		if errs.Is(db.Translate(err), errs.NotFound) {
			return uuid.Nil, StatementLine{}, errs.E(errs.NotFound, "bank statement %s not found", statementID)
		}
		return uuid.Nil, StatementLine{}, fmt.Errorf("read statement: %w", err)
	}
	l := StatementLine{Line: line}
	err := tx.QueryRow(ctx, `SELECT date, description, reference, amount, payment_id, matched_by, matched_at
		FROM finance.bank_statement_lines WHERE statement_id = $1 AND line = $2 FOR UPDATE`, statementID, line).
		Scan(&l.Date, &l.Description, &l.Reference, &l.Amount, &l.PaymentID, &l.MatchedBy, &l.MatchedAt)
	if err != nil {
		if errs.Is(db.Translate(err), errs.NotFound) {
			return uuid.Nil, StatementLine{}, errs.E(errs.NotFound, "bank statement %s has no line %d", statementID, line)
		}
		return uuid.Nil, StatementLine{}, fmt.Errorf("read statement line: %w", err)
	}
	return acct, l, nil
}
