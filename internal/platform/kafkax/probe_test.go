package kafkax_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/kafkax"
	"github.com/vextrus/vextrus/internal/platform/kafkax/kafkatest"
)

func TestRoundTripThroughEmbeddedBroker(t *testing.T) {
	cl := kafkatest.Client(t, kafkatest.New(t))
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	for i := range 2 { // the second trip finds the topic already there
		if err := kafkax.RoundTrip(ctx, cl, "vextrus.probe"); err != nil {
			t.Fatalf("RoundTrip #%d: %v", i+1, err)
		}
	}
}

func TestCheckReportsUnavailableOnceBrokerStops(t *testing.T) {
	b := kafkatest.New(t)
	cl := kafkatest.Client(t, b)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := kafkax.Check(ctx, cl); err != nil {
		t.Fatalf("Check on a running broker = %v", err)
	}
	if err := b.Stop(); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	short, cancelShort := context.WithTimeout(ctx, 2*time.Second)
	defer cancelShort()
	if err := kafkax.Check(short, cl); !errs.Is(err, errs.Unavailable) {
		t.Fatalf("Check on a stopped broker = %v, want UNAVAILABLE", err)
	}
}

func TestEnsureTopics(t *testing.T) {
	b := kafkatest.New(t)
	cl := kafkatest.Client(t, b)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()

	t.Run("creates missing topics with the configured partitions", func(t *testing.T) {
		cfg := b.Config()
		cfg.Partitions = 5
		for range 2 { // idempotent
			if err := kafkax.EnsureTopics(ctx, cl, cfg, "finance.events", "orders.events"); err != nil {
				t.Fatalf("EnsureTopics: %v", err)
			}
		}
		details, err := kadm.NewClient(cl).ListTopics(ctx, "finance.events", "orders.events")
		if err != nil {
			t.Fatalf("ListTopics: %v", err)
		}
		for _, name := range []string{"finance.events", "orders.events"} {
			if n := len(details[name].Partitions); n != 5 {
				t.Fatalf("%s has %d partitions, want 5", name, n)
			}
		}
	})

	t.Run("names missing topics when it may not create them", func(t *testing.T) {
		cfg := b.Config()
		cfg.CreateTopics = false
		err := kafkax.EnsureTopics(ctx, cl, cfg, "finance.events", "audit.events")
		if !errs.Is(err, errs.FailedPrecondition) || !strings.Contains(err.Error(), "audit.events") ||
			strings.Contains(err.Error(), "finance.events") {
			t.Fatalf("EnsureTopics = %v, want FAILED_PRECONDITION naming only audit.events", err)
		}
	})
}
