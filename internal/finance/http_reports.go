package finance

import (
	"context"
	"net/http"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/httpx"
	"github.com/vextrus/vextrus/internal/platform/money"
)

// reportRoutes are the REST routes of the reports, all GET.
func (s *Service) reportRoutes() map[string]httpx.HandlerFunc {
	return map[string]httpx.HandlerFunc{
		"GET " + Base + "/trial-balance":              s.handleTrialBalance,
		"GET " + Base + "/ledger/{accountId}":         s.handleGeneralLedger,
		"GET " + Base + "/ageing/receivables":         s.handleAgeing(s.ReceivablesAgeing),
		"GET " + Base + "/ageing/payables":            s.handleAgeing(s.PayablesAgeing),
		"GET " + Base + "/vat-summary":                s.handleVATSummary,
		"GET " + Base + "/customers/{id}/outstanding": s.handleOutstanding,
		"GET " + Base + "/purchase-orders/{id}":       s.handleOrderMatch,
	}
}

func bdtJSON(minor int64) money.Amount { return money.New(minor, money.BDT) }

// asOfParam reads the optional date parameter asOf; absent, it is the
// tenant's today.
func (s *Service) asOfParam(ctx context.Context, q *httpx.Query) (time.Time, error) {
	v := q.String("asOf")
	if err := q.Err(); err != nil {
		return time.Time{}, err
	}
	d, err := httpx.ParseDate("asOf", v)
	if err != nil || !d.IsZero() {
		return d, err
	}
	st, err := s.tenantSettings(ctx)
	if err != nil {
		return time.Time{}, err
	}
	return st.Today(s.now()), nil
}

// TrialBalanceRowJSON is one account of the trial balance.
type TrialBalanceRowJSON struct {
	AccountID uuid.UUID    `json:"accountId"`
	Code      string       `json:"code"`
	Name      string       `json:"name"`
	Type      string       `json:"type"`
	Debit     money.Amount `json:"debit"`
	Credit    money.Amount `json:"credit"`
	Balance   money.Amount `json:"balance"`
	Moved     bool         `json:"moved"`
}

// TrialBalanceJSON is the trial balance as REST answers it.
type TrialBalanceJSON struct {
	AsOf        string                `json:"asOf"`
	Rows        []TrialBalanceRowJSON `json:"rows"`
	TotalDebit  money.Amount          `json:"totalDebit"`
	TotalCredit money.Amount          `json:"totalCredit"`
}

// ToTrialBalanceJSON converts tb.
func ToTrialBalanceJSON(tb TrialBalance) TrialBalanceJSON {
	out := TrialBalanceJSON{AsOf: tb.AsOf.Format(DateLayout), Rows: []TrialBalanceRowJSON{}, TotalDebit: bdtJSON(tb.TotalDebit),
		TotalCredit: bdtJSON(tb.TotalCredit)}
	for _, r := range tb.Rows {
		out.Rows = append(out.Rows, TrialBalanceRowJSON{AccountID: r.AccountID, Code: r.Code, Name: r.Name, Type: string(r.Type),
			Debit: bdtJSON(r.Debit), Credit: bdtJSON(r.Credit), Balance: bdtJSON(r.Balance), Moved: r.Moved})
	}
	return out
}

// handleTrialBalance answers GET /trial-balance?asOf=2026-12-31[&all=true].
func (s *Service) handleTrialBalance(w http.ResponseWriter, r *http.Request) error {
	q := httpx.ReadQuery(r)
	all := q.Bool("all")
	asOf, err := s.asOfParam(r.Context(), q)
	if err != nil {
		return err
	}
	tb, err := s.TrialBalance(r.Context(), asOf, all != nil && *all)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, ToTrialBalanceJSON(tb))
	return nil
}

// LedgerEntryJSON is one line of the general ledger.
type LedgerEntryJSON struct {
	Date          string       `json:"date"`
	JournalID     uuid.UUID    `json:"journalId"`
	JournalNumber string       `json:"journalNumber"`
	Line          int          `json:"line"`
	Memo          string       `json:"memo"`
	PartyID       *uuid.UUID   `json:"partyId"`
	Debit         money.Amount `json:"debit"`
	Credit        money.Amount `json:"credit"`
	Balance       money.Amount `json:"balance"`
}

// LedgerJSON is a general ledger page as REST answers it.
type LedgerJSON struct {
	Account     AccountJSON       `json:"account"`
	From        string            `json:"from"`
	To          string            `json:"to"`
	Opening     money.Amount      `json:"opening"`
	Closing     money.Amount      `json:"closing"`
	TotalDebit  money.Amount      `json:"totalDebit"`
	TotalCredit money.Amount      `json:"totalCredit"`
	Entries     []LedgerEntryJSON `json:"entries"`
	NextCursor  *string           `json:"nextCursor"`
}

