// Package kafkatest gives tests a real Kafka-protocol broker: an in-memory
// embedded broker per test and franz-go clients pointed at it, all torn down
// by the test's cleanup.
package kafkatest

import (
	"context"
	"testing"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/vextrus/vextrus/internal/platform/kafkax"
	"github.com/vextrus/vextrus/internal/platform/kafkax/embedded"
)

// New starts an in-memory broker on a free loopback port and stops it when
// the test ends. Each call is a separate cluster, so tests never share
// topics or consumer groups.
func New(tb testing.TB) *embedded.Broker {
	tb.Helper()
	b, err := embedded.Start(context.Background(), embedded.Options{})
	if err != nil {
		tb.Fatalf("start kafka broker: %v", err)
	}
	tb.Cleanup(func() {
		if err := b.Stop(); err != nil {
			tb.Errorf("stop kafka broker: %v", err)
		}
	})
	return b
}

// Client returns a client for b built by kafkax.NewClient, so tests run
// with the production defaults; opts add or override options. The client is
// closed when the test ends, before the broker stops.
func Client(tb testing.TB, b *embedded.Broker, opts ...kgo.Opt) *kgo.Client {
	tb.Helper()
	cl, err := kafkax.NewClient(b.Config(), opts...)
	if err != nil {
		tb.Fatalf("new kafka client: %v", err)
	}
	tb.Cleanup(cl.Close)
	return cl
}
