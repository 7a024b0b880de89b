package audit

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// Record appends evs, all of tx's tenant, to the tenant's chain. It is the
// audit consumer's handler: the consumer's inbox, written in the same
// transaction, keeps an event from being recorded twice. The chain head
// row lock serialises concurrent appends for one tenant.
func (s *Service) Record(ctx context.Context, tx *db.Tx, evs []events.Event) error {
	t := tx.Tenant()
	seq, prev, err := lockHead(ctx, tx, t)
	if err != nil {
		return err
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
			return fmt.Errorf("hash entry: %w", err)
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
	return nil
}

// lockHead locks the tenant's chain head, creating it on the first entry,
// and returns the last sequence number and hash.
func lockHead(ctx context.Context, tx *db.Tx, t tenant.ID) (int64, []byte, error) {
	const lock = "select seq, hash from audit.chain_heads where tenant_id = $1 for update"
	var seq int64
	var hash []byte
	err := tx.QueryRow(ctx, lock, t.UUID()).Scan(&seq, &hash)
	if errors.Is(err, pgx.ErrNoRows) {
		g := genesis(t)
		if _, err := tx.Exec(ctx, `insert into audit.chain_heads (tenant_id, seq, hash, anchor_seq, anchor_hash)
			values ($1, 0, $2, 0, $2) on conflict do nothing`, t.UUID(), g); err != nil {
			return 0, nil, fmt.Errorf("create chain head: %w", err)
		}
		err = tx.QueryRow(ctx, lock, t.UUID()).Scan(&seq, &hash)
	}
	if err != nil {
		return 0, nil, fmt.Errorf("lock chain head: %w", err)
	}
	return seq, hash, nil
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
	err := s.pool.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) error {
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
	})
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
