package svcclient_test

import (
	"context"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/svcclient"
	"github.com/vextrus/vextrus/internal/platform/testwait"
)

func breakerPolicy() svcclient.Policy {
	p := fastPolicy()
	p.Retries = -1
	p.BreakerFailures = 3
	p.BreakerOpenFor = 50 * time.Millisecond
	return p
}

func breakerState(tb testing.TB, reg prometheus.Gatherer) float64 {
	tb.Helper()
	return metricValue(tb, reg, "vextrus_service_client_breaker_state", map[string]string{"target": "masterdata"})
}

func TestBreaker(t *testing.T) {
	ctx := context.Background()

	t.Run("opens after consecutive failures, half-opens and closes on recovery", func(t *testing.T) {
		s := newFaultServer(t)
		c, reg := newClient(t, svcclient.HTTP(s.serveHTTP(t), nil), breakerPolicy())
		s.set(answer500)
		for range 3 {
			wantCode(t, c.Do(ctx, "GET", "/customers", nil, nil), errs.Internal)
		}
		if got := s.hits.Load(); got != 3 {
			t.Fatalf("hits = %d, want 3", got)
		}
		if got := breakerState(t, reg); got != 2 {
			t.Fatalf("breaker gauge = %v, want 2 (open)", got)
		}

		e := wantCode(t, c.Do(ctx, "GET", "/customers", nil, nil), errs.Unavailable)
		if e.Message != "masterdata is unavailable" {
			t.Errorf("message = %q, want it to name the target only", e.Message)
		}
		if got := s.hits.Load(); got != 3 {
			t.Fatalf("open breaker let a call through: hits = %d, want 3", got)
		}

		s.set(answerOK)
		testwait.For(t, 2*time.Second, "the breaker closes after its timeout", func() bool {
			err := c.Do(ctx, "GET", "/customers", nil, nil)
			if err != nil && !errs.Is(err, errs.Unavailable) {
				t.Fatalf("while open: %v, want UNAVAILABLE", err)
			}
			return err == nil
		})
		if got := s.hits.Load(); got != 4 {
			t.Fatalf("hits = %d, want 4: only the probe may reach the target", got)
		}
		if got := breakerState(t, reg); got != 0 {
			t.Fatalf("breaker gauge = %v, want 0 (closed)", got)
		}
		if err := c.Do(ctx, "GET", "/customers", nil, nil); err != nil {
			t.Fatalf("after recovery: %v", err)
		}
	})

	t.Run("a failed probe opens it again", func(t *testing.T) {
		s := newFaultServer(t)
		c := svcclient.New("masterdata", svcclient.InProcess(s), breakerPolicy(), nil)
		s.set(answer503)
		for range 3 {
			wantCode(t, c.Do(ctx, "GET", "/customers", nil, nil), errs.Unavailable)
		}
		testwait.For(t, 2*time.Second, "the half-open probe reaches the target", func() bool {
			_ = c.Do(ctx, "GET", "/customers", nil, nil)
			return s.hits.Load() == 4 // the probe reached the still failing target
		})
		wantCode(t, c.Do(ctx, "GET", "/customers", nil, nil), errs.Unavailable)
		if got := s.hits.Load(); got != 4 {
			t.Fatalf("hits = %d, want 4: breaker should be open again", got)
		}
	})

	t.Run("transport failures count", func(t *testing.T) {
		s := newFaultServer(t)
		s.set(answerSlow)
		p := breakerPolicy()
		p.Timeout = 20 * time.Millisecond
		c := svcclient.New("masterdata", svcclient.HTTP(s.serveHTTP(t), nil), p, nil)
		for range 3 {
			wantCode(t, c.Do(ctx, "GET", "/customers", nil, nil), errs.Unavailable)
		}
		wantCode(t, c.Do(ctx, "GET", "/customers", nil, nil), errs.Unavailable)
		if got := s.hits.Load(); got != 3 {
			t.Fatalf("hits = %d, want 3: timeouts should have opened the breaker", got)
		}
	})

	t.Run("a target refusing for now while a dependency is down does not open it", func(t *testing.T) {
		s := newFaultServer(t)
		c := svcclient.New("masterdata", svcclient.InProcess(s), breakerPolicy(), nil)
		s.set(answerRefused)
		for range 6 {
			e := wantCode(t, c.Do(ctx, "POST", "/customers", map[string]string{}, nil), errs.Unavailable)
			if e.RetryAfterSeconds != 2 {
				t.Errorf("Retry-After = %d s, want the target's 2", e.RetryAfterSeconds)
			}
		}
		s.set(answerOK)
		if err := c.Do(ctx, "GET", "/customers", nil, nil); err != nil {
			t.Fatalf("the target's first answer after its dependency came back: %v", err)
		}
		if got := s.hits.Load(); got != 7 {
			t.Fatalf("hits = %d, want 7: every call should have reached the target", got)
		}
	})

	t.Run("an open breaker tells when to come back", func(t *testing.T) {
		s := newFaultServer(t)
		p := breakerPolicy()
		p.BreakerOpenFor = 1500 * time.Millisecond
		c := svcclient.New("masterdata", svcclient.InProcess(s), p, nil)
		s.set(answer503)
		for range 3 {
			wantCode(t, c.Do(ctx, "GET", "/customers", nil, nil), errs.Unavailable)
		}
		e := wantCode(t, c.Do(ctx, "GET", "/customers", nil, nil), errs.Unavailable)
		if e.RetryAfterSeconds != 2 {
			t.Errorf("Retry-After = %d s, want the open period rounded up (2)", e.RetryAfterSeconds)
		}
	})

	t.Run("client errors do not open it", func(t *testing.T) {
		s := newFaultServer(t)
		c := svcclient.New("masterdata", svcclient.InProcess(s), breakerPolicy(), nil)
		s.set(answerProblem)
		for range 6 {
			wantCode(t, c.Do(ctx, "POST", "/customers", map[string]string{}, nil), errs.InvalidArgument)
		}
		if got := s.hits.Load(); got != 6 {
			t.Fatalf("hits = %d, want 6", got)
		}
	})
}
