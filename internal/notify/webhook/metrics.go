package webhook

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/vextrus/vextrus/internal/platform/telemetry"
)

// metrics are the runner's: attempts by outcome and how long they took.
type metrics struct {
	attempts *prometheus.CounterVec
	duration prometheus.Histogram
}

func newMetrics(reg prometheus.Registerer) *metrics {
	return &metrics{
		attempts: telemetry.Register(reg, prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "vextrus_webhook_attempts_total",
			Help: "Webhook delivery attempts by outcome: delivered, retry (failed, tried again later), dead (failed the last attempt).",
		}, []string{"outcome"})),
		duration: telemetry.Register(reg, prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "vextrus_webhook_attempt_seconds",
			Help:    "Time from sending a webhook delivery to its receiver's answer or the timeout.",
			Buckets: prometheus.ExponentialBuckets(0.01, 2.5, 10),
		})),
	}
}
