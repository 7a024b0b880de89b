package telemetry

import (
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/trace"
	"go.opentelemetry.io/otel/trace/noop"
)

// Provider returns tp, or the global tracer provider (which SetupTracing
// installs) when tp is nil. Every instrumented part resolves its provider
// this way, so a process configures tracing once and a test injects its
// own provider without touching the global.
func Provider(tp trace.TracerProvider) trace.TracerProvider {
	if tp == nil {
		return otel.GetTracerProvider()
	}
	return tp
}

// Recording reports whether spans of tp may be recorded: false for the
// no-op provider that SetupTracing installs when no endpoint is set. Hot
// paths (the Kafka hooks, the pgx tracer, the relay and consumer spans)
// are left out entirely when it is false, so tracing switched off costs
// nothing there; the W3C trace context still travels in the outbox row
// and the record's traceparent header.
func Recording(tp trace.TracerProvider) bool {
	switch Provider(tp).(type) {
	case noop.TracerProvider, *noop.TracerProvider:
		return false
	}
	return true
}
