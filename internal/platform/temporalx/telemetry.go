package temporalx

import (
	"fmt"
	"log/slog"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
	"go.temporal.io/sdk/client"
	temporalotel "go.temporal.io/sdk/contrib/opentelemetry"
)

// InstrumentationName names the meter and the tracer of the Temporal SDK.
const InstrumentationName = "temporal-sdk-go"

// TracingHeader is the Temporal header in which the tracing interceptor
// carries the W3C trace context from a caller to the workflow, and from
// the workflow to its activities. It is the header every Temporal SDK
// uses, so a trace also crosses workers written in other languages.
const TracingHeader = "_tracer-data"

// Telemetry is what a Temporal client, and every worker built on it,
// reports through.
type Telemetry struct {
	// Meters receives the SDK's metrics (requests, task latencies, poll
	// results, sticky cache, completions). Nil records none.
	Meters metric.MeterProvider
	// Tracer records the SDK's spans. Nil uses the global tracer
	// provider, which telemetry.SetupTracing installs.
	Tracer trace.TracerProvider
	// Logger receives the metrics handler's errors; nil is slog.Default.
	Logger *slog.Logger
}

// Instrument makes opts report through t: it sets the SDK metrics handler
// (when t.Meters is set) and appends the OpenTelemetry tracing
// interceptor. Interceptors and the metrics handler of a client apply to
// the workers built on it.
//
// The interceptor opens spans StartWorkflow, UpdateWorkflow,
// SignalWorkflow and QueryWorkflow on the caller's side, as children of
// the span in the caller's context, and RunWorkflow, StartActivity,
// RunActivity and the Handle* spans on the worker's side. It carries the
// trace context in TracingHeader, as W3C traceparent only: no baggage,
// because headers are stored in workflow history and baggage is whatever
// a caller sent.
func (t Telemetry) Instrument(opts *client.Options) error {
	logger := t.Logger
	if logger == nil {
		logger = slog.Default()
	}
	if t.Meters != nil {
		opts.MetricsHandler = temporalotel.NewMetricsHandler(temporalotel.MetricsHandlerOptions{
			Meter: t.Meters.Meter(InstrumentationName),
			// The SDK's counters only grow; as OpenTelemetry counters they
			// are Prometheus counters (with "_total"), not gauges.
			UseMonotonicCounters: true,
			// The default panics; a metric must never stop a worker.
			OnError: func(err error) {
				logger.Warn("temporal sdk metric not recorded", "err", err)
			},
		})
	}
	tp := t.Tracer
	if tp == nil {
		tp = otel.GetTracerProvider()
	}
	tracing, err := temporalotel.NewTracingInterceptor(temporalotel.TracerOptions{
		Tracer:            tp.Tracer(InstrumentationName),
		TextMapPropagator: propagation.TraceContext{},
		DisableBaggage:    true,
		HeaderKey:         TracingHeader,
	})
	if err != nil {
		return fmt.Errorf("temporal tracing interceptor: %w", err)
	}
	opts.Interceptors = append(opts.Interceptors, tracing)
	return nil
}
