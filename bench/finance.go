package main

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/vextrus/vextrus/bench/load"
	"github.com/vextrus/vextrus/internal/finance"
	"github.com/vextrus/vextrus/internal/platform/bd"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// financeScenarios measure the finance service: an invoice of ten lines
// created, submitted and approved at once (the tenant's chain needs no
// approver below its threshold), and the trial balance of a tenant whose
// ledger holds a million lines. Each baseline runs the same database
// statements bare, through a pool on a PostgreSQL of the same
// configuration, without HTTP or the service.
func financeScenarios(sys *inProcess) []load.Scenario {
	return []load.Scenario{
		{
			Name:        "finance",
			Description: "POST /api/v1/finance/invoices (10 lines) + submit, auto-approved (number, journal, VAT register), beside the bare statements",
			Setup:       func(ctx context.Context, env *load.Env) (load.Target, error) { return setupInvoices(ctx, env, sys) },
			Baseline:    bareInvoices,
		},
		{
			Name:        "finance-trial-balance",
			Description: "GET /api/v1/finance/trial-balance of a tenant with 1,000,000 journal lines, beside the bare aggregate",
			Setup:       func(ctx context.Context, env *load.Env) (load.Target, error) { return setupTrialBalance(ctx, env, sys) },
			Baseline:    bareTrialBalance,
		},
	}
}

func setupTrialBalance(ctx context.Context, env *load.Env, sys *inProcess) (load.Target, error) {
	api, t, err := benchAPI(ctx, env)
	if err != nil {
		return nil, err
	}
	if sys.main == nil {
		return nil, fmt.Errorf("finance-trial-balance seeds its ledger in process: run it without -target")
	}
	// The run's system is fresh, so the login's tenant has no ledger yet.
	if err := seedLedger(ctx, sys.main.App.DB, t, ledgerLines()); err != nil {
		return nil, fmt.Errorf("seed ledger: %w", err)
	}
	return trialBalanceTarget{api: api}, nil
}

type trialBalanceTarget struct{ api *apiClient }

func (t trialBalanceTarget) Do(ctx context.Context, vu *load.VirtualUser) error {
	return t.api.call(ctx, "GET", "/api/v1/finance/trial-balance?asOf="+asOf(vu).Format(finance.DateLayout), "", nil)
}

func bareTrialBalance(ctx context.Context, env *load.Env) (load.Target, error) {
	pool, err := bareDatabase(ctx, env)
	if err != nil {
		return nil, err
	}
	t := tenant.New()
	if err := seedLedger(ctx, pool, t, ledgerLines()); err != nil {
		return nil, fmt.Errorf("seed ledger: %w", err)
	}
	return bareTBTarget{pool: pool, tenant: t}, nil
}

type bareTBTarget struct {
	pool   *db.Pool
	tenant tenant.ID
}

func (t bareTBTarget) Do(ctx context.Context, vu *load.VirtualUser) error {
	day := asOf(vu)
	return t.pool.ReadTenant(tenant.With(ctx, t.tenant), func(ctx context.Context, tx *db.Tx) error {
		rows, err := tx.Query(ctx, finance.TrialBalanceSQL, day, time.Date(day.Year(), day.Month(), 1, 0, 0, 0, 0, time.UTC), false)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id [16]byte
			var code, name, typ string
			var d, c int64
			var moved bool
			if err := rows.Scan(&id, &code, &name, &typ, &d, &c, &moved); err != nil {
				return err
			}
		}
		return rows.Err()
	})
}

// benchAPI logs in to the system under test and returns its client and
// the login's tenant.
func benchAPI(ctx context.Context, env *load.Env) (*apiClient, tenant.ID, error) {
	base, err := env.SystemURL(ctx)
	if err != nil {
		return nil, tenant.Nil, err
	}
	if err := load.WaitReady(ctx, env.Client, base+"/readyz", 2*time.Minute); err != nil {
		return nil, tenant.Nil, fmt.Errorf("system not ready: %w", err)
	}
	token, t, err := benchLogin(ctx, env.Client, base)
	if err != nil {
		return nil, tenant.Nil, err
	}
	return &apiClient{client: env.Client, base: base, token: token}, t, nil
}

// invoiceChainVersion is the tenant's invoice chain for the run: no
// approver below 10 crore, so every bench invoice is approved when it is
// submitted (the workflow records it at once, without a Temporal run).
var invoiceChainVersion = map[string]any{
	"hitPolicy": "COLLECT", "collectAs": "levels", "reference": "bench: no approver below 10 crore",
	"tests": []any{}, "rows": []map[string]any{{"description": "the board above 10 crore", "condition": "amount > 100000000",
		"outputs": map[string]string{"role": `"owner"`, "mode": `"any"`, "slaHours": "72"}}},
}

