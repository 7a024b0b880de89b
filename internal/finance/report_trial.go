package finance

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

// TrialBalanceRow is one account's balance in a trial balance: the net
// of its postings, in the debit column when the debits exceed the
// credits and in the credit column otherwise.
type TrialBalanceRow struct {
	AccountID uuid.UUID
	Code      string
	Name      string
	Type      AccountType
	// Debit and Credit are the balance in its column; one is zero.
	Debit, Credit int64
	// Balance is the balance on the account's normal side: positive when
	// an asset or expense has a debit balance, or another type a credit
	// balance.
	Balance int64
	// Moved is false for an account with no posting up to the date.
	Moved bool
}

// TrialBalance lists the accounts' balances as of a date; its debit and
// credit totals are equal whenever the ledger balances, which the
// database guarantees.
type TrialBalance struct {
	AsOf        time.Time
	Rows        []TrialBalanceRow
	TotalDebit  int64
	TotalCredit int64
}

// TrialBalanceSQL is the trial balance's one statement: $1 the as-of
// date, $2 the first day of its month, $3 whether accounts without
// postings are listed too. The bench runs it bare as its baseline.
const TrialBalanceSQL = `SELECT a.id, a.code, a.name, a.type, b.debit, b.credit, b.n > 0
			FROM finance.accounts a CROSS JOIN LATERAL (
				SELECT coalesce(sum(x.debit), 0)::bigint AS debit, coalesce(sum(x.credit), 0)::bigint AS credit, count(*) AS n FROM (
					SELECT m.debit, m.credit FROM finance.account_period_balances m
					 WHERE m.tenant_id = a.tenant_id AND m.account_id = a.id AND m.month < $2
					UNION ALL
					SELECT d.debit, d.credit FROM finance.account_balances d
					 WHERE d.tenant_id = a.tenant_id AND d.account_id = a.id AND d.date >= $2 AND d.date <= $1) x) b
			WHERE NOT a.header AND ($3 OR b.n > 0)
			ORDER BY a.code`

// TrialBalance returns the balances of the tenant's accounts as of asOf
// (postings dated on or before it), in code order: the accounts with
// postings up to then, or every account that takes postings when all.
// It is one aggregate over the balances kept per account and period
// for the months before asOf's (finance.account_period_balances) and per
// account and day for its own month (finance.account_balances), never
// the journal lines, so its cost grows with accounts and months, not with
// postings. Needs finance.report.read.
// Returns INVALID_ARGUMENT naming asOf when it is missing.
func (s *Service) TrialBalance(ctx context.Context, asOf time.Time, all bool) (TrialBalance, error) {
	if _, err := caller(ctx, PermReportRead); err != nil {
		return TrialBalance{}, err
	}
	if asOf.IsZero() {
		return TrialBalance{}, errs.Field("asOf", "is required")
	}
	tb := TrialBalance{AsOf: asOf}
	err := s.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) error {
		rows, err := tx.Query(ctx, TrialBalanceSQL, asOf, monthOf(asOf), all)
		if err != nil {
			return fmt.Errorf("trial balance: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var r TrialBalanceRow
			var typ string
			var debit, credit int64
			if err := rows.Scan(&r.AccountID, &r.Code, &r.Name, &typ, &debit, &credit, &r.Moved); err != nil {
				return fmt.Errorf("trial balance: %w", err)
			}
			r.Type = AccountType(typ)
			net := debit - credit
			if net > 0 {
				r.Debit = net
			} else {
				r.Credit = -net
			}
			r.Balance = normalBalance(r.Type, debit, credit)
			tb.TotalDebit += r.Debit
			tb.TotalCredit += r.Credit
			tb.Rows = append(tb.Rows, r)
		}
		return rows.Err()
	})
	return tb, err
}

// monthOf is the first day of d's month.
func monthOf(d time.Time) time.Time { return time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, time.UTC) }

// normalBalance is debit − credit for a debit-normal account and
// credit − debit for the others.
func normalBalance(t AccountType, debit, credit int64) int64 {
	if t.DebitNormal() {
		return debit - credit
	}
	return credit - debit
}
