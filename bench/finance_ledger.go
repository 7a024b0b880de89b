package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/bench/load"
	"github.com/vextrus/vextrus/internal/app"
	"github.com/vextrus/vextrus/internal/finance"
	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/pgserver"
	"github.com/vextrus/vextrus/internal/platform/tenant"
	"github.com/vextrus/vextrus/internal/platform/tenantsettings"
)

// ledgerLines is how many journal lines the trial-balance scenario's
// tenant has: the million, or VEXTRUS_BENCH_LEDGER_LINES for a
// quick look.
func ledgerLines() int {
	if n, err := strconv.Atoi(os.Getenv("VEXTRUS_BENCH_LEDGER_LINES")); err == nil && n >= 10 {
		return n
	}
	return 1_000_000
}

// The seeded ledger spans 520 days from the first of July 2025: two
// fiscal years, so a trial balance as of a day in the second sums the
// first year whole.
var ledgerStart = time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)

const ledgerDays = 520

// defaultSettings answers the Bangladesh defaults for every tenant: the
// bench's seeding and baseline need the fiscal year, nothing else.
type defaultSettings struct{}

func (defaultSettings) Settings(context.Context, tenant.ID) (*tenantsettings.Settings, error) {
	s := tenantsettings.Default("Bench")
	return &s, nil
}

// financeCaller is a context of tenant t whose caller holds every
// finance permission.
func financeCaller(ctx context.Context, t tenant.ID) context.Context {
	p := &authz.Principal{UserID: "0190a0b0-0000-7000-8000-000000000b1e", Tenant: t, Permissions: map[string]bool{}}
	for _, perm := range finance.Permissions {
		p.Permissions[perm.Name] = true
	}
	return tenant.With(authz.With(ctx, p), t)
}

// seedLedger gives tenant t lines journal lines, ten per journal (five
// debits, five credits of the same amounts) over the seeded days and its
// postable accounts, in batches of 100,000 lines in date order: each
// batch makes the balance rows of its own days, as a ledger posted day
// by day does, instead of rewriting every row ten times over. The rows go through the
// ledger's own trigger, so account_balances is kept as by the service.
// The chart and the periods are made by the finance service itself.
func seedLedger(ctx context.Context, pool *db.Pool, t tenant.ID, lines int) error {
	svc, err := finance.New(finance.Deps{DB: pool, Settings: defaultSettings{}})
	if err != nil {
		return err
	}
	ctx = financeCaller(ctx, t)
	if _, err := svc.CreateJournal(ctx, finance.NewJournal{Date: ledgerStart, Memo: "bench: seeds the chart"}); err != nil {
		return fmt.Errorf("seed chart: %w", err)
	}
	for _, d := range []time.Time{ledgerStart, ledgerStart.AddDate(1, 0, 0)} {
		if _, err := svc.ListPeriods(ctx, d); err != nil {
			return fmt.Errorf("periods: %w", err)
		}
	}
	var accounts []uuid.UUID
	accts, err := svc.ListAccounts(ctx)
	if err != nil {
		return err
	}
	for _, a := range accts {
		if !a.Header {
			accounts = append(accounts, a.ID)
		}
	}
	const perBatch = 10_000 // journals
	journals := lines / 10
	for from := 0; from < journals; from += perBatch {
		n := min(perBatch, journals-from)
		err := pool.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
			if _, err := tx.Exec(ctx, `INSERT INTO finance.journals (tenant_id, id, number, date, status, source, memo, total, posted_at)
				SELECT current_setting('app.tenant_id')::uuid, md5('bench' || g)::uuid, 'BENCH-' || g, $3::date + ((g - 1)::bigint * $4 / $5)::int,
					'posted', 'opening', 'bench', 5 * (100 + (g * 7919) % 1000000), now()
				FROM generate_series($1::int, $2::int) g`, from+1, from+n, ledgerStart, ledgerDays, journals); err != nil {
				return fmt.Errorf("journals: %w", err)
			}
			_, err := tx.Exec(ctx, `INSERT INTO finance.journal_lines (tenant_id, journal_id, line, account_id, date, debit, credit)
				SELECT current_setting('app.tenant_id')::uuid, md5('bench' || g)::uuid, l, ($5::uuid[])[1 + (g + l * 3) % cardinality($5::uuid[])],
					$3::date + ((g - 1)::bigint * $4 / $6)::int,
					CASE WHEN l <= 5 THEN 100 + (g * 7919) % 1000000 ELSE 0 END,
					CASE WHEN l > 5 THEN 100 + (g * 7919) % 1000000 ELSE 0 END
				FROM generate_series($1::int, $2::int) g, generate_series(1, 10) l`, from+1, from+n, ledgerStart, ledgerDays, accounts, journals)
			if err != nil {
				return fmt.Errorf("lines: %w", err)
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// asOf is a day of the seeded range for a user's request.
func asOf(vu *load.VirtualUser) time.Time {
	return ledgerStart.AddDate(0, 0, 365+vu.Rand.IntN(ledgerDays-365))
}

// bareDatabase starts a PostgreSQL of the dev configuration in a
// throwaway directory, with the platform and finance schemas (and more),
// and returns a pool of the application role.
func bareDatabase(ctx context.Context, env *load.Env, more ...db.Schema) (*db.Pool, error) {
	dir, err := os.MkdirTemp("", "vextrus-bench-pg-")
	if err != nil {
		return nil, err
	}
	env.Defer(func() error { return os.RemoveAll(dir) })
	srv, err := pgserver.Start(ctx, pgserver.Options{DataDir: filepath.Join(dir, "pg"), Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return nil, err
	}
	env.Defer(srv.Stop)
	const password = "bench-app-password"
	if err := db.Bootstrap(ctx, srv.URL(), password); err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx, srv.URL(), append([]db.Schema{db.PlatformSchema, finance.Schema}, more...), db.Up, nil); err != nil {
		return nil, err
	}
	// The system's own pool size (database.max_conns): more connections
	// than that only queue on the same rows inside PostgreSQL instead.
	pool, err := db.Open(ctx, db.AppURL(srv.URL(), password), db.Options{MaxConns: app.DefaultConfig().Database.MaxConns})
	if err != nil {
		return nil, err
	}
	env.Defer(func() error { pool.Close(); return nil })
	return pool, nil
}
