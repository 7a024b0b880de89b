package finance

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/db"
)

// Proposal is a payment that may be what a statement line records: same
// money account (or a cheque received into cheques in hand, which the
// line would clear), amount and direction, dated within matchWindowDays
// of the line. Score (0 to 100) ranks them: 50 for that, less 5 a day
// apart; or 100, less 5 a day apart, when the line's reference equals
// the payment's reference, cheque number, wallet transaction id or
// number, 90 when it holds one of them ("CHQ 0045127"), 80 when the
// line's description does.
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
		FROM finance.payments WHERE status = 'recorded' AND reconciled_statement IS NULL
			AND (account_id = $1 OR kind = 'receipt' AND method = 'cheque'
				AND account_id = (SELECT id FROM finance.accounts WHERE role = 'cheques_in_hand' AND id <> $1))
			AND date BETWEEN $2::date - $4::int AND $3::date + $4::int`, accountID, from, to, matchWindowDays)
	if err != nil {
		return nil, fmt.Errorf("read match candidates: %w", err)
	}
	// By signed amount: a line is only ever proposed payments of its own.
	cands := map[int64][]candidate{}
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
		cands[c.amount] = append(cands[c.amount], c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read match candidates: %w", err)
	}
	for i := range lines {
		if lines[i].PaymentID == nil {
			lines[i].Proposals = proposalsFor(lines[i], cands[lines[i].Amount])
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
			score, on := 0, ""
			switch {
			case ref == k:
				score, on = 100, "reference"
			case strings.Contains(ref, k):
				score, on = 90, "reference"
			case strings.Contains(desc, k):
				score, on = 80, "description"
			}
			if score-5*days > p.Score {
				p.Score, p.MatchedOn = score-5*days, on
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
