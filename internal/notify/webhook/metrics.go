package webhook

import (
	"errors"

	"github.com/prometheus/client_golang/prometheus"
)

// metrics are the runner's: attempts by outcome and how long they took.
type metrics struct {
	attempts *prometheus.CounterVec
	duration prometheus.Histogram
}

func newMetrics(reg prometheus.Registerer) *metrics {
	return &metrics{
		attempts: register(reg, prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "vextrus_webhook_attempts_total",
			Help: "Webhook delivery attempts by outcome: delivered, retry (failed, tried again later), dead (failed the last attempt).",
		}, []string{"outcome"})),
		duration: register(reg, prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "vextrus_webhook_attempt_seconds",
			Help:    "Time from sending a webhook delivery to its receiver's answer or the timeout.",
			Buckets: prometheus.ExponentialBuckets(0.01, 2.5, 10),
		})),
	}
}

// register registers c, or returns the collector already registered
// under its name, so several services (tests, replicas in one process)
// share a registry; a nil registry keeps c unregistered.
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