// ToLedgerJSON converts l.
func ToLedgerJSON(l Ledger) LedgerJSON {
	out := LedgerJSON{Account: ToAccountJSON(l.Account), From: l.From.Format(DateLayout), To: l.To.Format(DateLayout),
		Opening: bdtJSON(l.Opening), Closing: bdtJSON(l.Closing), TotalDebit: bdtJSON(l.TotalDebit), TotalCredit: bdtJSON(l.TotalCredit),
		Entries: []LedgerEntryJSON{}}
	for _, e := range l.Entries {
		out.Entries = append(out.Entries, LedgerEntryJSON{Date: e.Date.Format(DateLayout), JournalID: e.JournalID,
			JournalNumber: e.JournalNumber, Line: e.Line, Memo: e.Memo, PartyID: e.PartyID, Debit: bdtJSON(e.Debit),
			Credit: bdtJSON(e.Credit), Balance: bdtJSON(e.Balance)})
	}
	if l.NextCursor != "" {
		out.NextCursor = &l.NextCursor
	}
	return out
}

// handleGeneralLedger answers GET /ledger/{accountId}?from=&to=[&limit=&cursor=].
func (s *Service) handleGeneralLedger(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "accountId")
	if err != nil {
		return err
	}
	q := httpx.ReadQuery(r)
	lq := LedgerQuery{AccountID: id, Limit: q.Limit(100, 1000), Cursor: q.Cursor()}
	from, to := q.String("from"), q.String("to")
	if err := q.Err(); err != nil {
		return err
	}
	c := &errs.Collector{}
	if lq.From, err = httpx.ParseDate("from", from); err != nil {
		c.Merge("", err)
	}
	if lq.To, err = httpx.ParseDate("to", to); err != nil {
		c.Merge("", err)
	}
	if err := c.Err(); err != nil {
		return err
	}
	l, err := s.GeneralLedger(r.Context(), lq)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, ToLedgerJSON(l))
	return nil
}

// AgeingBucketsJSON are ageing amounts as REST answers them.
type AgeingBucketsJSON struct {
	Current    money.Amount `json:"current"`
	Days1To30  money.Amount `json:"days1To30"`
	Days31To60 money.Amount `json:"days31To60"`
	Days61To90 money.Amount `json:"days61To90"`
	Over90     money.Amount `json:"over90"`
	Total      money.Amount `json:"total"`
}

func toAgeingBucketsJSON(b AgeingBuckets) AgeingBucketsJSON {
	return AgeingBucketsJSON{Current: bdtJSON(b.Current), Days1To30: bdtJSON(b.Days1To30), Days31To60: bdtJSON(b.Days31To60),
		Days61To90: bdtJSON(b.Days61To90), Over90: bdtJSON(b.Over90), Total: bdtJSON(b.Total)}
}

// AgeingRowJSON is one party's ageing.
type AgeingRowJSON struct {
	PartyID   uuid.UUID `json:"partyId"`
	PartyName string    `json:"partyName"`
	Documents int       `json:"documents"`
	AgeingBucketsJSON
}

// AgeingJSON is an ageing report as REST answers it.
type AgeingJSON struct {
	Side   string            `json:"side"`
	AsOf   string            `json:"asOf"`
	Rows   []AgeingRowJSON   `json:"rows"`
	Totals AgeingBucketsJSON `json:"totals"`
}

// ToAgeingJSON converts a.
func ToAgeingJSON(a Ageing) AgeingJSON {
	out := AgeingJSON{Side: a.Side, AsOf: a.AsOf.Format(DateLayout), Rows: []AgeingRowJSON{}, Totals: toAgeingBucketsJSON(a.Totals)}
	for _, r := range a.Rows {
		out.Rows = append(out.Rows, AgeingRowJSON{PartyID: r.PartyID, PartyName: r.PartyName, Documents: r.Documents,
			AgeingBucketsJSON: toAgeingBucketsJSON(r.AgeingBuckets)})
	}
	return out
}

// handleAgeing answers GET /ageing/receivables and /ageing/payables ?asOf=.
func (s *Service) handleAgeing(report func(context.Context, time.Time) (Ageing, error)) httpx.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		asOf, err := s.asOfParam(r.Context(), httpx.ReadQuery(r))
		if err != nil {
			return err
		}
		a, err := report(r.Context(), asOf)
		if err != nil {
			return err
		}
		httpx.WriteJSON(w, http.StatusOK, ToAgeingJSON(a))
		return nil
	}
}
