package events

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// round claims a batch, publishes it and marks what the brokers
// acknowledged as sent, all in one transaction whose row locks keep other
// relays off these rows until it ends. It returns how many rows it claimed.
//
// A key whose record failed keeps that row and every later row of the key
// unsent, so they are published again in order; records of the key that
// did reach the brokers are published twice, which consumers absorb by
// event id.
func (r *Relay) round(ctx context.Context) (int, error) {
	var claimed int
	var publishErr error
	// Marking rows sent need not wait for the disk (AsyncCommit): a mark
	// lost in a crash only republishes rows the brokers already have,
	// which consumers drop by event id. It saves a WAL flush per round on
	// the path of every event.
	err := r.deps.Pool.InTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		rows, err := tx.Query(ctx, r.claim, r.cfg.BatchSize)
		if err != nil {
			return fmt.Errorf("claim: %w", err)
		}
		ids, recs, err := r.scan(rows)
		if err != nil {
			return fmt.Errorf("claim: %w", err)
		}
		claimed = len(ids)
		if claimed == 0 {
			return nil
		}
		results := r.publish(ctx, recs)
		failedKeys := map[string]bool{}
		sent := make([]int64, 0, len(ids))
		// results keep the order of recs, so a failure is seen before the
		// later records of its key.
		for i, err := range results {
			key := string(recs[i].Key) + "\x00" + headerValue(recs[i], HeaderTenant)
			if err != nil {
				failedKeys[key] = true
				publishErr = err
				continue
			}
			if !failedKeys[key] {
				sent = append(sent, ids[i])
			}
		}
		if len(sent) > 0 {
			tx.Defer(r.mark, sent) // with the COMMIT
		}
		r.m.published.WithLabelValues(r.deps.Outbox.service).Add(float64(len(sent)))
		return nil
	}, db.AsyncCommit())
	if err != nil {
		return claimed, err
	}
	if publishErr != nil {
		return claimed, fmt.Errorf("publish: %w", publishErr)
	}
	return claimed, nil
}

// errNotAcknowledged fails a record the brokers did not acknowledge within
// the publish timeout.
var errNotAcknowledged = errors.New("not acknowledged within the publish timeout")

// publish produces recs and returns each one's outcome once all are
// acknowledged or the publish timeout passes. It does not wait longer:
// an idempotent producer cannot give up a record that may have reached a
// broker, so it goes on retrying it in the background. Such a record may
// arrive later, before its republished copy (one client's records of a
// partition stay in order), and consumers drop the copy by event id.
func (r *Relay) publish(ctx context.Context, recs []*kgo.Record) []error {
	ctx, cancel := context.WithTimeout(ctx, r.cfg.PublishTimeout)
	defer cancel()
	var (
		mu      sync.Mutex
		results = make([]error, len(recs))
		pending = len(recs)
		done    = make(chan struct{})
	)
	for i := range results {
		results[i] = errNotAcknowledged
	}
	for i, rec := range recs {
		if r.traced {
			withRecordTrace(ctx, rec)
		}
		r.deps.Kafka.Produce(ctx, rec, func(_ *kgo.Record, err error) {
			mu.Lock()
			defer mu.Unlock()
			results[i] = err
			if pending--; pending == 0 {
				close(done)
			}
		})
	}
	select {
	case <-done:
	case <-ctx.Done():
	}
	mu.Lock()
	defer mu.Unlock()
	return append([]error(nil), results...)
}

func (r *Relay) scan(rows pgx.Rows) ([]int64, []*kgo.Record, error) {
	defer rows.Close()
	topic := r.deps.Outbox.Topic()
	var ids []int64
	var recs []*kgo.Record
	for rows.Next() {
		var (
			id       int64
			eventID  uuid.UUID
			tenantID uuid.UUID
			ev       Event
			data     string
		)
		if err := rows.Scan(&id, &eventID, &tenantID, &ev.Type, &ev.Source, &ev.Subject, &ev.Actor,
			&ev.RequestID, &ev.TraceParent, &data, &ev.Time); err != nil {
			return nil, nil, err
		}
		ev.ID, ev.Tenant, ev.Data = eventID.String(), tenant.ID(tenantID), []byte(data)
		ids = append(ids, id)
		recs = append(recs, Record(topic, ev))
	}
	return ids, recs, rows.Err()
}

func headerValue(r *kgo.Record, key string) string {
	for _, h := range r.Headers {
		if h.Key == key {
			return string(h.Value)
		}
	}
	return ""
}

func (r *Relay) refreshBacklog(ctx context.Context) {
	var unsent int64
	var oldest *time.Time
	err := r.deps.Pool.InTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		return tx.QueryRow(ctx, r.backlog).Scan(&unsent, &oldest)
	})
	if err != nil {
		r.log.Debug("outbox backlog", "err", err)
		return
	}
	age := 0.0
	if oldest != nil {
		age = time.Since(*oldest).Seconds()
	}
	r.m.backlog.WithLabelValues(r.deps.Outbox.service).Set(float64(unsent))
	r.m.oldestAge.WithLabelValues(r.deps.Outbox.service).Set(age)
}

// pruneSent deletes sent rows past retention in bounded chunks, so one
// prune never holds a long transaction.
func (r *Relay) pruneSent(ctx context.Context) {
	const chunk = 5000
	cutoff := time.Now().Add(-r.cfg.Retention)
	for ctx.Err() == nil {
		var n int64
		err := r.deps.Pool.InTx(ctx, func(ctx context.Context, tx *db.Tx) error {
			return tx.QueryRow(ctx, r.prune, cutoff, chunk).Scan(&n)
		})
		if err != nil {
			r.log.Warn("prune outbox", "err", err)
			return
		}
		r.m.pruned.WithLabelValues(r.deps.Outbox.service).Add(float64(n))
		if n < chunk {
			return
		}
	}
}

// listen keeps a connection LISTENing on the outbox channel and signals
// notified for each notification, reconnecting after failures. Other
// processes' commits arrive this way; the safety poll covers the gaps
// while it reconnects.
func (r *Relay) listen(ctx context.Context, notified chan<- struct{}) {
	for attempt := 1; ctx.Err() == nil; attempt++ {
		err := r.listenOnce(ctx, notified)
		if ctx.Err() != nil {
			return
		}
		r.log.Warn("outbox listener", "err", err)
		if !sleep(ctx, backoff(attempt, 200*time.Millisecond, 10*time.Second)) {
			return
		}
	}
}

func (r *Relay) listenOnce(ctx context.Context, notified chan<- struct{}) error {
	var conn *pgx.Conn
	var err error
	if r.deps.ListenDSN != "" {
		conn, err = pgx.Connect(ctx, r.deps.ListenDSN)
	} else {
		conn, err = r.deps.Pool.Connect(ctx)
	}
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "listen "+pgx.Identifier{r.deps.Outbox.channel}.Sanitize()); err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	// Rows committed before LISTEN took effect are not notified.
	signal(notified)
	for {
		if _, err := conn.WaitForNotification(ctx); err != nil {
			return fmt.Errorf("wait: %w", err)
		}
		signal(notified)
	}
}

func signal(ch chan<- struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}

// backoff is exponential from base, capped at max, with full jitter over
// its upper half so that replicas that failed together retry apart.
func backoff(attempt int, base, max time.Duration) time.Duration {
	d := base
	for i := 1; i < attempt && d < max; i++ {
		d *= 2
	}
	d = min(d, max)
	return d/2 + rand.N(d/2+1)
}

// sleep waits d or until ctx ends; it reports whether d passed.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
