package gateway_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/vextrus/vextrus/internal/gateway"
)

// TestChangedRateLimitsApplyToTheNextRequests is what a configuration
// reload of gateway.*_rate and *_burst does: no new gateway, no restart.
func TestChangedRateLimitsApplyToTheNextRequests(t *testing.T) {
	e := newEnv(t, options{cfg: func(c *gateway.Config) { c.AnonymousRate, c.AnonymousBurst = 0.001, 2 }})
	for range 2 {
		if r := e.anonymous("203.0.113.1"); r.Status != http.StatusOK {
			t.Fatalf("within the burst: %d", r.Status)
		}
	}
	if r := e.anonymous("203.0.113.1"); r.Status != http.StatusTooManyRequests {
		t.Fatalf("past the burst: %d", r.Status)
	}

	raised := gateway.DefaultConfig()
	raised.AnonymousRate, raised.AnonymousBurst = 1e6, 1e6
	e.gw.SetRates(raised)
	for i := range 5 {
		if r := e.anonymous("203.0.113.1"); r.Status != http.StatusOK {
			t.Fatalf("request %d after raising the limit: %d", i, r.Status)
		}
	}

	lowered := gateway.DefaultConfig()
	lowered.AnonymousRate, lowered.AnonymousBurst = 0.001, 1
	e.gw.SetRates(lowered)
	if r := e.anonymous("203.0.113.1"); r.Status != http.StatusOK {
		t.Fatalf("the one token of the lowered burst: %d", r.Status)
	}
	r := e.anonymous("203.0.113.1")
	if r.Status != http.StatusTooManyRequests || !strings.Contains(string(r.Raw), "0.001 requests per second") {
		t.Fatalf("after lowering the limit: %d %s", r.Status, r.Raw)
	}
}
