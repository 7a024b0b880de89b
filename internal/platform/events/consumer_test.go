package events_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/kafkax"
	"github.com/vextrus/vextrus/internal/platform/requestid"
	"github.com/vextrus/vextrus/internal/platform/tenant"
	"github.com/vextrus/vextrus/internal/platform/testwait"
)

const shopTopic = "vextrus.shop.events"

func fastRetries(group string) events.ConsumerConfig {
	return events.ConsumerConfig{Group: group, Topics: []string{shopTopic}, MaxAttempts: 3,
		BackoffBase: 5 * time.Millisecond, BackoffMax: 20 * time.Millisecond}
}

func dlqHeader(r *kgo.Record, key string) string {
	for _, h := range r.Headers {
		if h.Key == key {
			return string(h.Value)
		}
	}
	return ""
}

func TestPoisonEventGoesToTheDLQAndLaterEventsFlow(t *testing.T) {
	t.Parallel()
	e := newEnv(t, newBroker(t))
	e.relay(t, events.RelayConfig{}, nil)
	ctx, _ := tenantCtx()
	attempts := 0
	e.consumer(t, fastRetries("poison"), events.PerEvent(func(ctx context.Context, tx *db.Tx, ev events.Event) error {
		if ev.Subject == "poison" {
			attempts++
			return errors.New("cannot digest this")
		}
		return record(ctx, tx, ev)
	}))
	for i, s := range []string{"before", "poison", "after"} {
		if err := e.place(ctx, s, placed{Total: 1, N: i + 1}); err != nil {
			t.Fatal(err)
		}
	}
	dlq := readAll(t, e.kafka, events.DLQTopic(shopTopic), func(r []*kgo.Record) bool { return len(r) >= 1 })
	if got := dlqHeader(dlq[0], events.HeaderDLQReason); !strings.Contains(got, "cannot digest this") {
		t.Errorf("dlq reason %q, want the handler's error", got)
	}
	if got := dlqHeader(dlq[0], events.HeaderDLQAttempts); got != "3" {
		t.Errorf("dlq attempts %q, want 3", got)
	}
	if ev, err := events.Decode(dlq[0]); err != nil || ev.Subject != "poison" {
		t.Errorf("dead-lettered record %+v (%v) is not the poison event with its envelope", ev, err)
	}
	testwait.Until(t, 10*time.Second, "the events around the poison have their effect", func() (bool, error) {
		n, err := count(e, "select count(*) from shop.effects where subject in ('before', 'after')")()
		return n == 2, err
	})
	if attempts != 3 {
		t.Errorf("poison tried %d times, want 3", attempts)
	}
}

// TestAnEventWaitsOutAnOutageInsteadOfTheDLQ: a handler failing with
// UNAVAILABLE (its database or a service it needs is down) far more often
// than MaxAttempts keeps its event, which has its effect once the outage
// ends; dead-lettering it would lose the effect.
func TestAnEventWaitsOutAnOutageInsteadOfTheDLQ(t *testing.T) {
	t.Parallel()
	e := newEnv(t, newBroker(t))
	e.relay(t, events.RelayConfig{}, nil)
	ctx, _ := tenantCtx()
	const outage = 7 // failures, against MaxAttempts 3
	var attempts atomic.Int32
	e.consumer(t, fastRetries("outage"), events.PerEvent(func(ctx context.Context, tx *db.Tx, ev events.Event) error {
		if attempts.Add(1) <= outage {
			return errs.E(errs.Unavailable, "the database is unavailable")
		}
		return record(ctx, tx, ev)
	}))
	if err := e.place(ctx, "through the outage", placed{Total: 1, N: 1}); err != nil {
		t.Fatal(err)
	}
	testwait.Until(t, 20*time.Second, "the event has its effect after the outage", func() (bool, error) {
		n, err := count(e, "select count(*) from shop.effects where subject = 'through the outage'")()
		return n == 1, err
	})
	if got := attempts.Load(); got != outage+1 {
		t.Errorf("tried %d times, want %d: every failure during the outage, then the success", got, outage+1)
	}
}

