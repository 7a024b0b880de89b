package mixed

import (
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/vextrus/vextrus/bench/load"
)

// stats are the latency histograms and counts of each operation.
type stats struct {
	mu   sync.Mutex
	byOp map[string]*opStat
	// since is every action since the sampler's last reading.
	since                 load.Histogram
	sinceCount, sinceErrs int64
}

type opStat struct {
	h             load.Histogram
	count, errors int64
}

func (s *stats) record(name string, d time.Duration, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.byOp == nil {
		s.byOp = map[string]*opStat{}
	}
	o := s.byOp[name]
	if o == nil {
		o = &opStat{}
		s.byOp[name] = o
	}
	o.h.RecordDuration(d)
	o.count++
	s.since.RecordDuration(d)
	s.sinceCount++
	if err != nil {
		o.errors++
		s.sinceErrs++
	}
}

// interval answers the actions, errors and p95 since it was last asked,
// and starts a new interval.
func (s *stats) interval() (actions, errors int64, p95 time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	actions, errors, p95 = s.sinceCount, s.sinceErrs, s.since.QuantileDuration(0.95)
	s.since, s.sinceCount, s.sinceErrs = load.Histogram{}, 0, 0
	return actions, errors, p95
}

// snapshot is the figures of every operation seen, by name.
func (s *stats) snapshot() []OpStats {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]OpStats, 0, len(s.byOp))
	for name, o := range s.byOp {
		out = append(out, OpStats{Name: name, Count: o.count, Errors: o.errors,
			P50: o.h.QuantileDuration(0.50), P95: o.h.QuantileDuration(0.95), P99: o.h.QuantileDuration(0.99)})
	}
	slices.SortFunc(out, func(a, b OpStats) int { return strings.Compare(a.Name, b.Name) })
	return out
}
