package svcclient

import (
	"time"

	"github.com/vextrus/vextrus/internal/platform/errs"
)

// Policy is the resilience policy of calls to one target. Configuration holds
// one per target (a map[string]Policy keyed by target name); zero fields take
// the defaults, so a file need only name what it changes. Durations are
// written as Go durations ("250ms", "5s").
type Policy struct {
	// Timeout bounds each attempt, including the wait for a concurrency slot.
	Timeout time.Duration `yaml:"timeout" reload:"live"`
	// Retries is how many times an idempotent call is tried again after the
	// first attempt. Zero takes the default; a negative value turns retries
	// off, because zero cannot mean both.
	Retries int `yaml:"retries" reload:"live"`
	// BackoffBase and BackoffMax shape the exponential backoff with full
	// jitter between attempts. BackoffMax also caps how long a Retry-After
	// from the target is honoured.
	BackoffBase time.Duration `yaml:"backoff_base" reload:"live"`
	BackoffMax  time.Duration `yaml:"backoff_max" reload:"live"`
	// BreakerFailures is how many consecutive failures open the breaker.
	BreakerFailures uint32 `yaml:"breaker_failures"`
	// BreakerOpenFor is how long the breaker stays open before it lets
	// probes through (half-open).
	BreakerOpenFor time.Duration `yaml:"breaker_open_for"`
	// BreakerHalfOpenMax is how many probes may run while half-open; that
	// many consecutive successes close the breaker.
	BreakerHalfOpenMax uint32 `yaml:"breaker_half_open_max"`
	// MaxConcurrent bounds the calls in flight to the target from this
	// client, so one slow target cannot take every goroutine with it.
	MaxConcurrent int `yaml:"max_concurrent"`
}

// DefaultPolicy returns the policy used for every field left at zero.
func DefaultPolicy() Policy {
	return Policy{
		Timeout:            5 * time.Second,
		Retries:            2,
		BackoffBase:        50 * time.Millisecond,
		BackoffMax:         time.Second,
		BreakerFailures:    5,
		BreakerOpenFor:     10 * time.Second,
		BreakerHalfOpenMax: 1,
		MaxConcurrent:      64,
	}
}

// WithDefaults returns p with every zero field set to its default.
func (p Policy) WithDefaults() Policy {
	d := DefaultPolicy()
	if p.Timeout == 0 {
		p.Timeout = d.Timeout
	}
	if p.Retries == 0 {
		p.Retries = d.Retries
	}
	if p.BackoffBase == 0 {
		p.BackoffBase = d.BackoffBase
	}
	if p.BackoffMax == 0 {
		p.BackoffMax = d.BackoffMax
	}
	if p.BreakerFailures == 0 {
		p.BreakerFailures = d.BreakerFailures
	}
	if p.BreakerOpenFor == 0 {
		p.BreakerOpenFor = d.BreakerOpenFor
	}
	if p.BreakerHalfOpenMax == 0 {
		p.BreakerHalfOpenMax = d.BreakerHalfOpenMax
	}
	if p.MaxConcurrent == 0 {
		p.MaxConcurrent = d.MaxConcurrent
	}
	return p
}

// Validate checks p after defaults are applied, so configuration can report
// every bad field at once. Returns INVALID_ARGUMENT naming the yaml fields.
func (p Policy) Validate() error {
	p = p.WithDefaults()
	var c errs.Collector
	c.Check(p.Timeout > 0, "timeout", "must be positive")
	c.Check(p.BackoffBase > 0, "backoff_base", "must be positive")
	c.Check(p.BackoffMax >= p.BackoffBase, "backoff_max", "must be at least backoff_base (%s)", p.BackoffBase)
	c.Check(p.BreakerOpenFor > 0, "breaker_open_for", "must be positive")
	c.Check(p.MaxConcurrent > 0, "max_concurrent", "must be positive")
	return c.Err()
}

// retries is the number of extra attempts p allows.
func (p Policy) retries() int { return max(p.Retries, 0) }
