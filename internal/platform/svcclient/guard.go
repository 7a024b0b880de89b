package svcclient

import (
	"context"
	"errors"

	"github.com/sony/gobreaker/v2"
)

// slots bounds the calls in flight to one target. A slot is held for one
// attempt, not across backoff, so a call waiting to retry does not keep
// others out.
type slots chan struct{}

// acquire waits for a free slot until ctx ends; release gives it back.
func (s slots) acquire(ctx context.Context) (release func(), err error) {
	select {
	case s <- struct{}{}:
		return func() { <-s }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Outcomes reported to the breaker besides success (nil).
var (
	errTargetFailed = errors.New("target failed")
	// errOutcomeIgnored marks attempts that say nothing about the target's
	// health: the caller gave up, or the call never left this process.
	errOutcomeIgnored = errors.New("outcome ignored")
)

// breaker is the circuit breaker of one target. The two-step form lets an
// attempt report its outcome after reading the answer, and classify it: a
// 4xx is a healthy target refusing a bad request.
type breaker struct {
	cb *gobreaker.TwoStepCircuitBreaker[struct{}]
}

func newBreaker(target string, p Policy, m *Metrics) *breaker {
	m.observeBreaker(target, gobreaker.StateClosed)
	return &breaker{cb: gobreaker.NewTwoStepCircuitBreaker[struct{}](gobreaker.Settings{
		Name:        target,
		MaxRequests: p.BreakerHalfOpenMax,
		Timeout:     p.BreakerOpenFor,
		ReadyToTrip: func(c gobreaker.Counts) bool {
			return c.ConsecutiveFailures >= p.BreakerFailures
		},
		IsExcluded: func(err error) bool { return errors.Is(err, errOutcomeIgnored) },
		OnStateChange: func(name string, _, to gobreaker.State) {
			m.observeBreaker(name, to)
		},
	})}
}

// allow asks to make one attempt; done must be called with its outcome.
func (b *breaker) allow() (done func(error), err error) { return b.cb.Allow() }
