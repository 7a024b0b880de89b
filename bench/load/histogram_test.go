package load_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/vextrus/vextrus/bench/load"
)

func TestHistogramQuantiles(t *testing.T) {
	t.Parallel()
	const n = 200_000
	distributions := []struct {
		name string
		draw func(r *rand.Rand) int64
	}{
		{"uniform 1µs to 1s", func(r *rand.Rand) int64 { return 1_000 + r.Int64N(1_000_000_000) }},
		{"exponential mean 5ms", func(r *rand.Rand) int64 { return int64(r.ExpFloat64() * 5e6) }},
		{"lognormal around 2ms", func(r *rand.Rand) int64 { return int64(math.Exp(r.NormFloat64()*1.2) * 2e6) }},
		{"small exact values", func(r *rand.Rand) int64 { return r.Int64N(300) }},
		{"bimodal 200µs and 80ms", func(r *rand.Rand) int64 {
			if r.IntN(10) == 0 {
				return 80e6 + r.Int64N(20e6)
			}
			return 200e3 + r.Int64N(50e3)
		}},
	}
	for _, d := range distributions {
		t.Run(d.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(1, 2))
			values := make([]int64, n)
			var h load.Histogram
			for i := range values {
				values[i] = d.draw(r)
				h.Record(values[i])
			}
			slices.Sort(values)
			for _, q := range []float64{0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 0.999, 1} {
				want := values[int(math.Ceil(q*n))-1]
				got := h.Quantile(q)
				if diff := math.Abs(float64(got - want)); diff > 0.01*float64(want) {
					t.Errorf("q%g = %d, want %d within 1%%", q, got, want)
				}
			}
			if h.Max() != values[n-1] || h.Min() != values[0] || h.Count() != n {
				t.Errorf("min/max/count = %d/%d/%d, want %d/%d/%d", h.Min(), h.Max(), h.Count(), values[0], values[n-1], n)
			}
		})
	}
}

func TestHistogramMerge(t *testing.T) {
	t.Parallel()
	var a, b, all load.Histogram
	for v := range int64(10_000) {
		x := v * v
		all.Record(x)
		if v%3 == 0 {
			a.Record(x)
		} else {
			b.Record(x)
		}
	}
	a.Merge(&b)
	for _, q := range []float64{0, 0.5, 0.99, 1} {
		if a.Quantile(q) != all.Quantile(q) {
			t.Errorf("merged q%g = %d, want %d", q, a.Quantile(q), all.Quantile(q))
		}
	}
	if a.Count() != all.Count() || a.Min() != all.Min() || a.Max() != all.Max() || a.Mean() != all.Mean() {
		t.Errorf("merged count/min/max/mean differ from one histogram of all values")
	}
}

func TestHistogramEdges(t *testing.T) {
	t.Parallel()
	var h load.Histogram
	if h.Quantile(0.5) != 0 || h.Max() != 0 {
		t.Errorf("empty histogram reports values")
	}
	huge := int64(10 * 3600 * 1e9) // 10 hours in ns, past the top bucket
	h.Record(-5)
	h.Record(huge)
	if h.Min() != 0 || h.Max() != huge || h.Quantile(1) != huge {
		t.Errorf("min %d max %d q1 %d, want 0, %d, %d", h.Min(), h.Max(), h.Quantile(1), huge, huge)
	}
}
