package mixed_test

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/vextrus/vextrus/bench/mixed"
)

// soak makes n readings 5 s apart whose fields fill sets by index.
func soak(n int, fill func(i int, s *mixed.Sample)) []mixed.Sample {
	t0 := time.Date(2026, 12, 5, 2, 0, 0, 0, time.UTC)
	out := make([]mixed.Sample, n)
	for i := range out {
		out[i] = mixed.Sample{At: t0.Add(time.Duration(i) * 5 * time.Second), HeapBytes: 200 << 20, Goroutines: 1500}
		fill(i, &out[i])
	}
	return out
}

// wobble is deterministic noise in [-1, 1].
func wobble(i int) float64 { return math.Sin(float64(i) * 1.7) }

func TestJudgePassesAFlatNoisySoak(t *testing.T) {
	s := soak(120, func(i int, s *mixed.Sample) {
		s.HeapBytes += wobble(i) * (40 << 20) // GC cycles: ±40 MiB
		s.Goroutines += wobble(i+3) * 30
		s.OutboxBacklog = 50 + 40*wobble(i+5)
		s.ConsumerLag = 20 + 20*wobble(i+7)
	})
	if err := mixed.Judge(s, mixed.DefaultBounds); err != nil {
		t.Fatalf("a flat soak was judged: %v", err)
	}
}

func TestJudgeIgnoresGrowthDuringWarmUp(t *testing.T) {
	s := soak(120, func(i int, s *mixed.Sample) {
		if i < 60 { // caches and pools filling
			s.HeapBytes = float64(i) / 60 * (200 << 20)
			s.Goroutines = float64(i) / 60 * 1500
			s.OutboxBacklog = float64(60-i) * 100 // 6,000 at the start
		}
	})
	if err := mixed.Judge(s, mixed.DefaultBounds); err != nil {
		t.Fatalf("warm-up growth was judged: %v", err)
	}
}

func TestJudgeFindsAHeapThatKeepsGrowing(t *testing.T) {
	s := soak(120, func(i int, s *mixed.Sample) {
		s.HeapBytes += float64(i) * (3 << 19) // 1.5 MiB per reading: 90 MiB over the judged half
		s.HeapBytes += wobble(i) * (20 << 20)
	})
	err := mixed.Judge(s, mixed.DefaultBounds)
	if err == nil || !strings.Contains(err.Error(), "heap grows") {
		t.Fatalf("Judge = %v, want the heap's growth named", err)
	}
	if strings.Contains(err.Error(), "goroutines") {
		t.Errorf("flat goroutines were judged too: %v", err)
	}
}

func TestJudgeFindsLeakingGoroutines(t *testing.T) {
	s := soak(120, func(i int, s *mixed.Sample) { s.Goroutines += float64(i) * 3 }) // 180 over the judged half
	if err := mixed.Judge(s, mixed.DefaultBounds); err == nil || !strings.Contains(err.Error(), "goroutines grows") {
		t.Fatalf("Judge = %v, want the goroutines' growth named", err)
	}
}

func TestJudgeFindsAnUnboundedBacklogAndLag(t *testing.T) {
	over := soak(120, func(i int, s *mixed.Sample) {
		if i == 100 {
			s.OutboxBacklog = 5001
		}
	})
	if err := mixed.Judge(over, mixed.DefaultBounds); err == nil || !strings.Contains(err.Error(), "outbox backlog reached 5001") {
		t.Fatalf("Judge = %v, want the backlog's peak named", err)
	}
	rising := soak(120, func(i int, s *mixed.Sample) { s.ConsumerLag = float64(i) * 15 }) // 900 over the judged half, peak 1,785
	if err := mixed.Judge(rising, mixed.DefaultBounds); err == nil || !strings.Contains(err.Error(), "consumer lag grows") {
		t.Fatalf("Judge = %v, want the lag's growth named", err)
	}
}

func TestJudgeWantsEnoughReadings(t *testing.T) {
	if err := mixed.Judge(soak(8, func(int, *mixed.Sample) {}), mixed.DefaultBounds); err == nil {
		t.Fatal("8 readings were judged flat; a trend needs more")
	}
}

func TestSlopeIsTheLeastSquaresLine(t *testing.T) {
	xs := []float64{0, 1, 2, 3, 4}
	ys := []float64{1, 3.1, 4.9, 7, 9} // about 1 + 2x
	if got := mixed.Slope(xs, ys); math.Abs(got-1.99) > 1e-9 {
		t.Fatalf("Slope = %v, want 1.99", got)
	}
	if got := mixed.Slope([]float64{2, 2}, []float64{1, 5}); got != 0 {
		t.Fatalf("Slope of one x = %v, want 0", got)
	}
}
