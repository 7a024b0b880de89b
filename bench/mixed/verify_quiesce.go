package mixed

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// quietFor is how long nothing may change before the system counts as
// quiet: long enough for a consumer that still has events to show it.
const quietFor = 3 * time.Second

// Quiesce waits until the outbox is drained, consumers caught up and no
// workflow task is pending, or ctx ends.
//
// Drained: no outbox row unsent. Caught up: every published event is in
// the audit log, and no inbox (the record of every consumer's effects)
// grew for quietFor. No task pending: no approval decided whose document
// still waits for the outcome, and no document submitted with no approval
// open (its submit's ask of the workflow lost to a kill; the service's
// resumer asks again within 10 s). When ctx ends first the error says
// what was still pending.
func Quiesce(ctx context.Context, dbURL string) error {
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		return fmt.Errorf("quiesce: connect: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	var (
		last       progress
		quietSince time.Time
		tick       = time.NewTicker(250 * time.Millisecond)
	)
	defer tick.Stop()
	for {
		p, err := measure(ctx, conn)
		switch {
		case err != nil && ctx.Err() == nil:
			return fmt.Errorf("quiesce: %w", err)
		case err == nil && p.pending() == "" && p == last:
			if time.Since(quietSince) >= quietFor {
				return nil
			}
		case err == nil:
			last, quietSince = p, time.Now()
		}
		select {
		case <-ctx.Done():
			what := last.pending()
			if what == "" {
				what = "events still being consumed"
			}
			return fmt.Errorf("quiesce: not quiet before %w: %s", ctx.Err(), what)
		case <-tick.C:
		}
	}
}

// progress is what Quiesce watches: what is pending and how far the
// consumers got.
type progress struct {
	unsent, unaudited, undelivered, unasked int64
	events, consumed, audited               int64
}

func (p progress) pending() string {
	var out []string
	if p.unsent > 0 {
		out = append(out, fmt.Sprintf("%d events unpublished", p.unsent))
	}
	if p.unaudited > 0 {
		out = append(out, fmt.Sprintf("%d events not audited", p.unaudited))
	}
	if p.undelivered > 0 {
		out = append(out, fmt.Sprintf("%d approval outcomes not applied", p.undelivered))
	}
	if p.unasked > 0 {
		out = append(out, fmt.Sprintf("%d documents submitted with no approval open (a resumer asks again every 10 s)", p.unasked))
	}
	return strings.Join(out, ", ")
}

func measure(ctx context.Context, conn *pgx.Conn) (progress, error) {
	var p progress
	schemas, err := outboxSchemas(ctx, conn)
	if err != nil {
		return p, err
	}
	for _, s := range schemas {
		var n, unsent, unaudited int64
		err := conn.QueryRow(ctx, `select count(*), count(*) filter (where o.sent_at is null),
				count(*) filter (where o.sent_at is not null and not exists (
					select from audit.entries e where e.tenant_id = o.tenant_id and e.event_id = o.event_id))
			from `+pgx.Identifier{s, "outbox"}.Sanitize()+` o`).Scan(&n, &unsent, &unaudited)
		if err != nil {
			return p, fmt.Errorf("outbox of %s: %w", s, err)
		}
		p.events += n
		p.unsent += unsent
		p.unaudited += unaudited
	}
	rows, err := conn.Query(ctx, `select table_schema from information_schema.tables
		where table_name = 'inbox' and table_type = 'BASE TABLE' and table_schema <> 'workflow'`)
	if err != nil {
		return p, err
	}
	inboxes, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return p, err
	}
	for _, s := range inboxes {
		var n int64
		if err := conn.QueryRow(ctx, `select count(*) from `+pgx.Identifier{s, "inbox"}.Sanitize()).Scan(&n); err != nil {
			return p, fmt.Errorf("inbox of %s: %w", s, err)
		}
		p.consumed += n
	}
	if err := conn.QueryRow(ctx, `select count(*) from audit.entries`).Scan(&p.audited); err != nil {
		return p, err
	}
	for _, d := range approvedDocs {
		var n int64
		err := conn.QueryRow(ctx, `select count(*) from workflow.approvals a
			join `+d.table+` d on d.tenant_id = a.tenant_id and d.id::text = a.doc_id
			where a.doc_service = $1 and a.doc_type = $2 and a.status not in ('pending', 'info_requested')
				and d.status = any($3)`, d.docService, d.docType, d.waiting).Scan(&n)
		if err != nil {
			return p, fmt.Errorf("approval outcomes of %s: %w", d.table, err)
		}
		p.undelivered += n
		if err := conn.QueryRow(ctx, `select count(*) `+d.unaskedFrom(), d.docService, d.docType, d.openOnlyWhenWaiting).Scan(&n); err != nil {
			return p, fmt.Errorf("unasked documents of %s: %w", d.table, err)
		}
		p.unasked += n
	}
	return p, nil
}
