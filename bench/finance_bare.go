package main

import (
	"context"
	"encoding/json"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/bench/load"
	"github.com/vextrus/vextrus/internal/finance"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/tenant"
	"github.com/vextrus/vextrus/internal/workflow"
)

// bareInvoices is the invoice scenario's baseline: the statements the
// services run for one invoice, in the same transactions, straight on a
// PostgreSQL of the dev configuration with the finance and workflow
// schemas: the draft's insert; the submit (lock, period, update, event);
// the workflow's approval record and its event; the approval (lock,
// Mushak and journal numbers, period, accounts, journal, lines through the
// ledger's trigger, invoice, VAT register, two events). No HTTP, no
// rules service, no Go validation or tax arithmetic.
func bareInvoices(ctx context.Context, env *load.Env) (load.Target, error) {
	pool, err := bareDatabase(ctx, env, workflow.Schema)
	if err != nil {
		return nil, err
	}
	t := tenant.New()
	svc, err := finance.New(finance.Deps{DB: pool, Settings: defaultSettings{}})
	if err != nil {
		return nil, err
	}
	fctx := financeCaller(ctx, t)
	if _, err := svc.ListPeriods(fctx, time.Now()); err != nil {
		return nil, err
	}
	if _, err := svc.CreateJournal(fctx, finance.NewJournal{Date: time.Now(), Memo: "bench: seeds the chart"}); err != nil {
		return nil, err
	}
	accts, err := svc.ListAccounts(fctx)
	if err != nil {
		return nil, err
	}
	b := &bareInvoiceTarget{pool: pool, tenant: t, accounts: map[string]uuid.UUID{}}
	for _, a := range accts {
		b.accounts[string(a.Role)] = a.ID
	}
	return b, nil
}

type bareInvoiceTarget struct {
	pool     *db.Pool
	tenant   tenant.ID
	accounts map[string]uuid.UUID
	seq      atomic.Int64
}

// outboxRow is an event's row as the platform outbox stores it, in the
// schema of the service named twice.
const outboxRow = `INSERT INTO %[1]s.outbox (event_id, tenant_id, type, source, subject, data, occurred_at)
	VALUES (gen_random_uuid(), current_setting('app.tenant_id')::uuid, $1, '%[1]s', $2, $3, now())`

