package dbtest

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// OutboxEvent is one stored event of a service's outbox.
type OutboxEvent struct {
	Type, Subject, Actor string
	Data                 json.RawMessage
}

// Outbox returns the events of type typ of tenant t in the outbox of the
// service whose schema is schema, oldest first, read as the admin so
// row-level security does not hide any.
func (d *DB) Outbox(tb testing.TB, schema string, t tenant.ID, typ string) []OutboxEvent {
	tb.Helper()
	rows, err := d.Admin.Query(context.Background(), `SELECT type, subject, actor, data::text FROM `+
		pgx.Identifier{schema, "outbox"}.Sanitize()+` WHERE tenant_id = $1 AND type = $2 ORDER BY id`, t.UUID(), typ)
	if err != nil {
		tb.Fatalf("read %s outbox: %v", schema, err)
	}
	defer rows.Close()
	var out []OutboxEvent
	for rows.Next() {
		var e OutboxEvent
		var data string
		if err := rows.Scan(&e.Type, &e.Subject, &e.Actor, &data); err != nil {
			tb.Fatal(err)
		}
		e.Data = json.RawMessage(data)
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}
