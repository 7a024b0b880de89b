package finance

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

// LedgerEntry is one posted line of an account's general ledger with the
// balance after it.
type LedgerEntry struct {
	Date          time.Time
	JournalID     uuid.UUID
	JournalNumber string
	Line          int
	// Memo is the line's memo, or the journal's when the line has none.
	Memo          string
	PartyID       *uuid.UUID
	Debit, Credit int64
	// Balance is the account's balance after the line, on its normal side.
	Balance int64
}

// Ledger is one page of an account's general ledger between two dates.
type Ledger struct {
	Account  Account
	From, To time.Time
	// Opening is the balance before From, Closing the balance at the end
	// of To, both on the account's normal side; TotalDebit and
	// TotalCredit are the postings between them.
	Opening, Closing        int64
	TotalDebit, TotalCredit int64
	Entries                 []LedgerEntry
	NextCursor              string
}

// LedgerQuery selects a general ledger page.
type LedgerQuery struct {
	AccountID uuid.UUID
	From, To  time.Time
	Limit     int
	Cursor    string
}

// GeneralLedger returns the lines posted to an account between From and
// To (both included) in posting order, a page at a time, with the
// running balance. The opening balance comes from the monthly and daily
// balances, the totals from the daily ones; the lines from the account's (tenant, account, date)
// index, so a page costs the same however long the ledger. Needs
// finance.report.read. Returns INVALID_ARGUMENT naming from, to, limit
// or cursor, NOT_FOUND for an unknown account.
func (s *Service) GeneralLedger(ctx context.Context, q LedgerQuery) (Ledger, error) {
	if _, err := caller(ctx, PermReportRead); err != nil {
		return Ledger{}, err
	}
	c := &errs.Collector{}
	c.Check(!q.From.IsZero(), "from", "is required")
	c.Check(!q.To.IsZero(), "to", "is required")
	c.Check(q.From.IsZero() || q.To.IsZero() || !q.To.Before(q.From), "to", "must not be before from")
	if q.Limit <= 0 {
		q.Limit = 100
	}
	c.Check(q.Limit <= 1000, "limit", "must be at most 1000")
	after, err := decodeKeyCursor(q.Cursor)
	c.Check(err == nil && (after == nil || !after.Date.Before(q.From) && !after.Date.After(q.To)), "cursor",
		"is not a cursor of this ledger")
	if err := c.Err(); err != nil {
		return Ledger{}, err
	}
	l := Ledger{From: q.From, To: q.To}
	err = s.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) error {
		var err error
		if l.Account, err = accountByID(ctx, tx, q.AccountID); err != nil {
			return err
		}
		var od, oc, md, mc int64
		err = tx.QueryRow(ctx, `SELECT
				(SELECT coalesce(sum(debit), 0) FROM finance.account_period_balances WHERE account_id = $1 AND month < $4)::bigint
				+ coalesce(sum(debit) FILTER (WHERE date < $2), 0)::bigint,
				(SELECT coalesce(sum(credit), 0) FROM finance.account_period_balances WHERE account_id = $1 AND month < $4)::bigint
				+ coalesce(sum(credit) FILTER (WHERE date < $2), 0)::bigint,
				coalesce(sum(debit) FILTER (WHERE date >= $2), 0)::bigint, coalesce(sum(credit) FILTER (WHERE date >= $2), 0)::bigint
			FROM finance.account_balances WHERE account_id = $1 AND date >= $4 AND date <= $3`,
			q.AccountID, q.From, q.To, monthOf(q.From)).Scan(&od, &oc, &md, &mc)
		if err != nil {
			return fmt.Errorf("ledger balances: %w", err)
		}
		l.Opening = normalBalance(l.Account.Type, od, oc)
		l.TotalDebit, l.TotalCredit = md, mc
		l.Closing = l.Opening + normalBalance(l.Account.Type, md, mc)
		running := l.Opening
		if after != nil {
			if running, err = balanceThrough(ctx, tx, l.Account, q.From, *after); err != nil {
				return err
			}
			running += l.Opening
		}
		l.Entries, err = ledgerLines(ctx, tx, q, after, running, l.Account.Type)
		return err
	})
	if err != nil {
		return Ledger{}, err
	}
	if len(l.Entries) > q.Limit {
		l.Entries = l.Entries[:q.Limit]
		last := l.Entries[q.Limit-1]
		l.NextCursor = encodeKeyCursor(keyCursor{Date: last.Date, ID: last.JournalID, Line: last.Line})
	}
	return l, nil
}

// balanceThrough is the movement of a on its normal side from from up to
// and including the line at c: whole days from the daily balances, the
// cursor's own day from its lines.
func balanceThrough(ctx context.Context, tx *db.Tx, a Account, from time.Time, c keyCursor) (int64, error) {
	var dd, dc, ld, lc int64
	err := tx.QueryRow(ctx, `SELECT coalesce(sum(debit), 0)::bigint, coalesce(sum(credit), 0)::bigint FROM finance.account_balances
		WHERE account_id = $1 AND date >= $2 AND date < $3`, a.ID, from, c.Date).Scan(&dd, &dc)
	if err != nil {
		return 0, fmt.Errorf("ledger balance: %w", err)
	}
	err = tx.QueryRow(ctx, `SELECT coalesce(sum(debit), 0)::bigint, coalesce(sum(credit), 0)::bigint FROM finance.journal_lines
		WHERE account_id = $1 AND date = $2 AND (journal_id, line) <= ($3, $4)`, a.ID, c.Date, c.ID, c.Line).Scan(&ld, &lc)
	if err != nil {
		return 0, fmt.Errorf("ledger balance: %w", err)
	}
	return normalBalance(a.Type, dd+ld, dc+lc), nil
}

// ledgerLines reads up to q.Limit+1 lines after the cursor, running the
// balance on from running.
func ledgerLines(ctx context.Context, tx *db.Tx, q LedgerQuery, after *keyCursor, running int64, t AccountType) ([]LedgerEntry, error) {
	args := []any{q.AccountID, q.From, q.To, q.Limit + 1}
	cond := ""
	if after != nil {
		args = append(args, after.Date, after.ID, after.Line)
		cond = ` AND (l.date, l.journal_id, l.line) > ($5, $6, $7)`
	}
	rows, err := tx.Query(ctx, `SELECT l.date, l.journal_id, l.line, j.number, CASE WHEN l.memo <> '' THEN l.memo ELSE j.memo END,
			l.party_id, l.debit, l.credit
		FROM finance.journal_lines l JOIN finance.journals j ON j.tenant_id = l.tenant_id AND j.id = l.journal_id
		WHERE l.account_id = $1 AND l.date BETWEEN $2 AND $3`+cond+`
		ORDER BY l.date, l.journal_id, l.line LIMIT $4`, args...)
	if err != nil {
		return nil, fmt.Errorf("ledger lines: %w", err)
	}
	defer rows.Close()
	var out []LedgerEntry
	for rows.Next() {
		var e LedgerEntry
		if err := rows.Scan(&e.Date, &e.JournalID, &e.Line, &e.JournalNumber, &e.Memo, &e.PartyID, &e.Debit, &e.Credit); err != nil {
			return nil, fmt.Errorf("ledger lines: %w", err)
		}
		running += normalBalance(t, e.Debit, e.Credit)
		e.Balance = running
		out = append(out, e)
	}
	return out, rows.Err()
}
