package webhook_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/vextrus/vextrus/internal/notify/webhook"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/kafkax"
	"github.com/vextrus/vextrus/internal/platform/kafkax/kafkatest"
	"github.com/vextrus/vextrus/internal/platform/tenant"
	"github.com/vextrus/vextrus/internal/platform/testwait"
)

func TestEventDeliveredTwiceByKafkaMakesOneDelivery(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(d *webhook.Deps) { d.DiscoveryInterval = 200 * time.Millisecond })
	tid := tenant.New()
	ctx := admin(tid)
	rcv := newReceiver(t, func(int) int { return 200 })
	ep, _ := e.create(t, ctx, rcv.URL, "vextrus.finance.*")
	broker := kafkatest.New(t)
	cs, err := e.svc.Consumers(e.db.App, broker.Config(), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		if err := c.Start(context.Background()); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			_ = c.Stop(ctx)
		})
	}
	run(t, e.svc)

	cl := kafkatest.Client(t, broker)
	topic := events.Topic("finance")
	if err := kafkax.EnsureTopics(context.Background(), cl, broker.Config(), topic); err != nil {
		t.Fatal(err)
	}
	ev := event(tid, invoiceApproved, map[string]int{"n": 1})
	other := event(tid, "vextrus.orders.order.placed.v1", map[string]int{"n": 2})
	last := event(tid, "vextrus.finance.payment.received.v1", map[string]int{"n": 3})
	last.Subject = ev.Subject // same key, same partition: handled after the duplicate
	for _, x := range []events.Event{ev, ev, other, last} {
		if err := cl.ProduceSync(context.Background(), events.Record(topic, x)).FirstErr(); err != nil {
			t.Fatal(err)
		}
	}
	// The last event's delivery shows the duplicate before it was handled.
	testwait.For(t, 30*time.Second, "both finance events received", func() bool { return rcv.ok() >= 2 })
	ds, _, err := e.svc.Deliveries(ctx, ep.ID, "", 0, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 2 {
		t.Fatalf("%d deliveries, want 2 (one per finance event)", len(ds))
	}
	ids := map[string]int{}
	for _, g := range rcv.receipts() {
		ids[g.header.Get(webhook.HeaderID)]++
	}
	if ids[ev.ID] != 1 || ids[last.ID] != 1 || len(ids) != 2 {
		t.Fatalf("receipts per event = %v", ids)
	}
}

func TestTwoRunnersNeverSendTheSameDeliveryTwice(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tid := tenant.New()
	ctx := admin(tid)
	var mu sync.Mutex
	seen := map[string]int{}
	rcv := newReceiver(t, func(int) int { return 200 })
	e.create(t, ctx, rcv.URL, "*")
	const n = 60
	evs := make([]events.Event, n)
	for i := range evs {
		evs[i] = event(tid, invoiceApproved, map[string]int{"n": i})
	}
	e.record(t, evs...)
	run(t, e.svc)
	run(t, e.service(t))
	run(t, e.service(t))
	testwait.For(t, 30*time.Second, fmt.Sprintf("%d deliveries received", n), func() bool { return rcv.ok() >= n })
	for _, g := range rcv.receipts() {
		mu.Lock()
		seen[g.header.Get(webhook.HeaderID)]++
		mu.Unlock()
	}
	for id, c := range seen {
		if c != 1 {
			t.Errorf("event %s received %d times", id, c)
		}
	}
	if len(seen) != n || len(rcv.receipts()) != n {
		t.Fatalf("received %d distinct events in %d requests, want %d", len(seen), len(rcv.receipts()), n)
	}
}
