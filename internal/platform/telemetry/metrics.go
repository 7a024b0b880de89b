package telemetry

import (
	"errors"
	"fmt"

	"github.com/prometheus/client_golang/prometheus"
	otelprom "go.opentelemetry.io/otel/exporters/prometheus"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
)

// SecondsBuckets are the histogram boundaries of every OpenTelemetry
// instrument recorded in seconds (unit "s"): from 5ms, for a task picked
// up at once, to an hour, for an approval's end-to-end latency. The SDK's
// default boundaries (0 to 10000) are made for milliseconds and would put
// every latency in the first bucket or two.
var SecondsBuckets = []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600}

// NewMeterProvider returns an OpenTelemetry meter provider whose
// instruments are collected into reg, so a library instrumented with
// OpenTelemetry metrics (the Temporal SDK) shows up on the /metrics of the
// registry the process serves.
//
// Names follow the exporter's Prometheus translation: monotonic counters
// get "_total", instruments in seconds get "_seconds" (histograms then
// "_bucket", "_sum" and "_count"). Neither target_info nor otel_scope_*
// labels are added: /metrics describes this process already, and the
// registry's own metrics carry no such labels either.
//
// Register at most one provider per registry. Shut it down when the
// process stops; instruments then stop recording.
func NewMeterProvider(reg prometheus.Registerer) (*sdkmetric.MeterProvider, error) {
	exp, err := otelprom.New(otelprom.WithRegisterer(reg), otelprom.WithoutTargetInfo(), otelprom.WithoutScopeInfo())
	if err != nil {
		return nil, fmt.Errorf("prometheus exporter: %w", err)
	}
	seconds := sdkmetric.NewView(
		sdkmetric.Instrument{Kind: sdkmetric.InstrumentKindHistogram, Unit: "s"},
		sdkmetric.Stream{Aggregation: sdkmetric.AggregationExplicitBucketHistogram{Boundaries: SecondsBuckets}},
	)
	return sdkmetric.NewMeterProvider(sdkmetric.WithReader(exp), sdkmetric.WithView(seconds)), nil
}

// Register registers c, or returns the collector already registered
// under its name, so that several relays, consumers, clients or services
// of one process (and tests) share a registry. A nil registry keeps c
// unregistered. Two different collectors under one name are a wiring
// mistake: it panics.
func Register[C prometheus.Collector](reg prometheus.Registerer, c C) C {
	if reg == nil {
		return c
	}
	if err := reg.Register(c); err != nil {
		var dup prometheus.AlreadyRegisteredError
		if errors.As(err, &dup) {
			if existing, ok := dup.ExistingCollector.(C); ok {
				return existing
			}
		}
		panic(err)
	}
	return c
}
