package gateway

import (
	"context"
	"math"
	"sync"
	"time"
)

// Limiter takes one token from the bucket key (rate tokens per second, at
// most burst) and says how long until one is free when none is.
type Limiter interface {
	Take(ctx context.Context, key string, rate float64, burst int) (ok bool, retryAfter time.Duration, err error)
}

// MemoryLimiter keeps token buckets in this process: right for one
// gateway replica; several share limits through Redis (NewRedisLimiter).
type MemoryLimiter struct {
	mu      sync.Mutex
	buckets map[string]*bucket
	now     func() time.Time
	swept   time.Time
}

type bucket struct {
	tokens float64
	at     time.Time
}

// NewMemoryLimiter returns an empty in-memory limiter.
func NewMemoryLimiter() *MemoryLimiter {
	return &MemoryLimiter{buckets: map[string]*bucket{}, now: time.Now}
}

// Take implements Limiter.
func (m *MemoryLimiter) Take(_ context.Context, key string, rate float64, burst int) (bool, time.Duration, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	m.sweep(now)
	b, ok := m.buckets[key]
	if !ok {
		b = &bucket{tokens: float64(burst), at: now}
		m.buckets[key] = b
	}
	b.tokens = math.Min(float64(burst), b.tokens+now.Sub(b.at).Seconds()*rate)
	b.at = now
	if b.tokens >= 1 {
		b.tokens--
		return true, 0, nil
	}
	return false, time.Duration((1 - b.tokens) / rate * float64(time.Second)), nil
}

// sweep drops buckets idle for a minute, which are full again anyway
// for any sensible rate, so memory follows active callers only.
func (m *MemoryLimiter) sweep(now time.Time) {
	if now.Sub(m.swept) < time.Minute {
		return
	}
	m.swept = now
	for k, b := range m.buckets {
		if now.Sub(b.at) > time.Minute {
			delete(m.buckets, k)
		}
	}
}
