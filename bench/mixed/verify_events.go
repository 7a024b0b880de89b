package mixed

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// outboxSchemas lists the schemas with an outbox (every service that
// publishes: platform.create_outbox makes <schema>.outbox).
func outboxSchemas(ctx context.Context, conn *pgx.Conn) ([]string, error) {
	rows, err := conn.Query(ctx, `select table_schema from information_schema.tables
		where table_name = 'outbox' and table_type = 'BASE TABLE' order by 1`)
	if err != nil {
		return nil, fmt.Errorf("list outboxes: %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

// checkEventsAudited compares every outbox with the audit log by event
// id: each event published, and in its tenant's log exactly once, under
// its own type; and each tenant's chain holds every entry its head
// counts (a deleted entry shows even when its outbox row was pruned).
func checkEventsAudited(ctx context.Context, conn *pgx.Conn) (string, error) {
	schemas, err := outboxSchemas(ctx, conn)
	if err != nil {
		return "", err
	}
	var (
		f      findings
		events int64
	)
	for _, s := range schemas {
		table := pgx.Identifier{s, "outbox"}.Sanitize()
		var n, unsent, missing, mistyped int64
		var example string
		err := conn.QueryRow(ctx, `select count(*), count(*) filter (where o.sent_at is null),
				count(*) filter (where e.event_id is null), count(*) filter (where e.type <> o.type),
				coalesce(min(o.event_id::text || ' ' || o.type) filter (where e.event_id is null), '')
			from `+table+` o
			left join audit.entries e on e.tenant_id = o.tenant_id and e.event_id = o.event_id`).
			Scan(&n, &unsent, &missing, &mistyped, &example)
		if err != nil {
			return "", fmt.Errorf("compare %s with the audit log: %w", table, err)
		}
		events += n
		if unsent > 0 {
			f.add("%d of %s's %d events never published", unsent, s, n)
		}
		if missing > 0 {
			f.add("%d of %s's %d events not in the audit log (e.g. %s)", missing, s, n, example)
		}
		if mistyped > 0 {
			f.add("%d of %s's events audited under another type", mistyped, s)
		}
	}
	var doubled int64
	var example string
	if err := conn.QueryRow(ctx, `select count(*), coalesce(min(event_id::text), '') from (
			select tenant_id, event_id from audit.entries group by 1, 2 having count(*) > 1) d`).Scan(&doubled, &example); err != nil {
		return "", fmt.Errorf("find events audited twice: %w", err)
	}
	if doubled > 0 {
		f.add("%d events audited more than once (e.g. %s)", doubled, example)
	}
	rows, err := conn.Query(ctx, `select h.tenant_id::text, h.seq - h.anchor_seq, count(e.seq),
			coalesce(min(e.seq), h.anchor_seq + 1) = h.anchor_seq + 1 and coalesce(max(e.seq), h.seq) = h.seq
		from audit.chain_heads h left join audit.entries e on e.tenant_id = h.tenant_id and e.seq > h.anchor_seq
		group by h.tenant_id, h.seq, h.anchor_seq
		having h.seq - h.anchor_seq <> count(e.seq) or not (coalesce(min(e.seq), h.anchor_seq + 1) = h.anchor_seq + 1
			and coalesce(max(e.seq), h.seq) = h.seq)`)
	if err != nil {
		return "", fmt.Errorf("count audit chains: %w", err)
	}
	for rows.Next() {
		var t string
		var want, have int64
		var ends bool
		if err := rows.Scan(&t, &want, &have, &ends); err != nil {
			return "", err
		}
		f.add("tenant %s's audit chain has %d entries where its head counts %d", t, have, want)
	}
	if err := rows.Err(); err != nil {
		return "", err
	}
	if err := f.err(); err != nil {
		return "", err
	}
	return fmt.Sprintf("%d events in %d outboxes, each audited once", events, len(schemas)), nil
}