func TestMalformedRecordsGoToTheDLQ(t *testing.T) {
	t.Parallel()
	b := newBroker(t)
	e := newEnv(t, b)
	e.relay(t, events.RelayConfig{}, nil) // creates the topics
	cl, err := kafkax.NewClient(e.kafka)
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	ctx, tid := tenantCtx()
	good := events.Record(shopTopic, events.Event{ID: "01900000-0000-7000-8000-00000000000a", Source: "shop",
		Type: orderPlaced, Subject: "good", Time: time.Now(), Tenant: tid, Data: []byte(`{"total":1,"n":1}`)})
	badJSON := *good
	badJSON.Value = []byte("{not json")
	badJSON.Key = []byte("bad-json")
	produce := []*kgo.Record{{Topic: shopTopic, Key: []byte("bare"), Value: []byte(`{"total":1}`)}, &badJSON, good}
	if err := cl.ProduceSync(context.Background(), produce...).FirstErr(); err != nil {
		t.Fatal(err)
	}
	e.consumer(t, fastRetries("strict"), events.PerEvent(record))
	dlq := readAll(t, e.kafka, events.DLQTopic(shopTopic), func(r []*kgo.Record) bool { return len(r) >= 2 })
	for _, r := range dlq {
		if !strings.Contains(dlqHeader(r, events.HeaderDLQReason), "malformed") {
			t.Errorf("dlq record %s: reason %q", r.Key, dlqHeader(r, events.HeaderDLQReason))
		}
	}
	testwait.Until(t, 10*time.Second, "the good event after them has its effect", func() (bool, error) {
		var n int
		err := e.db.App.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
			return tx.QueryRow(ctx, "select count(*) from shop.effects where subject = 'good'").Scan(&n)
		})
		return n == 1, err
	})
}

func TestRedeliveredEventsHaveTheirEffectOnce(t *testing.T) {
	t.Parallel()
	e := newEnv(t, newBroker(t))
	e.relay(t, events.RelayConfig{}, nil)
	cl, err := kafkax.NewClient(e.kafka)
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	tid := tenant.New()
	ev := events.Event{ID: "01900000-0000-7000-8000-00000000000b", Source: "shop", Type: orderPlaced,
		Subject: "dup", Time: time.Now(), Tenant: tid, RequestID: "req-dup", Data: []byte(`{"total":1,"n":1}`)}
	// The same event three times, as a relay that crashed before marking
	// it sent would publish it.
	for range 3 {
		if err := cl.ProduceSync(context.Background(), events.Record(shopTopic, ev)).FirstErr(); err != nil {
			t.Fatal(err)
		}
	}
	seenCtx := make(chan [2]string, 3)
	e.consumer(t, fastRetries("once"), events.PerEvent(func(ctx context.Context, tx *db.Tx, ev events.Event) error {
		got, _ := tenant.From(ctx)
		seenCtx <- [2]string{got.String(), requestid.From(ctx)}
		return record(ctx, tx, ev)
	}))
	testwait.Until(t, 10*time.Second, "the event has its effect", func() (bool, error) {
		n, err := count(e, "select count(*) from shop.effects")()
		return n >= 1, err
	})
	if got := <-seenCtx; got != [2]string{tid.String(), "req-dup"} {
		t.Errorf("handler ctx tenant and request id %v, want the event's", got)
	}
	// A later event proves the duplicates were consumed, not pending.
	ev.ID, ev.Subject = "01900000-0000-7000-8000-00000000000c", "later"
	if err := cl.ProduceSync(context.Background(), events.Record(shopTopic, ev)).FirstErr(); err != nil {
		t.Fatal(err)
	}
	testwait.Until(t, 10*time.Second, "the later event has its effect", func() (bool, error) {
		n, err := count(e, "select count(*) from shop.effects where subject = 'later'")()
		return n == 1, err
	})
	if n, _ := count(e, "select count(*) from shop.effects where subject = 'dup'")(); n != 1 {
		t.Errorf("the redelivered event had %d effects, want 1", n)
	}
}