func (b *bareInvoiceTarget) Do(ctx context.Context, vu *load.VirtualUser) error {
	ctx = tenant.With(ctx, b.tenant)
	id := uuid.Must(uuid.NewV7())
	today := time.Now().UTC().Truncate(24 * time.Hour)
	lines, err := json.Marshal(benchLines(vu.ID, b.seq.Add(1)))
	if err != nil {
		return err
	}
	const net, vat = 1_000_000, 150_000
	if err := b.pool.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO finance.invoices (tenant_id, id, kind, side, status, party_id, party_name, invoice_date,
				due_date, lines, subtotal, net, vat, total, payable, created_by)
			VALUES (current_setting('app.tenant_id')::uuid, $1, 'sales', 'sales', 'draft', $1, 'Bench Customer Ltd', $2, $2, $3,
				$4, $4, $5, $6, $6, '')`, id, today, lines, net, vat, net+vat)
		return err
	}); err != nil {
		return fmt.Errorf("create: %w", err)
	}
	if err := b.pool.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT 1 FROM finance.invoices WHERE id = $1 FOR UPDATE`, id); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `SELECT status FROM finance.fiscal_periods WHERE starts <= $1 AND ends >= $1`, today); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE finance.invoices SET status = 'submitted', lines = $2, submitted_at = now(),
				version = version + 1 WHERE id = $1`, id, lines); err != nil {
			return err
		}
		tx.Defer(fmt.Sprintf(outboxRow, "finance"), finance.EventInvoiceSubmitted, id.String(), lines)
		return nil
	}); err != nil {
		return fmt.Errorf("submit: %w", err)
	}
	if err := b.pool.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO workflow.approvals (tenant_id, id, workflow_id, doc_service, doc_type, doc_id,
				amount, currency, submitter, status, completed_at)
			VALUES (current_setting('app.tenant_id')::uuid, $1, $2, 'finance', 'invoice', $2, 11500, 'BDT', $2, 'approved', now())`,
			id, id.String()); err != nil {
			return err
		}
		tx.Defer(fmt.Sprintf(outboxRow, "workflow"), workflow.EventApprovalCompleted, id.String(), `{}`)
		return nil
	}); err != nil {
		return fmt.Errorf("workflow: %w", err)
	}
	err = b.pool.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT 1 FROM finance.invoices WHERE id = $1 FOR UPDATE`, id); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `SELECT role, id FROM finance.accounts WHERE role <> ''`); err != nil {
			return err
		}
		var number, journalNo int64
		next := `INSERT INTO finance.number_sequences AS s (tenant_id, doc_type, fiscal_year, last)
			VALUES (current_setting('app.tenant_id')::uuid, $1, '2026-27', 1)
			ON CONFLICT (tenant_id, doc_type, fiscal_year) DO UPDATE SET last = s.last + 1 RETURNING last`
		if err := tx.QueryRow(ctx, next, "sales-invoice").Scan(&number); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `SELECT status FROM finance.fiscal_periods WHERE starts <= $1 AND ends >= $1`, today); err != nil {
			return err
		}
		accts := []uuid.UUID{b.accounts["receivable"], b.accounts["sales"], b.accounts["vat_output"]}
		if _, err := tx.Exec(ctx, `SELECT id, code, header, active FROM finance.accounts WHERE id = ANY($1)`, accts); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, next, "journal").Scan(&journalNo); err != nil {
			return err
		}
		jid := uuid.Must(uuid.NewV7())
		tx.Defer(`INSERT INTO finance.journals (tenant_id, id, number, date, status, source, source_id, total, posted_at)
			VALUES (current_setting('app.tenant_id')::uuid, $1, $2, $3, 'posted', 'invoice', $4, $5, now())`,
			jid, fmt.Sprintf("JV/%d", journalNo), today, id, net+vat)
		tx.Defer(`INSERT INTO finance.journal_lines (tenant_id, journal_id, line, account_id, date, debit, credit)
			SELECT current_setting('app.tenant_id')::uuid, $1, u.n, u.a, $2, u.d, u.c
			FROM unnest($3::int[], $4::uuid[], $5::bigint[], $6::bigint[]) AS u(n, a, d, c)`,
			jid, today, []int32{1, 2, 3}, accts, []int64{net + vat, 0, 0}, []int64{0, net, vat})
		tx.Defer(fmt.Sprintf(outboxRow, "finance"), finance.EventJournalPosted, jid.String(), `{}`)
		tx.Defer(`UPDATE finance.invoices SET status = 'approved', number = $2, journal_id = $3, approved_at = now(),
				version = version + 1 WHERE id = $1`, id, fmt.Sprintf("INV/%d", number), jid)
		tx.Defer(`INSERT INTO finance.vat_register AS r (tenant_id, month, kind, treatment, rate_bp, value, sd, vat, vds, documents)
			VALUES (current_setting('app.tenant_id')::uuid, date_trunc('month', $1::date), 'sales', 'standard', 1500, $2, 0, $3, 0, 1)
			ON CONFLICT (tenant_id, month, kind, treatment, rate_bp) DO UPDATE
			SET value = r.value + excluded.value, vat = r.vat + excluded.vat, documents = r.documents + 1`, today, net, vat)
		tx.Defer(fmt.Sprintf(outboxRow, "finance"), finance.EventInvoiceApproved, id.String(), `{}`)
		return nil
	})
	if err != nil {
		return fmt.Errorf("approve: %w", err)
	}
	return nil
}
