package audit

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// Record appends evs, all of tx's tenant, to the tenant's chain, except
// those the log already holds, and returns those it appended. It is the
// audit consumer's handler (an events.IdempotentHandler): the log's
// entries, one per event id, are the consumer's record of what it
// processed, so a redelivered event is not recorded twice. The chain head
// row lock serialises concurrent appends for one tenant.
func (s *Service) Record(ctx context.Context, tx *db.Tx, evs []events.Event) ([]events.Event, error) {
	t := tx.Tenant()
	seq, prev, evs, err := openAppend(ctx, tx, t, evs)
	if err != nil || len(evs) == 0 {
		return nil, err
	}
	// Columns as arrays: one INSERT for the batch (COPY does not work
	// under row-level security).
	n := len(evs)
	var (
		seqs                                          = make([]int64, n)
		ids                                           = make([]uuid.UUID, n)
		types, sources, subjects, actors, reqs, datas = make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
		times                                         = make([]time.Time, n)
		prevs, hashes                                 = make([][]byte, n), make([][]byte, n)
	)
	for i, ev := range evs {
		seq++
		e := fromEvent(ev, seq)
		hash, err := entryHash(t, prev, &e)
		if err != nil {
			return nil, fmt.Errorf("hash entry: %w", err)
		}
		seqs[i], ids[i], types[i], sources[i], subjects[i] = seq, uuid.MustParse(e.EventID), e.Type, e.Source, e.Subject
		actors[i], reqs[i], times[i], datas[i], prevs[i], hashes[i] = e.Actor, e.RequestID, e.OccurredAt, string(e.Data), prev, hash
		prev = hash
	}
	// One statement appends the entries and advances the head (a
	// data-modifying WITH always runs to completion). It goes with the
	// COMMIT, so the head's lock is held one round trip less; an error
	// fails the commit.
	tx.Defer(`with appended as (
		insert into audit.entries
		(tenant_id, seq, event_id, type, source, subject, actor, request_id, occurred_at, data, prev_hash, hash)
		select $1, e.seq, e.id, e.type, e.source, e.subject, e.actor, e.req, e.at, e.data::json, e.prev, e.hash
		from unnest($2::bigint[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
		            $9::timestamptz[], $10::text[], $11::bytea[], $12::bytea[])
		     as e(seq, id, type, source, subject, actor, req, at, data, prev, hash))
		update audit.chain_heads set seq = $13, hash = $14 where tenant_id = $1`,
		t.UUID(), seqs, ids, types, sources, subjects, actors, reqs, times, datas, prevs, hashes, seq, prev)
	return evs, nil
}

// openAppend locks the tenant's chain head, creating it on the first
// entry, and returns the last sequence number and hash, and evs without
// the events the log already holds (each event once).
func openAppend(ctx context.Context, tx *db.Tx, t tenant.ID, evs []events.Event) (int64, []byte, []events.Event, error) {
	ids := make([]uuid.UUID, len(evs))
	for i, ev := range evs {
		id, err := uuid.Parse(ev.ID)
		if err != nil {
			return 0, nil, nil, fmt.Errorf("event id %q: %w", ev.ID, err)
		}
		ids[i] = id
	}
	var (
		seq      int64
		hash     []byte
		recorded []uuid.UUID
	)
	err := tx.QueryRow(ctx, "select seq, hash, recorded from audit.open_append($1, $2, $3)", t.UUID(), ids, genesis(t)).
		Scan(&seq, &hash, &recorded)
	if err != nil {
		return 0, nil, nil, fmt.Errorf("lock chain head: %w", err)
	}
	skip := make(map[uuid.UUID]bool, len(recorded)+len(evs))
	for _, id := range recorded {
		skip[id] = true
	}
	fresh := evs[:0:0]
	for i, ev := range evs {
		if !skip[ids[i]] {
			skip[ids[i]] = true
			fresh = append(fresh, ev)
		}
	}
	return seq, hash, fresh, nil
}

func fromEvent(ev events.Event, seq int64) Entry {
	return Entry{
		Seq: seq, EventID: ev.ID, Type: ev.Type, Source: ev.Source, Subject: ev.Subject, Actor: ev.Actor,
		RequestID: ev.RequestID, Data: ev.Data,
		// timestamptz keeps microseconds; the hash must cover what is kept.
		OccurredAt: ev.Time.UTC().Truncate(time.Microsecond),
	}
}

const selectEntry = `select seq, event_id, type, source, subject, actor, request_id, occurred_at,
	recorded_at, data::text, prev_hash, hash from audit.entries`

func scanEntry(row pgx.Row) (Entry, error) {
	var e Entry
	var id uuid.UUID
	var data string
	err := row.Scan(&e.Seq, &id, &e.Type, &e.Source, &e.Subject, &e.Actor, &e.RequestID, &e.OccurredAt,
		&e.RecordedAt, &data, &e.PrevHash, &e.Hash)
	e.EventID, e.Data = id.String(), []byte(data)
	e.OccurredAt, e.RecordedAt = e.OccurredAt.UTC(), e.RecordedAt.UTC()
	return e, err
}

// list reads one page of the tenant of ctx, newest first.
func (s *Service) list(ctx context.Context, f Filter, before int64) ([]Entry, error) {
	var out []Entry
	err := s.pool.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		rows, err := tx.Query(ctx, selectEntry+`
			where ($1 = '' or subject = $1) and ($2 = '' or type = $2) and ($3 = '' or actor = $3)
			  and ($4::timestamptz is null or occurred_at >= $4) and ($5::timestamptz is null or occurred_at < $5)
			  and ($6 = 0 or seq < $6)
			order by seq desc limit $7`,
			f.Subject, f.Type, f.Actor, nullTime(f.From), nullTime(f.To), before, f.Limit+1)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			e, err := scanEntry(rows)
			if err != nil {
				return err
			}
			out = append(out, e)
		}
		return rows.Err()
	}, db.Read())
	return out, err
}

func nullTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// prune deletes expired chain prefixes of every tenant (a cross-tenant
// path through audit.prune_entries) and returns how many entries went.
func (s *Service) prune(ctx context.Context, now time.Time) (int64, error) {
	var def *time.Time
	if s.cfg.Retention > 0 {
		d := now.Add(-s.cfg.Retention)
		def = &d
	}
	var ids []uuid.UUID
	var befores []time.Time
	for id, d := range s.cfg.TenantRetention {
		t, err := tenant.Parse(id)
		if err != nil {
			continue // Validate reported it
		}
		ids, befores = append(ids, t.UUID()), append(befores, now.Add(-d))
	}
	var n int64
	err := s.pool.InTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		return tx.QueryRow(ctx, "select audit.prune_entries($1, $2, $3)", def, ids, befores).Scan(&n)
	})
	return n, err
}
