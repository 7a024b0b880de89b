package events

import (
	"context"

	"github.com/twmb/franz-go/pkg/kgo"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
)

// instrumentation names the tracer of the outbox and consumer spans.
const instrumentation = "github.com/vextrus/vextrus/internal/platform/events"

// Span names and attributes of the event pipeline (docs/architecture.md,
// Traces). The relay's publish span is kotel's `<topic> publish`.
const (
	SpanAppend       = "outbox append"
	processSuffix    = " process"
	AttrGroup        = "messaging.consumer.group.name"
	attrDestination  = "messaging.destination.name"
	attrMessageID    = "messaging.message.id"
	attrEventType    = "cloudevents.event_type"
	attrEventCount   = "messaging.batch.message_count"
	attrSystem       = "messaging.system"
	attrOperation    = "messaging.operation.type"
	attrPartition    = "messaging.destination.partition.id"
	attrOffset       = "messaging.kafka.offset"
	systemKafka      = "kafka"
	operationProcess = "process"
)

// traceContext is the W3C propagator of the outbox row, the record header
// and events.Context: trace context only, never baggage, which is
// whatever a caller sent and would be stored with every event.
var traceContext = propagation.TraceContext{}

// traceParent is the traceparent of ctx's span, or "".
func traceParent(ctx context.Context) string {
	carrier := propagation.MapCarrier{}
	traceContext.Inject(ctx, carrier)
	return carrier.Get(HeaderTraceParent)
}

// startAppend opens the `outbox append` span under ctx's span when that
// span is recorded (by the same provider: an outbox has no tracer of its
// own), so the row's trace context names the append and the relay's
// publish span hangs below it. Otherwise ctx is returned as it is and
// the row carries the caller's context unchanged.
func startAppend(ctx context.Context, topic string, n int) (context.Context, func()) {
	parent := trace.SpanFromContext(ctx)
	if !parent.IsRecording() {
		return ctx, func() {}
	}
	ctx, span := parent.TracerProvider().Tracer(instrumentation).Start(ctx, SpanAppend,
		trace.WithAttributes(attribute.String(attrDestination, topic), attribute.Int(attrEventCount, n)))
	return ctx, func() { span.End() }
}

// withRecordTrace sets rec's Context to ctx continuing the trace of the
// outbox row (its traceparent header), so the Kafka client's publish span
// is that trace's child.
func withRecordTrace(ctx context.Context, rec *kgo.Record) {
	if tp := headerValue(rec, HeaderTraceParent); tp != "" {
		ctx = traceContext.Extract(ctx, propagation.MapCarrier{HeaderTraceParent: tp})
	}
	rec.Context = ctx
}

// processSpans are the `<topic> process` spans of one handled batch, by
// event id; events.Context puts an event's span in its handler's ctx.
type processSpans map[string]trace.Span

type processSpansKey struct{}

// startProcess opens a CONSUMER span `<topic> process` for each event of
// evs, a child of the trace context its record carried, and returns a
// copy of evs whose TraceParent names its span, ctx carrying the spans
// for Context, and a function that ends them all with the batch's
// outcome. Without tracing it returns its arguments and a no-op.
func (c *Consumer) startProcess(ctx context.Context, evs []Event) (context.Context, []Event, func(error)) {
	if c.tracer == nil {
		return ctx, evs, func(error) {}
	}
	spans := make(processSpans, len(evs))
	out := make([]Event, len(evs))
	for i, ev := range evs {
		if span, ok := spans[ev.ID]; ok { // a poll may hold an event twice
			ev.TraceParent = traceParent(trace.ContextWithSpan(ctx, span))
			out[i] = ev
			continue
		}
		parent := ctx
		if ev.TraceParent != "" {
			parent = traceContext.Extract(ctx, propagation.MapCarrier{HeaderTraceParent: ev.TraceParent})
		}
		sctx, span := c.tracer.Start(parent, ev.Topic+processSuffix, trace.WithSpanKind(trace.SpanKindConsumer),
			trace.WithAttributes(
				attribute.String(attrSystem, systemKafka),
				attribute.String(attrOperation, operationProcess),
				attribute.String(AttrGroup, c.cfg.Group),
				attribute.String(attrDestination, ev.Topic),
				attribute.Int(attrPartition, int(ev.Partition)),
				attribute.Int64(attrOffset, ev.Offset),
				attribute.String(attrMessageID, ev.ID),
				attribute.String(attrEventType, ev.Type)))
		spans[ev.ID] = span
		ev.TraceParent = traceParent(sctx)
		out[i] = ev
	}
	end := func(err error) {
		for _, span := range spans {
			if err != nil {
				span.SetStatus(codes.Error, err.Error())
			}
			span.End()
		}
	}
	return context.WithValue(ctx, processSpansKey{}, spans), out, end
}

// withProcessSpan returns ctx with ev's process span when the consumer
// handling ev opened one.
func withProcessSpan(ctx context.Context, ev Event) (context.Context, bool) {
	spans, _ := ctx.Value(processSpansKey{}).(processSpans)
	span, ok := spans[ev.ID]
	if !ok {
		return ctx, false
	}
	return trace.ContextWithSpan(ctx, span), true
}
