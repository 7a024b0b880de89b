package embedded_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/vextrus/vextrus/internal/platform/kafkax"
	"github.com/vextrus/vextrus/internal/platform/kafkax/kafkatest"
)

func TestTransactions(t *testing.T) {
	const topic = "ledger.events"
	b := kafkatest.New(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cfg := b.Config()
	cfg.Partitions = 1 // one partition, so the log order is the produce order
	if err := kafkax.EnsureTopics(ctx, kafkatest.Client(t, b), cfg, topic); err != nil {
		t.Fatalf("EnsureTopics: %v", err)
	}

	tx := kafkatest.Client(t, b, kgo.TransactionalID("ledger-writer"))
	for _, step := range []struct {
		value string
		end   kgo.TransactionEndTry
	}{
		{"committed-1", kgo.TryCommit},
		{"aborted", kgo.TryAbort},
		{"committed-2", kgo.TryCommit},
	} {
		if err := tx.BeginTransaction(); err != nil {
			t.Fatalf("begin: %v", err)
		}
		if err := tx.ProduceSync(ctx, &kgo.Record{Topic: topic, Value: []byte(step.value)}).FirstErr(); err != nil {
			t.Fatalf("produce %s: %v", step.value, err)
		}
		if err := tx.EndTransaction(ctx, step.end); err != nil {
			t.Fatalf("end transaction of %s: %v", step.value, err)
		}
	}
	untilLast := func(vs []string) bool { return slices.Contains(vs, "committed-2") }

	t.Run("read_committed sees only committed records", func(t *testing.T) {
		rc := kafkatest.Client(t, b, append(fromStart(topic), kgo.FetchIsolationLevel(kgo.ReadCommitted()))...)
		got := consume(t, ctx, rc, untilLast)
		if want := []string{"committed-1", "committed-2"}; !slices.Equal(got, want) {
			t.Fatalf("read %v, want %v", got, want)
		}
	})

	// The aborted record is in the log; read_committed filtered it out.
	t.Run("read_uncommitted sees the aborted record", func(t *testing.T) {
		ru := kafkatest.Client(t, b, append(fromStart(topic), kgo.FetchIsolationLevel(kgo.ReadUncommitted()))...)
		got := consume(t, ctx, ru, untilLast)
		if want := []string{"committed-1", "aborted", "committed-2"}; !slices.Equal(got, want) {
			t.Fatalf("read %v, want %v", got, want)
		}
	})
}
