package finance

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/money"
)

// Proposal is a payment that may be what a statement line records: same
// money account, amount and direction, dated within matchWindowDays of
// the line. Score (0 to 100) ranks them: 50 for that, less 5 a day
// apart, plus 50 when the line's reference equals the payment's
// reference, cheque number, wallet transaction id or number, or 30 when
// one of those appears in the line's description.
type Proposal struct {
	PaymentID uuid.UUID
	Number    string
	Date      time.Time
	Kind      PaymentKind
	Method    PaymentMethod
	Score     int
	// MatchedOn says what raised the score: "reference", "description" or
	// "" (amount and date only).
	MatchedOn string
}

// matchWindowDays is how far apart a line and its payment may be dated.
const matchWindowDays = 3

// maxProposals bounds the proposals of one line.
const maxProposals = 5

// candidate is an unreconciled payment a line may match.
type candidate struct {
	Proposal
	amount int64 // signed like a statement line
	keys   []string
}

// proposeMatches fills the proposals of lines' unmatched lines from the
// recorded, unreconciled payments of accountID around their dates.
func proposeMatches(ctx context.Context, tx *db.Tx, accountID uuid.UUID, lines []StatementLine) ([]StatementLine, error) {
	var from, to time.Time
	for _, l := range lines {
		if l.PaymentID != nil {
			continue
		}
		if from.IsZero() || l.Date.Before(from) {
			from = l.Date
		}
		if l.Date.After(to) {
			to = l.Date
		}
	}
	if from.IsZero() {
		return lines, nil
	}
	rows, err := tx.Query(ctx, `SELECT id, number, date, kind, method, CASE WHEN kind = 'receipt' THEN amount ELSE -amount END,
			reference, cheque_number, transaction_id
		FROM finance.payments WHERE account_id = $1 AND status = 'recorded' AND reconciled_statement IS NULL
			AND date BETWEEN $2::date - $4::int AND $3::date + $4::int`, accountID, from, to, matchWindowDays)
	if err != nil {
		return nil, fmt.Errorf("read match candidates: %w", err)
	}
	var cands []candidate
	for rows.Next() {
		var c candidate
		var kind, method, ref, cheque, trx string
		if err := rows.Scan(&c.PaymentID, &c.Number, &c.Date, &kind, &method, &c.amount, &ref, &cheque, &trx); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read match candidates: %w", err)
		}
		c.Kind, c.Method = PaymentKind(kind), PaymentMethod(method)
		for _, k := range []string{ref, cheque, trx, c.Number} {
			if k = matchKey(k); len(k) >= 4 {
				c.keys = append(c.keys, k)
			}
		}
		cands = append(cands, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read match candidates: %w", err)
	}
	for i := range lines {
		if lines[i].PaymentID == nil {
			lines[i].Proposals = proposalsFor(lines[i], cands)
		}
	}
	return lines, nil
}

// proposalsFor scores cands against line, best first.
func proposalsFor(line StatementLine, cands []candidate) []Proposal {
	ref, desc := matchKey(line.Reference), matchKey(line.Description)
	var out []Proposal
	for _, c := range cands {
		days := int(line.Date.Sub(c.Date).Hours() / 24)
		if days < 0 {
			days = -days
		}
		if c.amount != line.Amount || days > matchWindowDays {
			continue
		}
		p := c.Proposal
		p.Score = 50 - 5*days
		for _, k := range c.keys {
			if ref == k {
				p.Score, p.MatchedOn = 100-5*days, "reference"
				break
			}
			if p.MatchedOn == "" && strings.Contains(desc, k) {
				p.Score, p.MatchedOn = 80-5*days, "description"
			}
		}
		out = append(out, p)
	}
	slices.SortStableFunc(out, func(a, b Proposal) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), a.Date.Compare(b.Date), cmp.Compare(a.Number, b.Number))
	})
	if len(out) > maxProposals {
		out = out[:maxProposals]
	}
	return out
}

// matchKey is s without case, spaces, dashes and slashes, so "CHQ 0045-127"
// and "chq0045127" compare equal.
func matchKey(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '-', '/', '.', '_', '#':
			return -1
		}
		return r
	}, strings.ToUpper(strings.TrimSpace(s)))
}

// MatchStatementLine confirms that a statement line records a payment:
// both are marked reconciled. The payment must be recorded, unreconciled,
// of the statement's money account, with the line's amount and
// direction. Needs finance.payment.write. Returns NOT_FOUND, and
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
		case p.AccountID != acct:
			return errs.Field("paymentId", "payment %s moved money through another account than this statement's", p.Number)
		case signed != l.Amount:
			return errs.Field("paymentId", "payment %s is a %s of %s; the line is %s", p.Number, p.Kind, p.Amount, money.New(l.Amount, money.BDT))
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
// are unreconciled again. Needs finance.payment.write. Returns NOT_FOUND,
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
