package topology_test

import (
	"context"
	"net"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/twmb/franz-go/pkg/kgo"
	"go.temporal.io/sdk/client"

	"github.com/vextrus/vextrus/internal/platform/kafkax"
	"github.com/vextrus/vextrus/internal/topology"
)

// TestAStoppedEngineComesBackOnItsAddressWithItsData stops each engine of
// a topology without processes and starts it again: while it is down its
// address refuses connections, and afterwards it answers on the same
// address with what it held before.
func TestAStoppedEngineComesBackOnItsAddressWithItsData(t *testing.T) {
	if testing.Short() {
		t.Skip("starts PostgreSQL, Temporal and Kafka")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	top, err := topology.Start(ctx, topology.Options{Binary: fakeVextrus(t), Dir: t.TempDir(), Targets: [][]string{}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := top.Stop(); err != nil {
			t.Errorf("stop: %v", err)
		}
	})

	// What each engine holds before its outage.
	pg := sql(t, ctx, top.DatabaseURL(), "create table kept (v text); insert into kept values ('before')")
	pg.Close(ctx)
	brokers := []string{top.EngineAddr(topology.Kafka)}
	cfg := kafkax.Config{Brokers: brokers, ReplicationFactor: 1, CreateTopics: true}
	producer, err := kafkax.NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := kafkax.EnsureTopics(ctx, producer, cfg, "kept"); err != nil {
		t.Fatal(err)
	}
	if err := producer.ProduceSync(ctx, &kgo.Record{Topic: "kept", Value: []byte("before")}).FirstErr(); err != nil {
		t.Fatal(err)
	}
	producer.Close()

	for _, e := range topology.Engines() {
		addr := top.EngineAddr(e)
		if err := top.StopEngine(e); err != nil {
			t.Fatalf("stop %s: %v", e, err)
		}
		if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
			c.Close()
			t.Errorf("%s still accepts connections at %s while stopped", e, addr)
		}
		if err := top.StopEngine(e); err == nil {
			t.Errorf("stopping %s twice succeeded", e)
		}
		if err := top.StartEngine(ctx, e); err != nil {
			t.Fatalf("start %s again: %v", e, err)
		}
		if got := top.EngineAddr(e); got != addr {
			t.Errorf("%s came back at %s, want %s", e, got, addr)
		}
	}

	conn := sql(t, ctx, top.DatabaseURL(), "")
	defer conn.Close(ctx)
	var v string
	if err := conn.QueryRow(ctx, "select v from kept").Scan(&v); err != nil || v != "before" {
		t.Errorf("postgres after its restart: %q, %v; want the row from before", v, err)
	}

	consumer, err := kafkax.NewClient(cfg, kgo.ConsumeTopics("kept"), kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
	if err != nil {
		t.Fatal(err)
	}
	defer consumer.Close()
	fetches := consumer.PollFetches(ctx)
	if err := fetches.Err(); err != nil {
		t.Fatalf("kafka after its restart: %v", err)
	}
	if recs := fetches.Records(); len(recs) != 1 || string(recs[0].Value) != "before" {
		t.Errorf("kafka after its restart holds %d records, want the one from before", len(recs))
	}

	tc, err := client.DialContext(ctx, client.Options{HostPort: top.EngineAddr(topology.Temporal), Namespace: "default"})
	if err != nil {
		t.Fatalf("temporal after its restart: %v", err)
	}
	defer tc.Close()
	if _, err := tc.CheckHealth(ctx, &client.CheckHealthRequest{}); err != nil {
		t.Errorf("temporal after its restart: %v", err)
	}
}

// sql connects to url and runs stmts when not empty.
func sql(t *testing.T, ctx context.Context, url, stmts string) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	if stmts != "" {
		if _, err := conn.Exec(ctx, stmts); err != nil {
			t.Fatal(err)
		}
	}
	return conn
}

func TestAnEngineIsNamedByItsName(t *testing.T) {
	for _, e := range topology.Engines() {
		if got, err := topology.ParseEngine(string(e)); err != nil || got != e {
			t.Errorf("ParseEngine(%q) = %q, %v", e, got, err)
		}
	}
	if _, err := topology.ParseEngine("redis"); err == nil {
		t.Error("ParseEngine accepted an engine the topology does not run")
	}
}
