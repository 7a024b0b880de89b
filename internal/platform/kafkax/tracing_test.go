package kafkax_test

import (
	"context"
	"testing"

	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
	"go.opentelemetry.io/otel/propagation"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
	"go.opentelemetry.io/otel/trace/noop"

	"github.com/vextrus/vextrus/internal/platform/kafkax"
)

// TestAProducedRecordCarriesItsPublishSpanInTraceparent produces a record
// under a caller's span: the client records `<topic> publish` as that
// span's child and the record's one traceparent header names the publish
// span; with the no-op provider the header is left as the caller set it.
func TestAProducedRecordCarriesItsPublishSpanInTraceparent(t *testing.T) {
	spans := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(spans))
	ctx, caller := tp.Tracer("test").Start(context.Background(), "request")
	defer caller.End()
	const set = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"

	produce := func(t *testing.T, cfg kafkax.Config) *kgo.Record {
		t.Helper()
		cl, err := kafkax.NewClient(cfg, kgo.AllowAutoTopicCreation())
		if err != nil {
			t.Fatal(err)
		}
		defer cl.Close()
		rec := &kgo.Record{Topic: "vextrus.test.events", Value: []byte("{}"),
			Headers: []kgo.RecordHeader{{Key: "traceparent", Value: []byte(set)}}}
		if err := cl.ProduceSync(ctx, rec).FirstErr(); err != nil {
			t.Fatal(err)
		}
		return rec
	}
	addrs := fakeCluster(t, kfake.SeedTopics(1, "vextrus.test.events"))

	t.Run("traced", func(t *testing.T) {
		rec := produce(t, kafkax.Config{Brokers: addrs, Tracer: tp})
		var publish *tracetest.SpanStub
		for _, s := range spans.GetSpans() {
			if s.Name == "vextrus.test.events publish" {
				publish = &s
			}
		}
		if publish == nil || publish.SpanKind != trace.SpanKindProducer {
			t.Fatalf("no PRODUCER span `vextrus.test.events publish` among %d spans", len(spans.GetSpans()))
		}
		if publish.Parent.SpanID() != caller.SpanContext().SpanID() {
			t.Fatal("the publish span is not the caller's child")
		}
		var got []string
		for _, h := range rec.Headers {
			if h.Key == "traceparent" {
				got = append(got, string(h.Value))
			}
		}
		carrier := propagation.MapCarrier{}
		propagation.TraceContext{}.Inject(trace.ContextWithSpanContext(context.Background(), publish.SpanContext), carrier)
		if len(got) != 1 || got[0] != carrier.Get("traceparent") {
			t.Fatalf("traceparent headers %q, want the publish span's alone, %s", got, carrier.Get("traceparent"))
		}
	})
	t.Run("off", func(t *testing.T) {
		rec := produce(t, kafkax.Config{Brokers: addrs, Tracer: noop.NewTracerProvider()})
		if len(rec.Headers) != 1 || string(rec.Headers[0].Value) != set {
			t.Fatalf("headers %v, want the caller's traceparent untouched", rec.Headers)
		}
	})
}
