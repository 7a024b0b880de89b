package events

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/twmb/franz-go/pkg/kgo"
	"go.opentelemetry.io/otel/propagation"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/requestid"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// Context returns ctx carrying ev's tenant, request id and trace context,
// as the request that caused ev had them. In a consumer's handler the
// trace context is ev's `<topic> process` span, so what the handler does
// (statements, events it appends, workflows it starts) is that span's
// child.
func Context(ctx context.Context, ev Event) context.Context {
	ctx = tenant.With(ctx, ev.Tenant)
	if ev.RequestID != "" {
		ctx = requestid.With(ctx, ev.RequestID)
	}
	if sctx, ok := withProcessSpan(ctx, ev); ok {
		return sctx
	}
	if ev.TraceParent != "" {
		ctx = traceContext.Extract(ctx, propagation.MapCarrier{HeaderTraceParent: ev.TraceParent})
	}
	return ctx
}

// tenantWorkers bounds how many tenants' batches are handled at once, and
// so how many pooled connections one consumer holds.
const tenantWorkers = 4

// polled is one record of a poll: decoded, and whether it was handled.
type polled struct {
	rec     *kgo.Record
	ev      Event
	handled bool
}

// handleFetches handles a poll's records in one run per tenant, gathered
// across partitions, tenants in parallel, and returns for each partition
// the last record before the first one left unhandled (only an ending ctx
// leaves records unhandled).
//
// A tenant's records go into one transaction whatever partition they came
// from: per partition, and so per key, their order is kept, and a handler
// that serialises per tenant (the audit chain) commits once per poll
// instead of once per partition, one after the other.
func (c *Consumer) handleFetches(ctx context.Context, fetches kgo.Fetches) []*kgo.Record {
	type partition struct {
		recs []*polled
		hw   int64 // high watermark
	}
	var (
		parts   []partition
		tenants = map[tenant.ID][]*polled{}
		order   []tenant.ID
	)
	fetches.EachPartition(func(p kgo.FetchTopicPartition) {
		if len(p.Records) == 0 {
			return
		}
		recs := make([]*polled, len(p.Records))
		for i, r := range p.Records {
			recs[i] = &polled{rec: r}
			ev, err := Decode(r)
			if err != nil {
				// Undecodable records go to the dead-letter topic at once;
				// they belong to no tenant.
				recs[i].handled = ctx.Err() == nil && c.deadLetter(ctx, r, err.Error(), 0)
				continue
			}
			recs[i].ev = ev
			if c.cfg.Wants != nil && !c.cfg.Wants(ev) {
				recs[i].handled = true
				c.m.outcomes.WithLabelValues(c.cfg.Group, "unwanted").Inc()
				continue
			}
			if _, ok := tenants[ev.Tenant]; !ok {
				order = append(order, ev.Tenant)
			}
			tenants[ev.Tenant] = append(tenants[ev.Tenant], recs[i])
		}
		parts = append(parts, partition{recs, p.HighWatermark})
	})
	var wg sync.WaitGroup
	sem := make(chan struct{}, tenantWorkers)
	for _, t := range order {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			c.handleTenant(ctx, tenants[t])
		})
	}
	wg.Wait()
	var done []*kgo.Record
	for _, p := range parts {
		var last *kgo.Record
		for _, r := range p.recs {
			if !r.handled {
				break
			}
			last = r.rec
		}
		if last == nil {
			continue
		}
		done = append(done, last)
		c.m.lag.WithLabelValues(c.cfg.Group, last.Topic, strconv.Itoa(int(last.Partition))).
			Set(float64(max(0, p.hw-last.Offset-1)))
	}
	return done
}

// handleTenant handles one tenant's records in batches of at most
// BatchSize; it stops early only when ctx ends.
func (c *Consumer) handleTenant(ctx context.Context, recs []*polled) {
	for i := 0; i < len(recs); i += c.cfg.BatchSize {
		if ctx.Err() != nil || c.abandon.Load() {
			return
		}
		batch := recs[i:min(i+c.cfg.BatchSize, len(recs))]
		evs := make([]Event, len(batch))
		raw := make([]*kgo.Record, len(batch))
		for j, r := range batch {
			evs[j], raw[j] = r.ev, r.rec
		}
		if !c.handleBatch(ctx, evs, raw) {
			return
		}
		for _, r := range batch {
			r.handled = true
		}
	}
}

