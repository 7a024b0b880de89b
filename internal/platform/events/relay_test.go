package events_test

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/kafkax/embedded"
	"github.com/vextrus/vextrus/internal/platform/testwait"
)

// writeConcurrently writes perSubject events for each subject, subjects in
// parallel and each subject's events one after the other, numbered 1..n.
func writeConcurrently(t *testing.T, e *env, ctx context.Context, subjects, perSubject int) {
	t.Helper()
	var wg sync.WaitGroup
	errc := make(chan error, subjects)
	for s := range subjects {
		wg.Go(func() {
			for n := 1; n <= perSubject; n++ {
				if err := e.place(ctx, fmt.Sprintf("order-%d", s), placed{Total: int64(n), N: n}); err != nil {
					errc <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		t.Fatal(err)
	}
}

// checkOrder asserts every subject's events arrived, each first seen in
// write order; repeats (at-least-once) are allowed.
func checkOrder(t *testing.T, recs []*kgo.Record, subjects, perSubject int) {
	t.Helper()
	next := map[string]int{}
	seen := map[string]bool{}
	for _, r := range recs {
		ev, err := events.Decode(r)
		if err != nil {
			t.Fatal(err)
		}
		if seen[ev.ID] {
			continue
		}
		seen[ev.ID] = true
		var p placed
		if err := json.Unmarshal(ev.Data, &p); err != nil {
			t.Fatal(err)
		}
		if want := next[ev.Subject] + 1; p.N != want {
			t.Fatalf("%s: event %d arrived when %d was due", ev.Subject, p.N, want)
		}
		next[ev.Subject] = p.N
	}
	if len(seen) != subjects*perSubject {
		t.Fatalf("%d distinct events published, want %d", len(seen), subjects*perSubject)
	}
}

func TestRelayReplicasPublishEachKeyInCommitOrder(t *testing.T) {
	t.Parallel()
	e := newEnv(t, newBroker(t))
	ctx, _ := tenantCtx()
	const subjects, per = 8, 60
	// Two replicas with small batches contend for the same rows.
	for range 2 {
		e.relay(t, events.RelayConfig{BatchSize: 7}, nil)
	}
	writeConcurrently(t, e, ctx, subjects, per)
	recs := readAll(t, e.kafka, "vextrus.shop.events", func(r []*kgo.Record) bool { return len(r) >= subjects*per })
	checkOrder(t, recs, subjects, per)
	testwait.Until(t, 10*time.Second, "every row marked sent", func() (bool, error) {
		n, err := count(e, "select count(*) from shop.outbox where sent_at is null")()
		return n == 0, err
	})
}

func TestRelayIsWokenByNotifyFromAnotherProcess(t *testing.T) {
	t.Parallel()
	e := newEnv(t, newBroker(t))
	// The relay polls too rarely to matter; only NOTIFY can wake it.
	e.relay(t, events.RelayConfig{PollInterval: time.Hour}, nil)
	// Another process's outbox: no relay attached, so Append notifies.
	other, err := events.NewOutbox("shop", events.WithSchemas(e.schemas))
	if err != nil {
		t.Fatal(err)
	}
	e.outbox = other
	ctx, _ := tenantCtx()
	if err := e.place(ctx, "order-1", placed{Total: 1, N: 1}); err != nil {
		t.Fatal(err)
	}
	// Published long before the relay's hourly poll: NOTIFY woke it.
	readAll(t, e.kafka, "vextrus.shop.events", func(r []*kgo.Record) bool { return len(r) == 1 })
}

func TestBusinessWritesSurviveABrokerOutage(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	broker, err := embedded.Start(context.Background(), embedded.Options{DataDir: filepath.Join(dir, "kafka")})
	if err != nil {
		t.Fatal(err)
	}
	port := portOf(t, broker.Addrs()[0])
	e := newEnv(t, broker)
	reg := prometheus.NewRegistry()
	e.relay(t, events.RelayConfig{PollInterval: 100 * time.Millisecond, PublishTimeout: time.Second}, reg)
	ctx, _ := tenantCtx()
	writeConcurrently(t, e, ctx, 4, 10)
	readAll(t, e.kafka, "vextrus.shop.events", func(r []*kgo.Record) bool { return len(r) >= 40 })

	if err := broker.Stop(); err != nil {
		t.Fatal(err)
	}
	// Writes keep committing while nothing can be published.
	for n := 11; n <= 60; n++ {
		if err := e.place(ctx, "order-0", placed{Total: 1, N: n}); err != nil {
			t.Fatalf("business write %d during the outage: %v", n, err)
		}
	}
	testwait.Until(t, 10*time.Second, "backlog metric shows the outbox growing", func() (bool, error) {
		return gauge(reg, "vextrus_outbox_backlog") >= 50, nil
	})

	broker, err = embedded.Start(context.Background(), embedded.Options{DataDir: filepath.Join(dir, "kafka"), Port: port})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = broker.Stop() })
	recs := readAll(t, e.kafka, "vextrus.shop.events", func(r []*kgo.Record) bool { return distinct(r) >= 90 })
	next := map[string]int{}
	for _, r := range recs {
		ev, _ := events.Decode(r)
		var p placed
		_ = json.Unmarshal(ev.Data, &p)
		if p.N > next[ev.Subject] {
			next[ev.Subject] = p.N
		}
	}
	if next["order-0"] != 60 {
		t.Errorf("order-0 reached event %d after the outage, want 60", next["order-0"])
	}
	testwait.Until(t, 10*time.Second, "backlog drained", func() (bool, error) {
		n, err := count(e, "select count(*) from shop.outbox where sent_at is null")()
		return n == 0, err
	})
}

func TestRelayPrunesSentRowsAfterRetention(t *testing.T) {
	t.Parallel()
	e := newEnv(t, newBroker(t))
	e.relay(t, events.RelayConfig{PollInterval: 50 * time.Millisecond, PruneInterval: 50 * time.Millisecond, Retention: time.Millisecond}, nil)
	ctx, _ := tenantCtx()
	writeConcurrently(t, e, ctx, 2, 5)
	readAll(t, e.kafka, "vextrus.shop.events", func(r []*kgo.Record) bool { return len(r) >= 10 })
	testwait.Until(t, 10*time.Second, "sent rows pruned", func() (bool, error) {
		n, err := count(e, "select count(*) from shop.outbox")()
		return n == 0, err
	})
}

func distinct(recs []*kgo.Record) int {
	ids := map[string]bool{}
	for _, r := range recs {
		if ev, err := events.Decode(r); err == nil {
			ids[ev.ID] = true
		}
	}
	return len(ids)
}

// TestRelayClaimStaysLinearAsTheOutboxGrows: a relay's session starts on
// an empty outbox, which then fills faster than autovacuum analyses it.
// Claiming a backlog must still read each unsent row a bounded number of
// times. A plan made for the empty table and kept for the session read
// the backlog once per claimed row, so rounds slowed as the backlog grew
// and the backlog grew as rounds slowed (docs/events.md). A claim reads
// neither the backlog beyond its batch nor the sent rows kept for
// retention.
func TestRelayClaimStaysLinearAsTheOutboxGrows(t *testing.T) {
	t.Parallel()
	e := newEnv(t, newBroker(t))
	ctx := context.Background()
	relay, err := pgx.Connect(ctx, e.db.AppURL) // one session, as a pooled relay connection is
	if err != nil {
		t.Fatal(err)
	}
	defer relay.Close(ctx)
	// claim claims up to n rows in a transaction it rolls back and
	// returns how many outbox rows that read, by scan or through an index.
	claim := func(n int) int64 {
		t.Helper()
		tx, err := relay.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback(ctx)
		// The view also holds what earlier transactions of the session
		// read until the counters are flushed: the claim's are the
		// difference.
		read := func() int64 {
			var n int64
			if err := tx.QueryRow(ctx, `select coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0)
				from pg_stat_xact_user_tables where relid = 'shop.outbox'::regclass`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		before := read()
		if _, err := tx.Exec(ctx, "select count(*) from shop.outbox_claim($1)", n); err != nil {
			t.Fatal(err)
		}
		return read() - before
	}
	for range 8 { // past the five calls after which a statement may keep a generic plan
		claim(500)
	}

	const backlog = 1000
	tctx, _ := tenantCtx()
	drafts := make([]events.Draft, backlog)
	for i := range drafts {
		drafts[i] = events.Draft{Type: orderPlaced, Subject: fmt.Sprintf("order-%d", i), Data: placed{N: 1}}
	}
	if err := e.db.App.InTenantTx(tctx, func(ctx context.Context, tx *db.Tx) error {
		return e.outbox.Append(ctx, tx, drafts...)
	}); err != nil {
		t.Fatal(err)
	}
	if read := claim(backlog); read > 5*backlog {
		t.Errorf("claiming a backlog of %d rows read %d rows, want at most %d", backlog, read, 5*backlog)
	}
	// A relay catching up claims its batch size at a time: each claim
	// reads its batch, not the whole backlog.
	if read := claim(10); read > 5*10 {
		t.Errorf("claiming 10 of a backlog of %d rows read %d rows, want at most %d", backlog, read, 5*10)
	}
	// Sent rows stay until retention: the claim must not read them.
	if _, err := relay.Exec(ctx, "select shop.outbox_mark_sent(array(select id from shop.outbox_claim($1)))", backlog); err != nil {
		t.Fatal(err)
	}
	if err := e.db.App.InTenantTx(tctx, func(ctx context.Context, tx *db.Tx) error {
		return e.outbox.Append(ctx, tx, drafts[:10]...)
	}); err != nil {
		t.Fatal(err)
	}
	if read := claim(backlog); read > 5*10 {
		t.Errorf("claiming 10 unsent rows after %d sent ones read %d rows, want at most %d", backlog, read, 5*10)
	}
}

// A relay with a linger starts a round no sooner than the linger after
// the last one started, so the events appended meanwhile go out together:
// one round marks them sent in one statement, with one sent_at.
func TestRelayLingersBetweenRoundsWhileEventsKeepComing(t *testing.T) {
	t.Parallel()
	e := newEnv(t, newBroker(t))
	ctx, _ := tenantCtx()
	e.relay(t, events.RelayConfig{Linger: time.Second}, nil)
	unsent := count(e, "select count(*) from shop.outbox where sent_at is null")
	sent := func(what string) {
		t.Helper()
		testwait.Until(t, 30*time.Second, what, func() (bool, error) {
			n, err := unsent()
			return n == 0, err
		})
	}
	if err := e.place(ctx, "order-a", placed{N: 1}); err != nil {
		t.Fatal(err)
	}
	sent("order-a sent")
	// order-a's round started the linger: the next three wait for it.
	for _, subject := range []string{"order-b", "order-c", "order-d"} {
		if err := e.place(ctx, subject, placed{N: 1}); err != nil {
			t.Fatal(err)
		}
	}
	sent("the lingering events sent")
	rounds, err := count(e, "select count(distinct sent_at) from shop.outbox where subject <> 'order-a'")()
	if err != nil {
		t.Fatal(err)
	}
	if rounds != 1 {
		t.Errorf("the three events appended during the linger went out in %d rounds, want 1", rounds)
	}
	readAll(t, e.kafka, "vextrus.shop.events", func(r []*kgo.Record) bool { return len(r) == 4 })
}
