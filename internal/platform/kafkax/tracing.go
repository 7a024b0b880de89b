package kafkax

import (
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/plugin/kotel"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
)

// tracing is the kotel hook of a client: a PRODUCER span `<topic> publish`
// for every record from its buffering to its acknowledgement, started from
// the record's Context (which Produce sets to its ctx when the caller left
// it nil), and a CONSUMER span `<topic> receive` for every fetched record.
//
// The publish span's context replaces the record's `traceparent` header
// (events.HeaderTraceParent, written by events.Record from the outbox
// row): the header stays the one carrier of the trace across Kafka, and a
// consumer continues from the publish span. Only W3C trace context is
// carried, not baggage, as in the outbox and in Temporal's headers.
func tracing(tp trace.TracerProvider, clientID string) kgo.Opt {
	t := kotel.NewTracer(
		kotel.TracerProvider(tp),
		kotel.TracerPropagator(propagation.TraceContext{}),
		kotel.ClientID(clientID),
	)
	return kgo.WithHooks(kotel.NewKotel(kotel.WithTracer(t)).Hooks()...)
}
