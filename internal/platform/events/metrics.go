package events

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/vextrus/vextrus/internal/platform/telemetry"
)

// relayMetrics are labelled by service, so every relay of a process
// shares one set of collectors.
type relayMetrics struct {
	backlog   *prometheus.GaugeVec
	oldestAge *prometheus.GaugeVec
	published *prometheus.CounterVec
	failures  *prometheus.CounterVec
	pruned    *prometheus.CounterVec
}

func newRelayMetrics(reg prometheus.Registerer) *relayMetrics {
	return &relayMetrics{
		backlog: telemetry.Register(reg, prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "vextrus_outbox_backlog", Help: "Outbox rows not yet published.",
		}, []string{"service"})),
		oldestAge: telemetry.Register(reg, prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "vextrus_outbox_oldest_age_seconds", Help: "Age of the oldest unpublished outbox row (0 when none).",
		}, []string{"service"})),
		published: telemetry.Register(reg, prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "vextrus_outbox_published_total", Help: "Outbox rows published and marked sent.",
		}, []string{"service"})),
		failures: telemetry.Register(reg, prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "vextrus_outbox_publish_failures_total", Help: "Relay rounds that failed to publish or mark rows.",
		}, []string{"service"})),
		pruned: telemetry.Register(reg, prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "vextrus_outbox_pruned_total", Help: "Sent outbox rows deleted after their retention.",
		}, []string{"service"})),
	}
}

// consumerMetrics are labelled by consumer group.
type consumerMetrics struct {
	lag      *prometheus.GaugeVec
	latency  *prometheus.HistogramVec
	age      *prometheus.HistogramVec
	outcomes *prometheus.CounterVec
}

func newConsumerMetrics(reg prometheus.Registerer) *consumerMetrics {
	return &consumerMetrics{
		lag: telemetry.Register(reg, prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "vextrus_consumer_lag", Help: "Records behind the high watermark, per partition.",
		}, []string{"group", "topic", "partition"})),
		latency: telemetry.Register(reg, prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "vextrus_consumer_processing_seconds", Help: "Time to process one transaction of events, retries included.",
			Buckets: prometheus.ExponentialBuckets(0.0005, 2, 16),
		}, []string{"group"})),
		age: telemetry.Register(reg, prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "vextrus_consumer_event_age_seconds", Help: "Time from an event's commit to its effect.",
			Buckets: prometheus.ExponentialBuckets(0.001, 2, 16),
		}, []string{"group"})),
		outcomes: telemetry.Register(reg, prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "vextrus_consumer_events_total", Help: "Events by outcome: processed, duplicate, unwanted, retried, dead_lettered.",
		}, []string{"group", "outcome"})),
	}
}
