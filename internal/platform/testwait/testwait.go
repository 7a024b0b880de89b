// Package testwait waits in tests for something that happens in the
// background (an event stored, a breaker closing) by polling it.
package testwait

import (
	"testing"
	"time"
)

// interval is how often a condition is polled.
const interval = 10 * time.Millisecond

// Until polls cond until it holds and returns how long that took. It
// fails tb, naming what, when cond returns an error or within passes
// first.
func Until(tb testing.TB, within time.Duration, what string, cond func() (bool, error)) time.Duration {
	tb.Helper()
	start := time.Now()
	for {
		ok, err := cond()
		if err != nil {
			tb.Fatalf("%s: %v", what, err)
		}
		if ok {
			return time.Since(start)
		}
		if time.Since(start) > within {
			tb.Fatalf("%s: not true within %v", what, within)
		}
		time.Sleep(interval)
	}
}

// For is Until for a condition that cannot fail.
func For(tb testing.TB, within time.Duration, what string, cond func() bool) time.Duration {
	tb.Helper()
	return Until(tb, within, what, func() (bool, error) { return cond(), nil })
}
