package documents

import (
	"context"
	"fmt"
	"net/http"
	"net/url"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/svcclient"
)

// FinanceClient is Finance over finance's REST API
// (/api/v1/finance/invoices, /vat-summary, /trial-balance, /ageing/*):
// the job's activities call it with the service's credential.
type FinanceClient struct {
	HTTP *svcclient.Client
}

const financePrefix = "/api/v1/finance"

// Invoice reads GET /invoices/{id}.
func (f FinanceClient) Invoice(ctx context.Context, id uuid.UUID) (Invoice, error) {
	var inv Invoice
	err := f.HTTP.Do(ctx, http.MethodGet, financePrefix+"/invoices/"+id.String(), nil, &inv)
	return inv, err
}

// PostedInvoices reads every page of GET /invoices?side=&posted=true&from=&to=.
func (f FinanceClient) PostedInvoices(ctx context.Context, side, from, to string) ([]Invoice, error) {
	q := url.Values{"side": {side}, "posted": {"true"}, "from": {from}, "to": {to}, "limit": {"200"}}
	var out []Invoice
	for {
		var page struct {
			Items      []Invoice `json:"items"`
			NextCursor *string   `json:"nextCursor"`
		}
		if err := f.HTTP.Do(ctx, http.MethodGet, financePrefix+"/invoices?"+q.Encode(), nil, &page); err != nil {
			return nil, fmt.Errorf("list %s invoices: %w", side, err)
		}
		out = append(out, page.Items...)
		if page.NextCursor == nil || *page.NextCursor == "" {
			return out, nil
		}
		q.Set("cursor", *page.NextCursor)
	}
}

// VATSummary reads GET /vat-summary?month=.
func (f FinanceClient) VATSummary(ctx context.Context, month string) (VATSummary, error) {
	var v VATSummary
	err := f.HTTP.Do(ctx, http.MethodGet, financePrefix+"/vat-summary?"+url.Values{"month": {month}}.Encode(), nil, &v)
	return v, err
}

// TrialBalance reads GET /trial-balance?asOf=.
func (f FinanceClient) TrialBalance(ctx context.Context, asOf string) (TrialBalance, error) {
	var tb TrialBalance
	err := f.HTTP.Do(ctx, http.MethodGet, financePrefix+"/trial-balance?"+url.Values{"asOf": {asOf}}.Encode(), nil, &tb)
	return tb, err
}

// Ageing reads GET /ageing/{side}?asOf=.
func (f FinanceClient) Ageing(ctx context.Context, side, asOf string) (Ageing, error) {
	var a Ageing
	err := f.HTTP.Do(ctx, http.MethodGet, financePrefix+"/ageing/"+url.PathEscape(side)+"?"+url.Values{"asOf": {asOf}}.Encode(), nil, &a)
	return a, err
}

// MasterdataParties is Parties over master data's REST API
// (GET /api/v1/masterdata/{customers,vendors}/{id}).
type MasterdataParties struct {
	HTTP *svcclient.Client
}

// Party reads the customer or vendor.
func (m MasterdataParties) Party(ctx context.Context, kind string, id uuid.UUID) (PartyInfo, error) {
	var p PartyInfo
	err := m.HTTP.Do(ctx, http.MethodGet, "/api/v1/masterdata/"+kind+"/"+id.String(), nil, &p)
	return p, err
}
