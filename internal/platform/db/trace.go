package db

import (
	"github.com/exaring/otelpgx"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/multitracer"
	metricnoop "go.opentelemetry.io/otel/metric/noop"
	"go.opentelemetry.io/otel/trace"

	"github.com/vextrus/vextrus/internal/platform/telemetry"
)

// traceStatements adds the OpenTelemetry statement tracer to cc, beside
// any tracer it already has, unless tracing is off (telemetry.Recording):
// then nothing is added and a statement costs what it did.
//
// A statement gets a CLIENT span named by its SQL operation (SELECT,
// INSERT, ...; a pipelined transaction's deferred statements are spans of
// their batch) with db.system.name, db.query.text and db.operation.name,
// and waiting for a pooled connection a `pool.acquire` span, but only
// inside a recorded trace: background loops (the relay's claim, pruning,
// backlog gauges) start no trace of their own. Arguments are never
// recorded: they hold tenants' data. The tracer's own metrics are off;
// the pool's are on /metrics already (NewPoolCollector).
func traceStatements(cc *pgx.ConnConfig, tp trace.TracerProvider) {
	tp = telemetry.Provider(tp)
	if !telemetry.Recording(tp) {
		return
	}
	t := otelpgx.NewTracer(
		otelpgx.WithTracerProvider(tp),
		otelpgx.WithMeterProvider(metricnoop.NewMeterProvider()),
		otelpgx.WithDisableConnectionDetailsInAttributes(),
	)
	if cc.Tracer == nil {
		cc.Tracer = t
		return
	}
	cc.Tracer = multitracer.New(cc.Tracer, t)
}
