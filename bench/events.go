package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing/fstest"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/vextrus/vextrus/bench/load"
	"github.com/vextrus/vextrus/internal/app"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/kafkax"
	"github.com/vextrus/vextrus/internal/platform/kafkax/embedded"
	"github.com/vextrus/vextrus/internal/platform/lifecycle"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// eventsScenario measures an event's whole trip: a business transaction
// commits it to an outbox, the relay publishes it, the audit consumer
// stores it in the hash-chained log. Latency is from the start of the
// transaction until the entry is visible. The baseline is franz-go alone,
// produce then consume, on the same embedded broker with the same
// durability (dev.kafka_sync_writes).
//
//	go run ./bench events -rate 1000 -users 200 -duration 60s
func eventsScenario() load.Scenario {
	return load.Scenario{
		Name:        "events",
		Description: "commit→audit-stored through outbox, relay, broker and consumer, beside raw franz-go produce→consume",
		Setup:       setupEvents,
		Baseline:    setupRawKafka,
	}
}

const probeType = "vextrus.benchev.probe.recorded.v1"

// benchSchema is a stand-in business service with an outbox.
var benchSchema = db.Schema{Name: "benchev", Migrations: fstest.MapFS{"00001_benchev.sql": {Data: []byte(`-- +goose Up
CREATE TABLE probes (tenant_id uuid NOT NULL, id uuid PRIMARY KEY, at timestamptz NOT NULL);
ALTER TABLE probes ENABLE ROW LEVEL SECURITY;
ALTER TABLE probes FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON probes
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
SELECT platform.create_outbox('benchev');
-- The harness's signal that audit entries were stored: each storing
-- statement notifies the subjects of the probes it stored, 100 to a
-- notification (3,700 bytes, under the 8,000 a payload may hold). The
-- notifications are delivered when the consumer's transaction commits.
-- +goose StatementBegin
CREATE FUNCTION notify_stored() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    subjects text;
BEGIN
    FOR subjects IN
        SELECT string_agg(subject, ',') FROM (
            SELECT subject, (row_number() OVER () - 1) / 100 AS chunk FROM stored
            WHERE type = '` + probeType + `') s
        GROUP BY chunk
    LOOP
        PERFORM pg_notify('benchev_stored', subjects);
    END LOOP;
    RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER benchev_stored AFTER INSERT ON audit.entries REFERENCING NEW TABLE AS stored
    FOR EACH STATEMENT EXECUTE FUNCTION notify_stored();
-- +goose Down
DROP TRIGGER benchev_stored ON audit.entries;
DROP FUNCTION notify_stored();
SELECT platform.drop_outbox('benchev');
DROP TABLE probes;
`)}}}

var probeSchemas = fstest.MapFS{probeType + ".json": {Data: []byte(`{"type": "object", "required": ["id"],
  "properties": {"id": {"type": "string", "format": "uuid"}}}`)}}

func setupEvents(ctx context.Context, env *load.Env) (load.Target, error) {
	opts, err := systemOptions(ctx, app.Audit)
	if err != nil {
		return nil, err
	}
	m, err := app.NewMain(ctx, opts)
	if err != nil {
		return nil, fmt.Errorf("start system: %w", err)
	}
	env.Defer(m.Close)
	a := m.App
	if err := db.Migrate(ctx, a.Config.Database.URL, []db.Schema{benchSchema}, db.Up, nil); err != nil {
		return nil, err
	}
	schemas, err := events.LoadSchemas(probeSchemas)
	if err != nil {
		return nil, err
	}
	outbox, err := events.NewOutbox("benchev", events.WithSchemas(schemas))
	if err != nil {
		return nil, err
	}
	topics := a.Config.Kafka
	topics.CreateTopics = true // dev's embedded broker
	relay := events.NewRelay(a.Config.Events, events.RelayDeps{Outbox: outbox, Pool: a.Pipeline,
		ListenDSN: a.Config.Database.AppDSN(), Kafka: a.Kafka, Topics: topics})
	if err := startService(ctx, env, relay); err != nil {
		return nil, err
	}
	t := &eventsTarget{pool: a.DB, outbox: outbox, tenant: tenant.New(), waiting: map[uuid.UUID]chan struct{}{}}
	watcher, err := pgx.Connect(ctx, a.Config.Database.AppDSN())
	if err != nil {
		return nil, fmt.Errorf("audit watcher: %w", err)
	}
	if _, err := watcher.Exec(ctx, "listen benchev_stored"); err != nil {
		return nil, errors.Join(fmt.Errorf("audit watcher: %w", err), watcher.Close(ctx))
	}
	pollCtx, stop := context.WithCancel(context.WithoutCancel(ctx))
	done := make(chan struct{})
	go func() { defer close(done); t.watch(pollCtx, watcher) }()
	env.Defer(func() error { stop(); <-done; return watcher.Close(context.Background()) })
	// The audit consumer discovers the new topic within its discovery
	// interval; wait for a first event to arrive before measuring.
	wctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	if err := t.Do(wctx, nil); err != nil {
		return nil, fmt.Errorf("first event: %w", err)
	}
	return t, nil
}

