package mixed

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// checkLedger checks the books: each posted (or reversed) journal's
// lines balance to the poisha and add up to its total, a draft has no
// posted lines, every tenant's ledger balances, and the balances kept per
// account and day and per account and month match the lines.
func checkLedger(ctx context.Context, conn *pgx.Conn) (string, error) {
	var f findings
	queries := []struct {
		sql     string
		finding string
	}{
		{`select j.tenant_id::text || ' ' || coalesce(j.number, j.id::text) || ': debits ' || coalesce(sum(l.debit), 0) ||
				', credits ' || coalesce(sum(l.credit), 0) || ', total ' || j.total
			from finance.journals j
			left join finance.journal_lines l on l.tenant_id = j.tenant_id and l.journal_id = j.id
			where j.status <> 'draft'
			group by j.tenant_id, j.id, j.number, j.total
			having coalesce(sum(l.debit), 0) <> coalesce(sum(l.credit), 0) or coalesce(sum(l.debit), 0) <> j.total`,
			"journal %s"},
		{`select j.tenant_id::text || ' ' || j.id::text || ': ' || count(*) || ' lines'
			from finance.journals j join finance.journal_lines l on l.tenant_id = j.tenant_id and l.journal_id = j.id
			where j.status = 'draft' group by j.tenant_id, j.id`,
			"draft journal %s posted"},
		{`select tenant_id::text || ': debits ' || sum(debit) || ', credits ' || sum(credit)
			from finance.journal_lines group by tenant_id having sum(debit) <> sum(credit)`,
			"the ledger of tenant %s does not balance"},
		{`select coalesce(l.tenant_id, b.tenant_id)::text || ' account ' || coalesce(l.account_id, b.account_id)::text ||
				' on ' || coalesce(l.date, b.date)::text || ': lines ' || coalesce(l.debit, 0) || '/' || coalesce(l.credit, 0) ||
				', balance ' || coalesce(b.debit, 0) || '/' || coalesce(b.credit, 0)
			from (select tenant_id, account_id, date, sum(debit) as debit, sum(credit) as credit
				from finance.journal_lines group by 1, 2, 3) l
			full join finance.account_balances b
				on b.tenant_id = l.tenant_id and b.account_id = l.account_id and b.date = l.date
			where coalesce(l.debit, 0) <> coalesce(b.debit, 0) or coalesce(l.credit, 0) <> coalesce(b.credit, 0)`,
			"daily balance of %s"},
		{`select coalesce(l.tenant_id, b.tenant_id)::text || ' account ' || coalesce(l.account_id, b.account_id)::text ||
				' in ' || coalesce(l.month, b.month)::text || ': lines ' || coalesce(l.debit, 0) || '/' || coalesce(l.credit, 0) ||
				', balance ' || coalesce(b.debit, 0) || '/' || coalesce(b.credit, 0)
			from (select tenant_id, account_id, date_trunc('month', date)::date as month, sum(debit) as debit, sum(credit) as credit
				from finance.journal_lines group by 1, 2, 3) l
			full join finance.account_period_balances b
				on b.tenant_id = l.tenant_id and b.account_id = l.account_id and b.month = l.month
			where coalesce(l.debit, 0) <> coalesce(b.debit, 0) or coalesce(l.credit, 0) <> coalesce(b.credit, 0)`,
			"monthly balance of %s"},
	}
	for _, q := range queries {
		if err := addRows(ctx, conn, &f, q.sql, q.finding); err != nil {
			return "", err
		}
	}
	if err := f.err(); err != nil {
		return "", err
	}
	var journals, lines, debits int64
	if err := conn.QueryRow(ctx, `select (select count(*) from finance.journals where status <> 'draft'),
			count(*), coalesce(sum(debit), 0) from finance.journal_lines`).Scan(&journals, &lines, &debits); err != nil {
		return "", err
	}
	return fmt.Sprintf("%d journals, %d lines, debits = credits = %d poisha", journals, lines, debits), nil
}

// checkStock checks that stock on hand (and its value) at each product
// and location is the sum of its movements: nothing moved stock twice or
// without a movement.
func checkStock(ctx context.Context, conn *pgx.Conn) (string, error) {
	var f findings
	err := addRows(ctx, conn, &f, `select coalesce(m.tenant_id, s.tenant_id)::text || ' product ' ||
			coalesce(m.product_id, s.product_id)::text || ' at ' || coalesce(m.location_id, s.location_id)::text ||
			': on hand ' || coalesce(s.on_hand, 0) || ' (value ' || coalesce(s.value, 0) || '), movements ' ||
			coalesce(m.quantity, 0) || ' (value ' || coalesce(m.value, 0) || ')'
		from (select tenant_id, product_id, location_id, sum(quantity) as quantity, sum(value) as value
			from orders.stock_movements group by 1, 2, 3) m
		full join orders.stock_levels s
			on s.tenant_id = m.tenant_id and s.product_id = m.product_id and s.location_id = m.location_id
		where coalesce(m.quantity, 0) <> coalesce(s.on_hand, 0) or coalesce(m.value, 0) <> coalesce(s.value, 0)`,
		"stock of %s")
	if err != nil {
		return "", err
	}
	if err := f.err(); err != nil {
		return "", err
	}
	var levels, movements int64
	if err := conn.QueryRow(ctx, `select (select count(*) from orders.stock_levels), count(*) from orders.stock_movements`).
		Scan(&levels, &movements); err != nil {
		return "", err
	}
	return fmt.Sprintf("%d stock levels, each the sum of its %d movements", levels, movements), nil
}

// addRows adds a finding per row of query (one text column), formatted
// by format.
func addRows(ctx context.Context, conn *pgx.Conn, f *findings, query, format string) error {
	rows, err := conn.Query(ctx, query)
	if err != nil {
		return err
	}
	found, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return err
	}
	for _, s := range found {
		f.add(format, s)
	}
	return nil
}