func TestAFailedBatchDoesNotMakeEveryEventWaitItsBackoff(t *testing.T) {
	t.Parallel()
	e := newEnv(t, newBroker(t))
	ctx, _ := tenantCtx()
	const n = 20
	for i := range n {
		if err := e.place(ctx, fmt.Sprintf("order-%d", i), placed{Total: 1, N: i + 1}); err != nil {
			t.Fatal(err)
		}
	}
	// The relay publishes the whole backlog at once, so the consumer gets
	// it in one batch; that batch's transaction fails once, as a lost
	// connection would fail it.
	e.relay(t, events.RelayConfig{}, nil)
	var failed atomic.Bool
	cfg := fastRetries("transient")
	cfg.BackoffBase, cfg.BackoffMax = 2*time.Second, 2*time.Second
	e.consumer(t, cfg, func(ctx context.Context, tx *db.Tx, evs []events.Event) error {
		if len(evs) > 1 && failed.CompareAndSwap(false, true) {
			return errors.New("connection lost")
		}
		for _, ev := range evs {
			if err := record(ctx, tx, ev); err != nil {
				return err
			}
		}
		return nil
	})
	// Waiting a backoff of 1-2 s before each event would take 20-40 s.
	testwait.Until(t, 8*time.Second, "every event has its effect", func() (bool, error) {
		got, err := count(e, "select count(*) from shop.effects")()
		return got == n, err
	})
	if !failed.Load() {
		t.Fatal("no batch of more than one event reached the handler; the test proved nothing")
	}
}

func TestOffsetsAreCommittedOnlyOnceTheTransactionsAreDurable(t *testing.T) {
	t.Parallel()
	e := newEnv(t, newBroker(t))
	e.relay(t, events.RelayConfig{}, nil)
	ctx, _ := tenantCtx()
	const n = 3
	for i := range n {
		if err := e.place(ctx, fmt.Sprintf("order-%d", i), placed{Total: 1, N: i + 1}); err != nil {
			t.Fatal(err)
		}
	}
	// committed reads the group's committed offsets, summed over the
	// topic's partitions: the records it will not be given again.
	committed := func(group string) int64 {
		cl, err := kafkax.NewClient(e.kafka)
		if err != nil {
			t.Fatal(err)
		}
		defer cl.Close()
		offsets, err := kadm.NewClient(cl).FetchOffsets(context.Background(), group)
		if err != nil {
			t.Fatal(err)
		}
		var sum int64
		offsets.Each(func(o kadm.OffsetResponse) {
			if o.Topic == shopTopic && o.Err == nil {
				sum += o.At
			}
		})
		return sum
	}
	for _, durable := range []bool{true, false} {
		group := fmt.Sprintf("durable-%t", durable)
		cfg := fastRetries(group)
		cfg.InboxSchema = "shop"
		c, err := events.NewConsumer(cfg, events.ConsumerDeps{Pool: e.db.App, Kafka: e.kafka}, events.PerEvent(record))
		if err != nil {
			t.Fatal(err)
		}
		if !durable {
			c.NeverFlushed()
		}
		if err := c.Start(context.Background()); err != nil {
			t.Fatal(err)
		}
		testwait.Until(t, 10*time.Second, "the consumer handles the events", func() (bool, error) {
			got, err := count(e, "select count(*) from shop.inbox where consumer = $1", group)()
			return got == n, err
		})
		// A clean stop waits for the server's WAL writer to flush (within
		// a few hundred milliseconds); one that never sees it flushed
		// gives up when its time is out.
		wait := 10 * time.Second
		if !durable {
			wait = time.Second
		}
		stop, cancel := context.WithTimeout(context.Background(), wait)
		if err := c.Stop(stop); err != nil {
			t.Errorf("%s: stop: %v", group, err)
		}
		cancel()
		switch got := committed(group); {
		case durable && got != n:
			t.Errorf("a clean stop after durable transactions committed offset %d, want %d", got, n)
		case !durable && got != 0:
			t.Errorf("with the WAL not flushed, offset %d was committed; a crash of the database could lose those events", got)
		}
	}
}

