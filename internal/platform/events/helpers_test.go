package events_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"strconv"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/db/dbtest"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/kafkax"
	"github.com/vextrus/vextrus/internal/platform/kafkax/embedded"
	"github.com/vextrus/vextrus/internal/platform/kafkax/kafkatest"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// shopSchema is a service as the backbone sees one: a business table, and
// its outbox and inbox made by the one-line platform functions.
var shopSchema = db.Schema{Name: "shop", Migrations: fstest.MapFS{
	"00001_shop.sql": {Data: []byte(`-- +goose Up
CREATE TABLE orders (tenant_id uuid NOT NULL, id text NOT NULL, total bigint NOT NULL, PRIMARY KEY (tenant_id, id));
` + db.TenantRLS("orders") + `
CREATE TABLE effects (tenant_id uuid NOT NULL, event_id uuid NOT NULL, subject text NOT NULL, n int NOT NULL);
` + db.TenantRLS("effects") + `
SELECT platform.create_outbox('shop');
SELECT platform.create_inbox('shop');
-- +goose Down
SELECT platform.drop_inbox('shop');
SELECT platform.drop_outbox('shop');
DROP TABLE effects;
DROP TABLE orders;
`)},
}}

const orderPlaced = "vextrus.shop.order.placed.v1"

var testSchemas = fstest.MapFS{
	orderPlaced + ".json": {Data: []byte(`{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object", "additionalProperties": false, "required": ["total", "n"],
  "properties": {"total": {"type": "integer", "minimum": 0}, "n": {"type": "integer"}}
}`)},
}

// placed is the payload of orderPlaced; N numbers a subject's events.
type placed struct {
	Total int64 `json:"total"`
	N     int   `json:"n"`
}

type env struct {
	db      *dbtest.DB
	outbox  *events.Outbox
	schemas *events.Schemas
	kafka   kafkax.Config
}

func newEnv(t *testing.T, broker *embedded.Broker) *env {
	t.Helper()
	s, err := events.LoadSchemas(testSchemas)
	if err != nil {
		t.Fatal(err)
	}
	o, err := events.NewOutbox("shop", events.WithSchemas(s))
	if err != nil {
		t.Fatal(err)
	}
	return &env{db: dbtest.New(t, db.PlatformSchema, shopSchema), outbox: o, schemas: s, kafka: broker.Config()}
}

// place writes an order and its event in one tenant transaction, as a
// service does.
func (e *env) place(ctx context.Context, subject string, p placed) error {
	return e.db.App.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		id := fmt.Sprintf("%s-%d", subject, p.N)
		if _, err := tx.Exec(ctx, "insert into shop.orders (tenant_id, id, total) values ($1, $2, $3)",
			tx.Tenant().UUID(), id, p.Total); err != nil {
			return err
		}
		return e.outbox.Append(ctx, tx, events.Draft{Type: orderPlaced, Subject: subject, Data: p})
	})
}

func (e *env) relay(t *testing.T, cfg events.RelayConfig, reg prometheus.Registerer) *events.Relay {
	t.Helper()
	cl, err := kafkax.NewClient(e.kafka)
	if err != nil {
		t.Fatal(err)
	}
	r := events.NewRelay(cfg, events.RelayDeps{Outbox: e.outbox, Pool: e.db.App, ListenDSN: e.db.AppURL,
		Kafka: cl, Topics: e.kafka, Registry: reg})
	if err := r.Start(context.Background()); err != nil {
		cl.Close()
		t.Fatal(err)
	}
	var once sync.Once
	stop := func() {
		once.Do(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			if err := r.Stop(ctx); err != nil {
				t.Errorf("stop relay: %v", err)
			}
			cl.Close()
		})
	}
	t.Cleanup(stop)
	return r
}

func (e *env) consumer(t *testing.T, cfg events.ConsumerConfig, h events.BatchHandler) *events.Consumer {
	t.Helper()
	if cfg.InboxSchema == "" {
		cfg.InboxSchema = "shop"
	}
	c, err := events.NewConsumer(cfg, events.ConsumerDeps{Pool: e.db.App, Kafka: e.kafka}, h)
	if err != nil {
		t.Fatal(err)
	}
	return started(t, c)
}

// started starts c and stops it when the test ends.
func started(t *testing.T, c *events.Consumer) *events.Consumer {
	t.Helper()
	if err := c.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = c.Stop(ctx) // a test may have stopped it already
	})
	return c
}

// record is how a test handler notes an effect: one row per event in the
// handler's transaction.
func record(ctx context.Context, tx *db.Tx, ev events.Event) error {
	var p placed
	if err := json.Unmarshal(ev.Data, &p); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, "insert into shop.effects (tenant_id, event_id, subject, n) values ($1, $2, $3, $4)",
		ev.Tenant.UUID(), ev.ID, ev.Subject, p.N)
	return err
}

// readAll consumes topic from the start until done says enough or the
// deadline passes.
func readAll(t *testing.T, cfg kafkax.Config, topic string, done func([]*kgo.Record) bool) []*kgo.Record {
	t.Helper()
	cl, err := kafkax.NewClient(cfg, kgo.ConsumeTopics(topic), kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var got []*kgo.Record
	for !done(got) {
		fs := cl.PollFetches(ctx)
		if ctx.Err() != nil {
			t.Fatalf("read %s: %d records before the deadline", topic, len(got))
		}
		got = append(got, fs.Records()...)
	}
	return got
}

// count runs a count query as the superuser, across tenants.
func count(e *env, query string, args ...any) func() (int, error) {
	return func() (int, error) {
		var n int
		err := e.db.Admin.QueryRow(context.Background(), query, args...).Scan(&n)
		return n, err
	}
}

func tenantCtx() (context.Context, tenant.ID) {
	id := tenant.New()
	return tenant.With(context.Background(), id), id
}

func newBroker(t *testing.T) *embedded.Broker { t.Helper(); return kafkatest.New(t) }

func portOf(t *testing.T, addr string) int {
	t.Helper()
	_, p, err := net.SplitHostPort(addr)
	if err != nil {
		t.Fatal(err)
	}
	n, err := strconv.Atoi(p)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// gauge reads the first series of a gauge family in reg, or -1.
func gauge(reg *prometheus.Registry, name string) float64 {
	mfs, _ := reg.Gather()
	for _, mf := range mfs {
		if mf.GetName() == name && len(mf.GetMetric()) > 0 {
			return mf.GetMetric()[0].GetGauge().GetValue()
		}
	}
	return -1
}
