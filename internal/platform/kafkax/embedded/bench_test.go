package embedded_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/vextrus/vextrus/internal/platform/kafkax/embedded"
	"github.com/vextrus/vextrus/internal/platform/kafkax/kafkatest"
)

// BenchmarkProduceConsume produces b.N small records with acks=all, then
// reads them all back with a second client; records/s covers both legs.
// Run with -benchtime=10000x for a quick figure.
func BenchmarkProduceConsume(b *testing.B) {
	for _, tc := range []struct {
		name          string
		persist, sync bool
	}{{"memory", false, false}, {"disk", true, false}, {"synced-disk", true, true}} {
		b.Run(tc.name, func(b *testing.B) {
			o := embedded.Options{SyncWrites: tc.sync}
			if tc.persist {
				o.DataDir = b.TempDir()
			}
			broker := start(b, o)
			ensureTopic(b, broker, "bench")
			producer := kafkatest.Client(b, broker)
			consumer := kafkatest.Client(b, broker, fromStart("bench")...)
			recs := make([]*kgo.Record, b.N)
			for i := range recs {
				recs[i] = &kgo.Record{Topic: "bench", Key: []byte(strconv.Itoa(i % 64)), Value: make([]byte, 100)}
			}
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
			defer cancel()

			b.ResetTimer()
			began := time.Now()
			if err := producer.ProduceSync(ctx, recs...).FirstErr(); err != nil {
				b.Fatalf("produce: %v", err)
			}
			for read := 0; read < b.N; {
				fs := consumer.PollFetches(ctx)
				if ctx.Err() != nil {
					b.Fatalf("read %d of %d: %v", read, b.N, ctx.Err())
				}
				read += fs.NumRecords()
			}
			b.ReportMetric(float64(b.N)/time.Since(began).Seconds(), "records/s")
		})
	}
}