// handleBatch handles evs in one transaction; when that fails it retries
// them one by one, so one poison event does not hold back the others. It
// reports false when ctx ended first.
func (c *Consumer) handleBatch(ctx context.Context, evs []Event, recs []*kgo.Record) bool {
	start := time.Now()
	defer func() { c.m.latency.WithLabelValues(c.cfg.Group).Observe(time.Since(start).Seconds()) }()
	err := c.inTx(ctx, evs)
	if err == nil {
		return true
	}
	if ctx.Err() != nil {
		return false
	}
	// The failed transaction was the first attempt of each event; now
	// they go one by one, so the others commit around a poison event. One
	// event may have failed the batch for all, so each is tried again at
	// once, and only one that fails on its own waits for its backoff:
	// waiting first for every event would hold the partition back for the
	// batch's length times the backoff.
	for i, ev := range evs {
		tried, evErr := 1, err
		if len(evs) > 1 && c.cfg.MaxAttempts > 1 {
			tried = 2
			c.m.outcomes.WithLabelValues(c.cfg.Group, "retried").Inc()
			if evErr = c.inTx(ctx, []Event{ev}); evErr == nil {
				continue
			}
			if ctx.Err() != nil {
				return false
			}
		}
		if !c.retry(ctx, ev, recs[i], tried, evErr) {
			return false
		}
	}
	return true
}

// retry tries ev again with backoff after it failed tried times, then
// sends it to the dead-letter topic. An UNAVAILABLE failure (the database
// or a service the handler needs is down) says nothing against the
// event: it is tried again, at the backoff's ceiling, for as long as that
// lasts, and the partition waits with it, since dead-lettering it would
// lose its effect to an outage. It reports false when ctx ended first.
func (c *Consumer) retry(ctx context.Context, ev Event, rec *kgo.Record, tried int, err error) bool {
	for attempt := tried + 1; attempt <= c.cfg.MaxAttempts || errs.Is(err, errs.Unavailable); attempt++ {
		c.m.outcomes.WithLabelValues(c.cfg.Group, "retried").Inc()
		if !sleep(ctx, backoff(attempt-tried, c.cfg.BackoffBase, c.cfg.BackoffMax)) {
			return false
		}
		if err = c.inTx(ctx, []Event{ev}); err == nil {
			return true
		}
		if ctx.Err() != nil {
			return false
		}
	}
	c.log.Warn("event failed; dead-lettering", "event", ev.ID, "type", ev.Type, "err", err)
	return c.deadLetter(ctx, rec, err.Error(), c.cfg.MaxAttempts)
}

// inTx records evs in the inbox and hands the new ones to the handler, in
// one transaction of their tenant.
func (c *Consumer) inTx(ctx context.Context, evs []Event) error {
	ids := make([]uuid.UUID, len(evs))
	for i, ev := range evs {
		ids[i] = uuid.MustParse(ev.ID) // Decode checked it
	}
	ctx, evs, endSpans := c.startProcess(ctx, evs)
	if len(evs) == 1 {
		ctx = Context(ctx, evs[0])
	} else {
		ctx = tenant.With(ctx, evs[0].Tenant)
	}
	handle, err := c.prepared(ctx, evs)
	if err != nil {
		endSpans(err)
		return err
	}
	var fresh []Event
	err = c.deps.Pool.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		rows, err := tx.Query(ctx, c.inbox, evs[0].Tenant.UUID(), c.cfg.Group, ids)
		if err != nil {
			return fmt.Errorf("inbox: %w", err)
		}
		isNew := map[uuid.UUID]bool{}
		for rows.Next() {
			var id uuid.UUID
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return fmt.Errorf("inbox: %w", err)
			}
			isNew[id] = true
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("inbox: %w", err)
		}
		fresh = fresh[:0]
		for i, ev := range evs {
			// A poll may hold one event twice; only its first copy is new.
			if isNew[ids[i]] {
				isNew[ids[i]] = false
				fresh = append(fresh, ev)
			}
		}
		if len(fresh) == 0 {
			return nil
		}
		return handle(ctx, tx, fresh)
	}, db.AsyncCommit()) // durable before its offset is committed: see settled
	endSpans(err)
	if err != nil {
		return err
	}
	now := time.Now()
	for _, ev := range fresh {
		c.m.age.WithLabelValues(c.cfg.Group).Observe(now.Sub(ev.Time).Seconds())
	}
	c.m.outcomes.WithLabelValues(c.cfg.Group, "processed").Add(float64(len(fresh)))
	c.m.outcomes.WithLabelValues(c.cfg.Group, "duplicate").Add(float64(len(evs) - len(fresh)))
	return nil
}

// prepared runs the consumer's Prepare for each of evs, outside any
// transaction, and returns the handler of their transaction: the one the
// consumer was made with when it has no Prepare.
func (c *Consumer) prepared(ctx context.Context, evs []Event) (BatchHandler, error) {
	if c.prepare == nil {
		return c.handle, nil
	}
	hs := make(map[string]Handler, len(evs))
	for _, ev := range evs {
		h, err := c.prepare(Context(ctx, ev), ev)
		if err != nil {
			return nil, fmt.Errorf("event %s: %w", ev.ID, err)
		}
		hs[ev.ID] = h
	}
	return PerEvent(func(ctx context.Context, tx *db.Tx, ev Event) error {
		if h := hs[ev.ID]; h != nil {
			return h(ctx, tx, ev)
		}
		return nil
	}), nil
}