func TestEventsTheConsumerDoesNotWantCostNoTransaction(t *testing.T) {
	t.Parallel()
	e := newEnv(t, newBroker(t))
	ctx, _ := tenantCtx()
	// Odd-numbered orders are wanted, even ones not; the last is wanted,
	// so its effect shows that the unwanted ones before it were passed.
	const n = 7
	for i := 1; i <= n; i++ {
		if err := e.place(ctx, fmt.Sprintf("order-%d", i), placed{Total: 1, N: i}); err != nil {
			t.Fatal(err)
		}
	}
	e.relay(t, events.RelayConfig{}, nil)
	var handled atomic.Int32
	cfg := fastRetries("picky")
	cfg.Wants = func(ev events.Event) bool { return ev.Subject[len(ev.Subject)-1]%2 == 1 }
	e.consumer(t, cfg, events.PerEvent(func(ctx context.Context, tx *db.Tx, ev events.Event) error {
		handled.Add(1)
		if ev.Subject[len(ev.Subject)-1]%2 == 0 {
			return fmt.Errorf("the unwanted event %s reached the handler", ev.Subject)
		}
		return record(ctx, tx, ev)
	}))
	testwait.Until(t, 10*time.Second, "the wanted events have their effect", func() (bool, error) {
		got, err := count(e, "select count(*) from shop.effects")()
		return got == (n+1)/2, err
	})
	if got := handled.Load(); got != (n+1)/2 {
		t.Errorf("the handler saw %d events, want only the %d wanted", got, (n+1)/2)
	}
	if got, _ := count(e, "select count(*) from shop.inbox where consumer = 'picky'")(); got != (n+1)/2 {
		t.Errorf("the inbox holds %d events, want only the %d wanted", got, (n+1)/2)
	}
}

// TestPrepareReadsBeforeTheTransactionTakesAConnection: a Prepare reads
// as a service of the same process answers, through the consumer's own
// pool, under the event's tenant; with that pool down to one connection
// every event still has its effect, carrying what was read. Were the read
// made inside the event's transaction, it would wait for the connection
// the transaction holds.
func TestPrepareReadsBeforeTheTransactionTakesAConnection(t *testing.T) {
	t.Parallel()
	e := newEnv(t, newBroker(t))
	ctx, _ := tenantCtx()
	pool, err := db.Open(context.Background(), e.db.AppURL, db.Options{MaxConns: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	totals := map[string]int64{"a": 10, "b": 20, "c": 30}
	for s, total := range totals {
		if err := e.place(ctx, s, placed{Total: total, N: 1}); err != nil {
			t.Fatal(err)
		}
	}
	e.relay(t, events.RelayConfig{}, nil)
	prepare := func(ctx context.Context, ev events.Event) (events.Handler, error) {
		var total int64
		err := pool.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
			return tx.QueryRow(ctx, "select total from shop.orders where id = $1", ev.Subject+"-1").Scan(&total)
		})
		if err != nil {
			return nil, err
		}
		return func(ctx context.Context, tx *db.Tx, ev events.Event) error {
			_, err := tx.Exec(ctx, "insert into shop.effects (tenant_id, event_id, subject, n) values ($1, $2, $3, $4)",
				ev.Tenant.UUID(), ev.ID, ev.Subject, total)
			return err
		}, nil
	}
	cfg := fastRetries("prepared")
	cfg.InboxSchema = "shop"
	c, err := events.NewPreparedConsumer(cfg, events.ConsumerDeps{Pool: pool, Kafka: e.kafka}, prepare)
	if err != nil {
		t.Fatal(err)
	}
	started(t, c)
	testwait.Until(t, 10*time.Second, "every event has its effect with the total its Prepare read", func() (bool, error) {
		n, err := count(e, "select count(*) from shop.effects e join shop.orders o on o.id = e.subject || '-1' and o.total = e.n")()
		return n == len(totals), err
	})
}
