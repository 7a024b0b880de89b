package events

import (
	"context"
	"encoding/json"
	"hash/fnv"
	"slices"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/requestid"
)

// Outbox appends a service's events to the outbox table of its schema
// (created by `SELECT platform.create_outbox('<service>')` in a migration),
// inside the caller's tenant transaction. It is safe for concurrent use.
type Outbox struct {
	service string
	table   string
	channel string
	schemas *Schemas
	// relays counts the relays of this process attached to the outbox;
	// while one is, commits wake it in process and skip NOTIFY (see Append).
	relays atomic.Int32
	wake   chan struct{}
}

// Option adjusts an Outbox.
type Option func(*Outbox)

// WithSchemas validates payloads against s instead of the schemas embedded
// from api/events, for tests and tools with their own event types.
func WithSchemas(s *Schemas) Option { return func(o *Outbox) { o.schemas = s } }

// NewOutbox returns the outbox of service, whose schema has the same name.
func NewOutbox(service string, opts ...Option) (*Outbox, error) {
	if err := checkService(service); err != nil {
		return nil, err
	}
	o := &Outbox{
		service: service,
		table:   pgx.Identifier{service, "outbox"}.Sanitize(),
		channel: "vextrus_outbox_" + service,
		wake:    make(chan struct{}, 1),
	}
	for _, opt := range opts {
		opt(o)
	}
	if o.schemas == nil {
		s, err := DefaultSchemas()
		if err != nil {
			return nil, err
		}
		o.schemas = s
	}
	return o, nil
}

// Service is the service whose outbox this is.
func (o *Outbox) Service() string { return o.service }

// Topic is where the relay publishes this outbox.
func (o *Outbox) Topic() string { return Topic(o.service) }

// Append validates drafts and inserts them into the outbox in tx, so they
// are published if and only if tx commits. Each gets a UUIDv7 id, the
// service as source, tx's tenant, and the actor, request id and trace
// context of ctx: when ctx's span is recorded, that of an `outbox append`
// span opened below it, whose child the relay's publish span will be.
//
// The insert is deferred (db.Tx.Defer): it reaches the database with tx's
// next statement or with its COMMIT, in the same round trip, and a
// database error fails tx there. At that point it takes a lock per
// subject that it holds until tx ends, so of two transactions appending
// events of one subject the second to get there waits for the first to
// commit: per subject the outbox order is the commit order.
//
// Returns INVALID_ARGUMENT naming the field when a type is not the
// service's or has no schema, a subject is empty, or a payload fails its
// schema (the caller returns it and the business transaction rolls back),
// and FAILED_PRECONDITION when tx belongs to no tenant.
func (o *Outbox) Append(ctx context.Context, tx *db.Tx, drafts ...Draft) error {
	if len(drafts) == 0 {
		return nil
	}
	t := tx.Tenant()
	if t.IsZero() {
		return errs.E(errs.FailedPrecondition, "events are appended in a tenant transaction")
	}
	n := len(drafts)
	var (
		col                  errs.Collector
		ids, types, subjects = make([]uuid.UUID, n), make([]string, n), make([]string, n)
		payloads             = make([]string, n)
		locks                = make([]int64, 0, n)
	)
	for i, d := range drafts {
		prefix := ""
		if n > 1 {
			prefix = "events[" + strconv.Itoa(i) + "]"
		}
		if m := TypePattern.FindStringSubmatch(d.Type); m == nil || m[1] != o.service {
			col.Add(join(prefix, "type"), "must be vextrus.%s.<entity>.<verb>.v<n> (or vextrus.%s.<verb>.v<n>)", o.service, o.service)
			continue
		}
		col.Check(d.Subject != "", join(prefix, "subject"), "is required")
		data, err := json.Marshal(d.Data)
		if err != nil {
			col.Add(join(prefix, "data"), "cannot be encoded as JSON")
			continue
		}
		col.Merge("", o.schemas.Validate(prefix, d.Type, data))
		ids[i] = uuid.Must(uuid.NewV7())
		types[i], subjects[i], payloads[i] = d.Type, d.Subject, string(data)
		locks = append(locks, keyLock(o.service, t.String(), d.Subject))
	}
	if err := col.Err(); err != nil {
		return err
	}
	// Sorted, so two transactions appending the same keys cannot deadlock.
	slices.Sort(locks)
	locks = slices.Compact(locks)
	actor := authz.Actor(ctx)
	ctx, endAppend := startAppend(ctx, o.Topic(), n)
	defer endAppend()
	now := time.Now().UTC().Truncate(time.Microsecond)
	// The key locks are taken by the uncorrelated scalar subquery, which
	// PostgreSQL runs once before the first row is inserted: one round
	// trip for locking and inserting. Its condition always holds (a count
	// is never null); it is there to run the locks first.
	tx.Defer(`insert into `+o.table+`
		(event_id, tenant_id, type, source, subject, actor, request_id, traceparent, data, occurred_at)
		select e.id, $2, e.type, $3, e.subject, $4, $5, $6, e.data::json, $7
		from unnest($1::uuid[], $8::text[], $9::text[], $10::text[]) with ordinality as e(id, type, subject, data, n)
		where (select count(pg_advisory_xact_lock(k)) from unnest($11::bigint[]) k) is not null
		order by e.n`,
		ids, t.UUID(), o.service, actor, requestid.From(ctx), traceParent(ctx), now,
		types, subjects, payloads, locks)
	if o.relays.Load() == 0 {
		// No relay in this process: wake the others. NOTIFY is
		// transactional, so it is delivered only if tx commits; it also
		// serialises committing transactions, which a local relay avoids.
		tx.Defer("select pg_notify($1, '')", o.channel)
	}
	tx.AfterCommit(o.signal)
	return nil
}

// signal wakes a relay of this process without blocking.
func (o *Outbox) signal(context.Context) {
	select {
	case o.wake <- struct{}{}:
	default:
	}
}

// keyLock is the advisory lock id of one event key. A collision between
// keys only makes their writers wait for each other.
func keyLock(service, tenantID, subject string) int64 {
	h := fnv.New64a()
	for _, s := range []string{"outbox", service, tenantID, subject} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return int64(h.Sum64())
}
