package db

import (
	"github.com/prometheus/client_golang/prometheus"
)

// PoolCollector exports the connection counts and acquire waits of named
// pools, read from the pools when /metrics is scraped. A pool that makes
// requests wait shows as vextrus_db_pool_waited_acquires_total growing
// against vextrus_db_pool_acquires_total, and as wait time.
type PoolCollector struct {
	pools map[string]*Pool
}

// NewPoolCollector exports pools under their names (label pool).
func NewPoolCollector(pools map[string]*Pool) *PoolCollector { return &PoolCollector{pools: pools} }

var (
	poolLabels      = []string{"pool"}
	descAcquired    = prometheus.NewDesc("vextrus_db_pool_acquired_connections", "Connections of the pool in use.", poolLabels, nil)
	descIdle        = prometheus.NewDesc("vextrus_db_pool_idle_connections", "Connections of the pool open and idle.", poolLabels, nil)
	descMax         = prometheus.NewDesc("vextrus_db_pool_max_connections", "The most connections the pool opens.", poolLabels, nil)
	descAcquires    = prometheus.NewDesc("vextrus_db_pool_acquires_total", "Connections taken from the pool.", poolLabels, nil)
	descWaited      = prometheus.NewDesc("vextrus_db_pool_waited_acquires_total", "Acquires that found no idle connection and waited for one (released or newly opened).", poolLabels, nil)
	descWaitSeconds = prometheus.NewDesc("vextrus_db_pool_acquire_wait_seconds_total", "Time spent acquiring connections.", poolLabels, nil)
	descCanceled    = prometheus.NewDesc("vextrus_db_pool_canceled_acquires_total", "Acquires given up because their context ended.", poolLabels, nil)
)

// Describe implements prometheus.Collector.
func (c *PoolCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descAcquired, descIdle, descMax, descAcquires, descWaited, descWaitSeconds, descCanceled} {
		ch <- d
	}
}

// Collect implements prometheus.Collector.
func (c *PoolCollector) Collect(ch chan<- prometheus.Metric) {
	for name, p := range c.pools {
		s := p.Stat()
		for _, m := range []struct {
			desc  *prometheus.Desc
			kind  prometheus.ValueType
			value float64
		}{
			{descAcquired, prometheus.GaugeValue, float64(s.AcquiredConns())},
			{descIdle, prometheus.GaugeValue, float64(s.IdleConns())},
			{descMax, prometheus.GaugeValue, float64(s.MaxConns())},
			{descAcquires, prometheus.CounterValue, float64(s.AcquireCount())},
			{descWaited, prometheus.CounterValue, float64(s.EmptyAcquireCount())},
			{descWaitSeconds, prometheus.CounterValue, s.AcquireDuration().Seconds()},
			{descCanceled, prometheus.CounterValue, float64(s.CanceledAcquireCount())},
		} {
			ch <- prometheus.MustNewConstMetric(m.desc, m.kind, m.value, name)
		}
	}
}
