package load

import (
	"math"
	"math/bits"
	"time"
)

// The histogram is log-linear, in the manner of HdrHistogram: values below
// 2^subBits are counted exactly, and every power of two above that is split
// into half = 2^(subBits-1) equal buckets. A bucket is therefore never wider
// than 1/128 of the values in it, and reporting its midpoint puts any
// percentile within 0.4% of the recorded value, at a fixed 37 KiB per
// histogram and O(1) recording without allocation.
const (
	subBits     = 8
	subCount    = 1 << subBits
	half        = subCount / 2
	valueBits   = 43 // values up to about 2.4 hours in nanoseconds
	maxValue    = 1<<valueBits - 1
	maxExp      = valueBits - subBits
	bucketCount = (maxExp + 2) * half
)

// Histogram counts non-negative int64 values (nanoseconds, for latency)
// in log-linear buckets. The zero value is empty and ready to use; it is not
// safe for concurrent use. Values above about 2.4 hours are counted in the
// top bucket, while Max stays exact.
type Histogram struct {
	counts   [bucketCount]uint64
	count    uint64
	min, max int64
	sum      float64
}

// bucketOf returns the index of the bucket counting v.
func bucketOf(v int64) int {
	exp := max(0, bits.Len64(uint64(v))-subBits)
	return exp*half + int(v>>exp)
}

// bucketBounds returns the smallest and largest value counted by bucket i.
func bucketBounds(i int) (lo, hi int64) {
	if i < subCount {
		return int64(i), int64(i)
	}
	exp := i/half - 1
	m := int64(i - exp*half)
	return m << exp, (m+1)<<exp - 1
}

// Record counts one value; negative values count as zero.
func (h *Histogram) Record(v int64) {
	v = max(v, 0)
	if h.count == 0 || v < h.min {
		h.min = v
	}
	if v > h.max {
		h.max = v
	}
	h.count++
	h.sum += float64(v)
	h.counts[bucketOf(min(v, maxValue))]++
}

// RecordDuration counts one latency.
func (h *Histogram) RecordDuration(d time.Duration) { h.Record(int64(d)) }

// Merge adds every value counted by o to h.
func (h *Histogram) Merge(o *Histogram) {
	if o.count == 0 {
		return
	}
	if h.count == 0 || o.min < h.min {
		h.min = o.min
	}
	h.max = max(h.max, o.max)
	h.count += o.count
	h.sum += o.sum
	for i, c := range o.counts {
		h.counts[i] += c
	}
}

// Count returns how many values were recorded.
func (h *Histogram) Count() uint64 { return h.count }

// Min returns the smallest recorded value, or 0 when empty.
func (h *Histogram) Min() int64 { return h.min }

// Max returns the largest recorded value exactly, or 0 when empty.
func (h *Histogram) Max() int64 { return h.max }

// Mean returns the arithmetic mean of the recorded values, or 0 when empty.
func (h *Histogram) Mean() float64 {
	if h.count == 0 {
		return 0
	}
	return h.sum / float64(h.count)
}

// Quantile returns the value at quantile q in [0, 1] (0.99 for p99): the
// value with rank ceil(q*count) in sorted order, within half a bucket.
// It returns 0 when the histogram is empty.
func (h *Histogram) Quantile(q float64) int64 {
	if h.count == 0 {
		return 0
	}
	rank := uint64(math.Ceil(q * float64(h.count)))
	rank = min(max(rank, 1), h.count)
	if rank == h.count {
		return h.max
	}
	var seen uint64
	for i, c := range h.counts {
		seen += c
		if seen >= rank {
			lo, hi := bucketBounds(i)
			return min(max(lo+(hi-lo)/2, h.min), h.max)
		}
	}
	return h.max
}

// QuantileDuration returns Quantile(q) as a duration.
func (h *Histogram) QuantileDuration(q float64) time.Duration {
	return time.Duration(h.Quantile(q))
}