func startService(ctx context.Context, env *load.Env, s lifecycle.Service) error {
	if err := s.Start(ctx); err != nil {
		return err
	}
	env.Defer(func() error {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		return s.Stop(ctx)
	})
	return nil
}

// eventsTarget commits one probe and its event per action and waits until
// the audit log holds it.
type eventsTarget struct {
	pool    *db.Pool
	outbox  *events.Outbox
	tenant  tenant.ID
	mu      sync.Mutex
	waiting map[uuid.UUID]chan struct{}
}

func (t *eventsTarget) Do(ctx context.Context, _ *load.VirtualUser) error {
	id := uuid.Must(uuid.NewV7())
	stored := make(chan struct{})
	t.mu.Lock()
	t.waiting[id] = stored
	t.mu.Unlock()
	defer func() { t.mu.Lock(); delete(t.waiting, id); t.mu.Unlock() }()
	// The row and its event both go with the COMMIT: one round trip, as
	// a masterdata create does.
	err := t.pool.InTenantTx(tenant.With(ctx, t.tenant), func(ctx context.Context, tx *db.Tx) error {
		tx.Defer("insert into benchev.probes (tenant_id, id, at) values ($1, $2, now())", t.tenant.UUID(), id)
		return t.outbox.Append(ctx, tx, events.Draft{Type: probeType, Subject: id.String(), Data: map[string]string{"id": id.String()}})
	})
	if err != nil {
		return err
	}
	select {
	case <-stored:
		return nil
	case <-ctx.Done():
		return errors.New("event not stored in the audit log in time")
	}
}

// watch releases the actions whose events the audit consumer stored, as
// its commits deliver their notifications (a trigger of the scenario's
// schema names the stored subjects). It reads nothing back from
// PostgreSQL: reading the new entries after each commit took CPU from
// what the scenario measures.
func (t *eventsTarget) watch(ctx context.Context, conn *pgx.Conn) {
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return
		}
		for subject := range strings.SplitSeq(n.Payload, ",") {
			if id, err := uuid.Parse(subject); err == nil {
				t.mu.Lock()
				if ch, ok := t.waiting[id]; ok {
					close(ch)
					delete(t.waiting, id)
				}
				t.mu.Unlock()
			}
		}
	}
}

// setupRawKafka is the baseline: a record produced with acks=all on a
// persisted embedded broker, synced as dev's is, and read back by a
// consumer.
func setupRawKafka(ctx context.Context, env *load.Env) (load.Target, error) {
	opts, err := systemOptions(ctx)
	if err != nil {
		return nil, err
	}
	dir, err := tempDir()
	if err != nil {
		return nil, err
	}
	env.Defer(func() error { return os.RemoveAll(dir) })
	b, err := embedded.Start(ctx, embedded.Options{DataDir: dir, SyncWrites: opts.Config.Dev.KafkaSyncWrites})
	if err != nil {
		return nil, err
	}
	env.Defer(b.Stop)
	const topic = "bench.raw"
	prod, err := kafkax.NewClient(b.Config(), kgo.ProducerLinger(0))
	if err != nil {
		return nil, err
	}
	env.Defer(func() error { prod.Close(); return nil })
	if err := kafkax.EnsureTopics(ctx, prod, b.Config(), topic); err != nil {
		return nil, err
	}
	cons, err := kafkax.NewClient(b.Config(), kgo.ConsumeTopics(topic), kgo.FetchMaxWait(time.Second))
	if err != nil {
		return nil, err
	}
	t := &rawTarget{prod: prod, topic: topic, waiting: map[string]chan struct{}{}}
	pollCtx, stop := context.WithCancel(context.WithoutCancel(ctx))
	done := make(chan struct{})
	go func() {
		defer close(done)
		for pollCtx.Err() == nil {
			cons.PollFetches(pollCtx).EachRecord(func(r *kgo.Record) {
				t.mu.Lock()
				if ch, ok := t.waiting[string(r.Key)]; ok {
					close(ch)
					delete(t.waiting, string(r.Key))
				}
				t.mu.Unlock()
			})
		}
	}()
	env.Defer(func() error { stop(); <-done; cons.Close(); return nil })
	return t, nil
}

type rawTarget struct {
	prod    *kgo.Client
	topic   string
	mu      sync.Mutex
	waiting map[string]chan struct{}
}

func (t *rawTarget) Do(ctx context.Context, _ *load.VirtualUser) error {
	key := uuid.Must(uuid.NewV7()).String()
	got := make(chan struct{})
	t.mu.Lock()
	t.waiting[key] = got
	t.mu.Unlock()
	defer func() { t.mu.Lock(); delete(t.waiting, key); t.mu.Unlock() }()
	if err := t.prod.ProduceSync(ctx, &kgo.Record{Topic: t.topic, Key: []byte(key), Value: []byte(`{}`)}).FirstErr(); err != nil {
		return err
	}
	select {
	case <-got:
		return nil
	case <-ctx.Done():
		return errors.New("record not consumed in time")
	}
}

// tempDir is a throwaway data directory for the baseline broker.
func tempDir() (string, error) { return os.MkdirTemp("", "vextrus-bench-kafka-") }
