package embedded_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/vextrus/vextrus/internal/platform/kafkax"
	"github.com/vextrus/vextrus/internal/platform/kafkax/embedded"
	"github.com/vextrus/vextrus/internal/platform/kafkax/kafkatest"
)

func TestRestartOnSameDataDirKeepsEveryRecord(t *testing.T) {
	const n = 2000
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	first := start(t, embedded.Options{DataDir: dir})
	ensureTopic(t, first, "orders.events")
	producer := kafkatest.Client(t, first)
	recs := make([]*kgo.Record, n)
	for i := range recs {
		recs[i] = &kgo.Record{Topic: "orders.events", Key: fmt.Appendf(nil, "order-%d", i%37), Value: []byte(strconv.Itoa(i))}
	}
	if err := producer.ProduceSync(ctx, recs...).FirstErr(); err != nil {
		t.Fatalf("produce: %v", err)
	}
	if err := first.Stop(); err != nil {
		t.Fatalf("Stop: %v", err)
	}

	second := start(t, embedded.Options{DataDir: dir})
	consumer := kafkatest.Client(t, second, fromStart("orders.events")...)
	got := consume(t, ctx, consumer, func(vs []string) bool { return len(vs) >= n })
	seen := make(map[string]int, n)
	for _, v := range got {
		seen[v]++
	}
	for i := range n {
		if c := seen[strconv.Itoa(i)]; c != 1 {
			t.Fatalf("record %d read %d times after restart, want once (read %d in all)", i, c, len(got))
		}
	}
}

func TestProducingToAMissingTopicFails(t *testing.T) {
	b := kafkatest.New(t)
	cl := kafkatest.Client(t, b, kgo.UnknownTopicRetries(1))
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	err := cl.ProduceSync(ctx, &kgo.Record{Topic: "never.created", Value: []byte("x")}).FirstErr()
	if !errors.Is(err, kerr.UnknownTopicOrPartition) {
		t.Fatalf("produce to a missing topic = %v, want UNKNOWN_TOPIC_OR_PARTITION", err)
	}
}

func TestStopFreesThePort(t *testing.T) {
	b := start(t, embedded.Options{})
	addr := b.Addrs()[0]
	if err := b.Stop(); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("port still held after Stop: %v", err)
	}
	if err := ln.Close(); err != nil {
		t.Fatal(err)
	}

	_, port, _ := net.SplitHostPort(addr)
	p, _ := strconv.Atoi(port)
	again := start(t, embedded.Options{Port: p})
	if got := again.Addrs(); len(got) != 1 || got[0] != addr {
		t.Fatalf("restarted on %v, want [%s]", got, addr)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := kafkax.RoundTrip(ctx, kafkatest.Client(t, again), "probe"); err != nil {
		t.Fatalf("RoundTrip on restarted broker: %v", err)
	}
}

func TestStartRefusesPortInUse(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	port := ln.Addr().(*net.TCPAddr).Port
	if b, err := embedded.Start(context.Background(), embedded.Options{Port: port}); err == nil {
		b.Stop()
		t.Fatalf("Start on busy port %d succeeded", port)
	}
}

func TestDataDirHoldsOneBrokerAtATime(t *testing.T) {
	dir := t.TempDir()
	b := start(t, embedded.Options{DataDir: dir})
	if other, err := embedded.Start(context.Background(), embedded.Options{DataDir: dir}); err == nil {
		other.Stop()
		t.Fatal("second broker started on a data dir in use")
	}
	if err := b.Stop(); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	start(t, embedded.Options{DataDir: dir}) // released by Stop
}
