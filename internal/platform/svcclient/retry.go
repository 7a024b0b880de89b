package svcclient

import (
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// idempotent reports whether a call may be sent twice without harm. A POST
// is only when it carries an Idempotency-Key; PATCH never is, because a
// partial update applied twice may not equal one applied once.
func idempotent(method string, hasKey bool) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodPut, http.MethodDelete:
		return true
	case http.MethodPost:
		return hasKey
	}
	return false
}

// retryableStatus reports whether an answer says "try again later" rather
// than "this request is wrong": a 500 usually means the same request fails
// the same way, so it is not retried.
func retryableStatus(status int) bool {
	switch status {
	case http.StatusTooManyRequests, http.StatusBadGateway,
		http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// backoff returns the wait before retry number attempt+1: a uniform draw
// from zero to the exponential ceiling ("full jitter"), so callers that
// failed together do not come back together.
func (p Policy) backoff(attempt int) time.Duration {
	ceiling := p.BackoffMax
	if attempt < 32 {
		if d := p.BackoffBase << attempt; d > 0 && d < ceiling {
			ceiling = d
		}
	}
	if ceiling <= 0 {
		return 0
	}
	return rand.N(ceiling + 1)
}

// parseRetryAfter reads a Retry-After value in seconds or as an HTTP date.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.Atoi(v); err == nil {
		if secs < 0 {
			return 0, false
		}
		return time.Duration(secs) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}
