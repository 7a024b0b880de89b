package embedded_test

import (
	"context"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/vextrus/vextrus/internal/platform/kafkax"
	"github.com/vextrus/vextrus/internal/platform/kafkax/embedded"
)

// start runs a broker that is stopped at the end of the test at the latest;
// tests may stop it earlier, since Stop is idempotent.
func start(tb testing.TB, o embedded.Options) *embedded.Broker {
	tb.Helper()
	b, err := embedded.Start(context.Background(), o)
	if err != nil {
		tb.Fatalf("Start: %v", err)
	}
	tb.Cleanup(func() {
		if err := b.Stop(); err != nil {
			tb.Errorf("Stop: %v", err)
		}
	})
	return b
}

// consume polls cl until done accepts the values read so far, failing the
// test with what it read if ctx ends first.
func consume(tb testing.TB, ctx context.Context, cl *kgo.Client, done func([]string) bool) []string {
	tb.Helper()
	var got []string
	for !done(got) {
		fs := cl.PollFetches(ctx)
		if ctx.Err() != nil {
			tb.Fatalf("gave up after reading %d records: %v", len(got), ctx.Err())
		}
		fs.EachRecord(func(r *kgo.Record) { got = append(got, string(r.Value)) })
	}
	return got
}

// ensureTopic creates topic on b, as a service does at start.
func ensureTopic(tb testing.TB, b *embedded.Broker, topic string) {
	tb.Helper()
	cl, err := kafkax.NewClient(b.Config())
	if err != nil {
		tb.Fatalf("NewClient: %v", err)
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := kafkax.EnsureTopics(ctx, cl, b.Config(), topic); err != nil {
		tb.Fatalf("EnsureTopics %s: %v", topic, err)
	}
}

func fromStart(topic string) []kgo.Opt {
	return []kgo.Opt{kgo.ConsumeTopics(topic), kgo.ConsumeResetOffset(kgo.NewOffset().AtStart())}
}
