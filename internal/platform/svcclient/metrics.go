package svcclient

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/sony/gobreaker/v2"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/telemetry"
)

// Metrics are the Prometheus metrics of every client in a process. Make one
// per registry and pass it to each New; a nil *Metrics records nothing.
type Metrics struct {
	calls    *prometheus.CounterVec
	retries  *prometheus.CounterVec
	breaker  *prometheus.GaugeVec
	duration *prometheus.HistogramVec
}

// OutcomeOK is the outcome label of a successful call; failed calls are
// labelled with their error code.
const OutcomeOK = "OK"

// NewMetrics registers the client metrics with reg (nil registers nothing).
// Registering twice with one registry reuses the first collectors, so tests
// and several wirings in one process do not collide.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	return &Metrics{
		calls: telemetry.Register(reg, prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "vextrus_service_client_calls_total",
			Help: "Calls to other services by target, HTTP method and outcome code.",
		}, []string{"target", "method", "code"})),
		retries: telemetry.Register(reg, prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "vextrus_service_client_retries_total",
			Help: "Attempts repeated after a transient failure, by target.",
		}, []string{"target"})),
		breaker: telemetry.Register(reg, prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "vextrus_service_client_breaker_state",
			Help: "Circuit breaker state by target: 0 closed, 1 half-open, 2 open.",
		}, []string{"target"})),
		duration: telemetry.Register(reg, prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "vextrus_service_client_call_duration_seconds",
			Help:    "Duration of calls to other services, retries included.",
			Buckets: prometheus.DefBuckets,
		}, []string{"target", "method"})),
	}
}

func (m *Metrics) observeCall(target, method string, err error, d time.Duration) {
	if m == nil {
		return
	}
	code := OutcomeOK
	if err != nil {
		code = string(errs.CodeOf(err))
	}
	m.calls.WithLabelValues(target, method, code).Inc()
	m.duration.WithLabelValues(target, method).Observe(d.Seconds())
}

func (m *Metrics) observeRetry(target string) {
	if m == nil {
		return
	}
	m.retries.WithLabelValues(target).Inc()
}

// observeBreaker records s in the state gauge.
func (m *Metrics) observeBreaker(target string, s gobreaker.State) {
	if m == nil {
		return
	}
	var v float64
	switch s {
	case gobreaker.StateHalfOpen:
		v = 1
	case gobreaker.StateOpen:
		v = 2
	}
	m.breaker.WithLabelValues(target).Set(v)
}
