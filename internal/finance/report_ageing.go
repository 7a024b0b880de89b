package finance

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

// AgeingBuckets are amounts outstanding by how long past their due date:
// Current is not yet due (due on or after the date), then 1–30, 31–60,
// 61–90 and over 90 days past due.
type AgeingBuckets struct {
	Current, Days1To30, Days31To60, Days61To90, Over90 int64
	Total                                              int64
}

func (b *AgeingBuckets) add(daysPastDue int, amount int64) {
	switch {
	case daysPastDue <= 0:
		b.Current += amount
	case daysPastDue <= 30:
		b.Days1To30 += amount
	case daysPastDue <= 60:
		b.Days31To60 += amount
	case daysPastDue <= 90:
		b.Days61To90 += amount
	default:
		b.Over90 += amount
	}
	b.Total += amount
}

// AgeingRow is one party's outstanding documents, bucketed.
type AgeingRow struct {
	PartyID   uuid.UUID
	PartyName string
	Documents int
	AgeingBuckets
}

// Ageing is the receivables or payables ageing as of a date.
type Ageing struct {
	Side   string // sales (receivables) or purchase (payables)
	AsOf   time.Time
	Rows   []AgeingRow
	Totals AgeingBuckets
}

// ReceivablesAgeing ages what customers owe as of asOf. Needs
// finance.report.read. Returns INVALID_ARGUMENT naming asOf.
func (s *Service) ReceivablesAgeing(ctx context.Context, asOf time.Time) (Ageing, error) {
	return s.ageing(ctx, "sales", asOf)
}

// PayablesAgeing ages what the tenant owes vendors as of asOf. Needs
// finance.report.read. Returns INVALID_ARGUMENT naming asOf.
func (s *Service) PayablesAgeing(ctx context.Context, asOf time.Time) (Ageing, error) {
	return s.ageing(ctx, "purchase", asOf)
}

// ageing sums, by party, what each approved document of side dated on or
// before asOf had outstanding at asOf: its payable less what payments
// dated on or before asOf settled of it (a payment dated later, or one
// reversed by then, does not count). A credit note counts against the
// party, a debit note like an invoice; each falls in the bucket of its
// own due date. Payments count on their own date, allocations made
// after it included.
func (s *Service) ageing(ctx context.Context, side string, asOf time.Time) (Ageing, error) {
	if _, err := caller(ctx, PermReportRead); err != nil {
		return Ageing{}, err
	}
	if asOf.IsZero() {
		return Ageing{}, errs.Field("asOf", "is required")
	}
	out := Ageing{Side: side, AsOf: asOf}
	err := s.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) error {
		rows, err := tx.Query(ctx, `SELECT i.party_id, i.party_name, $2::date - i.due_date,
				CASE WHEN i.kind = 'credit_note' THEN -1 ELSE 1 END * (i.payable - i.paid - coalesce(adj.amount, 0))
			FROM finance.invoices i
			LEFT JOIN LATERAL (
				SELECT sum(CASE WHEN p.status = 'recorded' AND p.date > $2 THEN -a.amount
						WHEN p.status = 'reversed' AND p.date <= $2 AND p.reversed_on > $2 THEN a.amount ELSE 0 END)::bigint AS amount
				FROM finance.payment_allocations a JOIN finance.payments p ON p.tenant_id = a.tenant_id AND p.id = a.payment_id
				WHERE a.invoice_id = i.id) adj ON true
			WHERE i.side = $1 AND i.status IN ('approved', 'partially_paid', 'paid') AND i.invoice_date <= $2
			ORDER BY i.party_id, i.invoice_date DESC`, side, asOf)
		if err != nil {
			return fmt.Errorf("ageing: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var party uuid.UUID
			var name string
			var days int
			var amount int64
			if err := rows.Scan(&party, &name, &days, &amount); err != nil {
				return fmt.Errorf("ageing: %w", err)
			}
			if amount == 0 {
				continue
			}
			if n := len(out.Rows); n == 0 || out.Rows[n-1].PartyID != party {
				out.Rows = append(out.Rows, AgeingRow{PartyID: party, PartyName: name})
			}
			r := &out.Rows[len(out.Rows)-1]
			r.Documents++
			r.add(days, amount)
			out.Totals.add(days, amount)
		}
		return rows.Err()
	})
	// The party's name is its latest document's snapshot.
	slices.SortStableFunc(out.Rows, func(a, b AgeingRow) int { return strings.Compare(a.PartyName, b.PartyName) })
	return out, err
}
