package main

import (
	"context"
	"fmt"
	"time"

	"github.com/vextrus/vextrus/bench/load"
	"github.com/vextrus/vextrus/internal/finance"
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
		rows, err := tx.Query(ctx, trialBalanceSQL, day)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id [16]byte
			var code, name, typ string
			var d, c int64
			if err := rows.Scan(&id, &code, &name, &typ, &d, &c); err != nil {
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
