package app

import (
	"strings"

	"go.opentelemetry.io/otel/trace"
	"go.opentelemetry.io/otel/trace/noop"
)

// serviceName is the OpenTelemetry service.name of a process running
// targets: `vextrus` for the whole system, `vextrus-<targets joined by
// +>` otherwise (docs/architecture.md, Traces), so a trace across split
// processes names each hop.
func serviceName(targets []string) string {
	if len(targets) == 0 || len(targets) == 1 && targets[0] == All {
		return "vextrus"
	}
	return "vextrus-" + strings.Join(targets, "+")
}

// tracerProvider records this process's spans: a.Tracing's provider, or
// none when the process was started without tracing (tests, benches).
func (a *App) tracerProvider() trace.TracerProvider {
	if a.Tracing == nil || a.Tracing.Provider == nil {
		return noop.NewTracerProvider()
	}
	return a.Tracing.Provider
}

// wireTracing hands the provider to the parts that build their clients
// from configuration: every Kafka client (kotel hooks), the relays and the
// consumers read it from the Kafka section.
func (a *App) wireTracing() {
	a.Config.Kafka.Tracer = a.tracerProvider()
}