// benchLines are the ten free-text lines of a bench invoice across the
// VAT categories the seeded vat.rate knows: standard, reduced, SD-bearing
// and exempt lines.
func benchLines(vu int, seq int64) []map[string]any {
	cats := []string{"standard", "construction_firm", "soft_drink", "rice", "reduced_5", "standard", "reduced_10", "standard", "eggs", "standard"}
	lines := make([]map[string]any, len(cats))
	for i, c := range cats {
		lines[i] = map[string]any{"description": fmt.Sprintf("item %d", i+1), "vatCategory": c, "quantity": fmt.Sprintf("%d.25", 1+i),
			"unit": "pcs", "unitPrice": map[string]string{"amount": fmt.Sprintf("%d.%02d", 100+vu%50+i*37, seq%100), "currency": "BDT"}}
	}
	return lines
}

// benchInvoice is the body of a ten-line sales invoice to customer, a
// customer of master data whose name, BIN and address the invoice takes.
func benchInvoice(customer string, vu int, seq int64) string {
	b, _ := json.Marshal(map[string]any{"kind": "sales", "party": map[string]any{"id": customer}, "lines": benchLines(vu, seq)})
	return string(b)
}

// benchCustomer creates the run's customer in master data and returns
// its id; the code is the run's own, so a -target system benchmarked
// twice takes a second one.
func benchCustomer(ctx context.Context, api *apiClient) (string, error) {
	body, _ := json.Marshal(map[string]any{"code": fmt.Sprintf("BENCH-%d", time.Now().UnixMilli()), "name": "Bench Customer Ltd",
		"type": "company", "bin": "002345678-0202", "address": map[string]any{"line1": "12 Motijheel C/A", "district": "Dhaka", "postCode": "1000"}})
	var c struct {
		ID string `json:"id"`
	}
	if err := api.call(ctx, http.MethodPost, "/api/v1/masterdata/customers", string(body), &c); err != nil {
		return "", fmt.Errorf("bench customer: %w", err)
	}
	return c.ID, nil
}

func setupInvoices(ctx context.Context, env *load.Env, _ *inProcess) (load.Target, error) {
	api, _, err := benchAPI(ctx, env)
	if err != nil {
		return nil, err
	}
	if err := benchInvoiceChain(ctx, api); err != nil {
		return nil, err
	}
	customer, err := benchCustomer(ctx, api)
	if err != nil {
		return nil, err
	}
	t := &invoiceTarget{api: api, customer: customer}
	if err := t.Do(ctx, &load.VirtualUser{}); err != nil {
		return nil, fmt.Errorf("first invoice: %w", err)
	}
	return t, nil
}

// invoiceTarget creates and submits one invoice per action and checks it
// came back approved with its number.
type invoiceTarget struct {
	api      *apiClient
	customer string
	seq      atomic.Int64
}

func (t *invoiceTarget) Do(ctx context.Context, vu *load.VirtualUser) error {
	var inv struct {
		ID     string  `json:"id"`
		Status string  `json:"status"`
		Number *string `json:"number"`
	}
	if err := t.api.call(ctx, http.MethodPost, "/api/v1/finance/invoices", benchInvoice(t.customer, vu.ID, t.seq.Add(1)), &inv); err != nil {
		return err
	}
	if err := t.api.call(ctx, http.MethodPost, "/api/v1/finance/invoices/"+inv.ID+"/submit", "", &inv); err != nil {
		return err
	}
	if inv.Status != "approved" || inv.Number == nil {
		return fmt.Errorf("invoice %s is %s after submit, want approved with a number", inv.ID, inv.Status)
	}
	return nil
}

// benchInvoiceChain puts invoiceChainVersion in force for the login's
// tenant from today, once the tenant's seeded rule sets are there.
func benchInvoiceChain(ctx context.Context, api *apiClient) error {
	// The tenant's rule sets are seeded when auth announces it: wait.
	deadline := time.Now().Add(time.Minute)
	for {
		err := api.call(ctx, http.MethodGet, "/api/v1/rules/rulesets/approval.chain.invoice", "", nil)
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the tenant's invoice chain: %w", err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
	// Effective from today (Dhaka): the seeded version keeps the past.
	chain := maps.Clone(invoiceChainVersion)
	chain["effectiveFrom"] = time.Now().In(bd.Dhaka()).Format(time.DateOnly)
	body, _ := json.Marshal(chain)
	var draft struct {
		Number int `json:"number"`
	}
	if err := api.call(ctx, http.MethodPost, "/api/v1/rules/rulesets/approval.chain.invoice/versions", string(body), &draft); err != nil {
		return fmt.Errorf("invoice chain: %w", err)
	}
	if err := api.call(ctx, http.MethodPost, fmt.Sprintf("/api/v1/rules/rulesets/approval.chain.invoice/versions/%d/publish", draft.Number), "", nil); err != nil {
		return fmt.Errorf("publish invoice chain: %w", err)
	}
	return nil
}
