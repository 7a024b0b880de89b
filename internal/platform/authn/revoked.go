package authn

import (
	"sync"
	"time"
)

// RevokedSessions is the set of sessions (the `sid` of access tokens)
// revoked recently: logouts, revoked sessions and refresh families,
// password changes. An access token is verified locally and would
// otherwise stay valid until it expires; the middleware refuses the token
// of a session in this set. An entry is kept until every access token of
// the session has expired anyway (revocation time + the access-token
// lifetime + Leeway), so the set holds at most one access-token lifetime
// of revocations. Auth adds an entry the moment it commits a revocation;
// every other process learns it from auth's session.revoked event. Safe
// for concurrent use.
type RevokedSessions struct {
	ttl time.Duration
	now func() time.Time

	mu sync.RWMutex
	m  map[string]time.Time // session id → when its entry may go
	// adds counts insertions, to sweep expired entries now and then.
	adds int
}

// sweepEvery is how many insertions pass between sweeps of expired entries.
const sweepEvery = 1024

// NewRevokedSessions returns an empty set for access tokens that live
// accessTTL. now may be nil (time.Now).
func NewRevokedSessions(accessTTL time.Duration, now func() time.Time) *RevokedSessions {
	if now == nil {
		now = time.Now
	}
	return &RevokedSessions{ttl: accessTTL + Leeway, now: now, m: map[string]time.Time{}}
}

// Revoke adds session sid, revoked at at. An entry whose tokens have all
// expired already is not added.
func (r *RevokedSessions) Revoke(sid string, at time.Time) {
	until := at.Add(r.ttl)
	now := r.now()
	if sid == "" || !now.Before(until) {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if old, ok := r.m[sid]; ok && old.After(until) {
		return
	}
	r.m[sid] = until
	r.adds++
	if r.adds%sweepEvery == 0 {
		for k, u := range r.m {
			if !now.Before(u) {
				delete(r.m, k)
			}
		}
	}
}

// Revoked reports whether session sid was revoked within the last
// access-token lifetime.
func (r *RevokedSessions) Revoked(sid string) bool {
	r.mu.RLock()
	until, ok := r.m[sid]
	r.mu.RUnlock()
	return ok && r.now().Before(until)
}
