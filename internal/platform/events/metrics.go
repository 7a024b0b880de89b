package events

import (
	"errors"

	"github.com/prometheus/client_golang/prometheus"
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
		backlog: register(reg, prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "vextrus_outbox_backlog", Help: "Outbox rows not yet published.",
		}, []string{"service"})),
		oldestAge: register(reg, prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "vextrus_outbox_oldest_age_seconds", Help: "Age of the oldest unpublished outbox row (0 when none).",
		}, []string{"service"})),
		published: register(reg, prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "vextrus_outbox_published_total", Help: "Outbox rows published and marked sent.",
		}, []string{"service"})),
		failures: register(reg, prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "vextrus_outbox_publish_failures_total", Help: "Relay rounds that failed to publish or mark rows.",
		}, []string{"service"})),
		pruned: register(reg, prometheus.NewCounterVec(prometheus.CounterOpts{
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
		lag: register(reg, prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "vextrus_consumer_lag", Help: "Records behind the high watermark, per partition.",
		}, []string{"group", "topic", "partition"})),
		latency: register(reg, prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "vextrus_consumer_processing_seconds", Help: "Time to process one transaction of events, retries included.",
			Buckets: prometheus.ExponentialBuckets(0.0005, 2, 16),
		}, []string{"group"})),
		age: register(reg, prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "vextrus_consumer_event_age_seconds", Help: "Time from an event's commit to its effect.",
			Buckets: prometheus.ExponentialBuckets(0.001, 2, 16),
		}, []string{"group"})),
		outcomes: register(reg, prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "vextrus_consumer_events_total", Help: "Events by outcome: processed, duplicate, retried, dead_lettered.",
		}, []string{"group", "outcome"})),
	}
}

// register registers c, or returns the collector already registered under
// its name, so several relays and consumers can share a registry. A nil
// registry keeps c unregistered.
func register[C prometheus.Collector](reg prometheus.Registerer, c C) C {
	if reg == nil {
		return c
	}
	if err := reg.Register(c); err != nil {
		var are prometheus.AlreadyRegisteredError
		if errors.As(err, &are) {
			if existing, ok := are.ExistingCollector.(C); ok {
				return existing
			}
		}
		panic(err) // two different collectors under one name: a programming error
	}
	return c
}
