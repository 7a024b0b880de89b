package mixed

import (
	"errors"
	"fmt"
	"time"
)

// Bounds are what a soak must stay within after its warm-up: the second
// half of the readings is judged, the first half being the system
// filling its caches, pools and heap.
type Bounds struct {
	// HeapGrowth is how much the least-squares line through the heap may
	// rise over the judged half, as a fraction of the half's mean heap;
	// HeapFloor is a rise in bytes always allowed (a small heap's noise).
	HeapGrowth, HeapFloor float64
	// GoroutineGrowth and GoroutineFloor bound the goroutines' line the
	// same way.
	GoroutineGrowth, GoroutineFloor float64
	// Backlog and Lag are the most outbox backlog and consumer lag any
	// judged reading may show (events); their lines may rise over the
	// judged half by at most a tenth of that.
	Backlog, Lag float64
	// MinSamples is how many readings the judged half needs for a trend
	// to mean anything.
	MinSamples int
}

// DefaultBounds are the soak's bounds (docs/scaling.md, "Soak"): heap
// and goroutines flat within 15% (at least 48 MiB, 50 goroutines) over
// the judged half; backlog and lag never above 5,000 events, rising by
// at most 500. The heap's floor is the noise of the whole system in one
// process (its embedded Temporal server and the harness's users
// included) on two cores.
var DefaultBounds = Bounds{HeapGrowth: 0.15, HeapFloor: 48 << 20, GoroutineGrowth: 0.10, GoroutineFloor: 50,
	Backlog: 5000, Lag: 5000, MinSamples: 10}

// Judge checks the readings against b and names every bound broken.
func Judge(samples []Sample, b Bounds) error {
	half := samples[len(samples)/2:]
	if len(half) < b.MinSamples {
		return fmt.Errorf("%d readings after warm-up, %d needed to judge a trend", len(half), b.MinSamples)
	}
	var errs []error
	series := func(get func(Sample) float64) (xs, ys []float64) {
		t0 := half[0].At
		for _, s := range half {
			xs = append(xs, s.At.Sub(t0).Seconds())
			ys = append(ys, get(s))
		}
		return xs, ys
	}
	span := half[len(half)-1].At.Sub(half[0].At).Seconds()
	flat := func(name, unit string, get func(Sample) float64, frac, floor float64) {
		xs, ys := series(get)
		rise := Slope(xs, ys) * span
		allowed := max(frac*mean(ys), floor)
		if rise > allowed {
			errs = append(errs, fmt.Errorf("%s grows: %.0f%s over the last %s (least squares), more than %.0f%s allowed",
				name, rise, unit, time.Duration(span*float64(time.Second)).Round(time.Second), allowed, unit))
		}
	}
	bounded := func(name string, get func(Sample) float64, most float64) {
		xs, ys := series(get)
		if peak := maxOf(ys); peak > most {
			errs = append(errs, fmt.Errorf("%s reached %.0f events after warm-up, more than %.0f", name, peak, most))
		}
		if rise := Slope(xs, ys) * span; rise > most/10 {
			errs = append(errs, fmt.Errorf("%s grows: %.0f events over the last %s, more than %.0f", name, rise,
				time.Duration(span*float64(time.Second)).Round(time.Second), most/10))
		}
	}
	flat("heap", " bytes", func(s Sample) float64 { return s.HeapBytes }, b.HeapGrowth, b.HeapFloor)
	flat("goroutines", "", func(s Sample) float64 { return s.Goroutines }, b.GoroutineGrowth, b.GoroutineFloor)
	bounded("outbox backlog", func(s Sample) float64 { return s.OutboxBacklog }, b.Backlog)
	bounded("consumer lag", func(s Sample) float64 { return s.ConsumerLag }, b.Lag)
	return errors.Join(errs...)
}

// Slope is the least-squares slope of ys over xs (0 when xs do not vary).
func Slope(xs, ys []float64) float64 {
	mx, my := mean(xs), mean(ys)
	var num, den float64
	for i := range xs {
		num += (xs[i] - mx) * (ys[i] - my)
		den += (xs[i] - mx) * (xs[i] - mx)
	}
	if den == 0 {
		return 0
	}
	return num / den
}

func mean(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	var s float64
	for _, x := range v {
		s += x
	}
	return s / float64(len(v))
}

func maxOf(v []float64) float64 {
	m := v[0]
	for _, x := range v[1:] {
		m = max(m, x)
	}
	return m
}
