package auth

import (
	"math"
	"strings"
	"sync"
	"time"

	"github.com/vextrus/vextrus/internal/platform/errs"
)

// Brute-force policy. An account (tenant + lower-cased email, whether or
// not a user has it, so the lock itself tells nothing) may fail
// FreeFailures times freely; each further failure doubles the wait before
// the next attempt, up to MaxBackoff; LockAfter failures lock it for
// LockFor. Counts reset after LockFor without a failure. A source address
// that fails AddressFailures times within AddressWindow is blocked for the
// rest of the window, whatever accounts it tries.
type failureState struct {
	failures    int
	last        time.Time
	lockedUntil time.Time
}

// wait returns how long the next attempt must wait, zero when allowed.
func (c LockoutConfig) wait(st failureState, now time.Time) time.Duration {
	if now.Before(st.lockedUntil) {
		return st.lockedUntil.Sub(now)
	}
	if st.failures <= c.FreeFailures || now.Sub(st.last) >= c.LockFor {
		return 0
	}
	return max(0, st.last.Add(c.backoff(st.failures)).Sub(now))
}

func (c LockoutConfig) backoff(failures int) time.Duration {
	exp := min(failures-c.FreeFailures-1, 30)
	return min(time.Duration(math.Pow(2, float64(exp)))*time.Second, c.MaxBackoff)
}

// fail returns the state after one more failure at now.
func (c LockoutConfig) fail(st failureState, now time.Time) failureState {
	if now.Sub(st.last) >= c.LockFor && !now.Before(st.lockedUntil) {
		st.failures = 0
	}
	st.failures++
	st.last = now
	if st.failures >= c.LockAfter {
		st.lockedUntil = now.Add(c.LockFor)
	}
	return st
}

// rateLimited is the error a throttled login gets: it names the wait.
func rateLimited(wait time.Duration, locked bool) error {
	secs := int(math.Ceil(wait.Seconds()))
	msg := "too many failed logins; retry in %d seconds"
	if locked {
		msg = "too many failed logins; the account is locked for %d seconds"
	}
	e := errs.E(errs.RateLimited, msg, secs)
	e.RetryAfterSeconds = secs
	return e
}

// throttle keeps the in-memory counters: per source address, and per
// account of a tenant slug that does not exist (there is no tenant
// transaction to store those in). Per-account counters of real tenants are
// in auth.login_failures, shared by every replica.
type throttle struct {
	cfg LockoutConfig
	now func() time.Time

	mu      sync.Mutex
	address map[string]failureState
	unknown map[string]failureState
}

func newThrottle(cfg LockoutConfig, now func() time.Time) *throttle {
	return &throttle{cfg: cfg, now: now, address: map[string]failureState{}, unknown: map[string]failureState{}}
}

func (t *throttle) addressPolicy() LockoutConfig {
	return LockoutConfig{FreeFailures: t.cfg.AddressFailures, LockAfter: t.cfg.AddressFailures, LockFor: t.cfg.AddressWindow}
}

// check returns RATE_LIMITED when addr, or the unknown-tenant account key,
// must wait.
func (t *throttle) check(addr, unknownKey string) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	if w := t.addressPolicy().wait(t.address[addr], now); w > 0 {
		return rateLimited(w, true)
	}
	if unknownKey != "" {
		st := t.unknown[unknownKey]
		if w := t.cfg.wait(st, now); w > 0 {
			return rateLimited(w, now.Before(st.lockedUntil))
		}
	}
	return nil
}

// fail counts a failure of addr (and of unknownKey when set) and returns
// the unknown account's new state.
func (t *throttle) fail(addr, unknownKey string) failureState {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	t.prune(now)
	t.address[addr] = t.addressPolicy().fail(t.address[addr], now)
	if unknownKey == "" {
		return failureState{}
	}
	st := t.cfg.fail(t.unknown[unknownKey], now)
	t.unknown[unknownKey] = st
	return st
}

// prune bounds memory under a flood of distinct keys.
func (t *throttle) prune(now time.Time) {
	if len(t.address)+len(t.unknown) < 100_000 {
		return
	}
	for _, m := range []map[string]failureState{t.address, t.unknown} {
		for k, st := range m {
			if now.Sub(st.last) > t.cfg.LockFor+t.cfg.AddressWindow && !now.Before(st.lockedUntil) {
				delete(m, k)
			}
		}
	}
}

func accountKey(email string) string { return strings.ToLower(strings.TrimSpace(email)) }
