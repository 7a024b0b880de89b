package svcclient_test

import (
	"context"
	"testing"
	"time"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/svcclient"
)

func TestRetries(t *testing.T) {
	ctx := context.Background()
	body := map[string]string{"name": "Rahim Traders"}
	cases := []struct {
		name     string
		method   string
		opts     []svcclient.CallOption
		answer   mode
		wantHits int64
		wantCode errs.Code
	}{
		{"POST without idempotency key is never retried", "POST", nil, answer503, 1, errs.Unavailable},
		{"POST with idempotency key is retried", "POST", []svcclient.CallOption{svcclient.IdempotencyKey("k-1")}, answer503, 3, errs.Unavailable},
		{"read-only POST is retried", "POST", []svcclient.CallOption{svcclient.ReadOnly()}, answer503, 3, errs.Unavailable},
		{"GET is retried", "GET", nil, answer503, 3, errs.Unavailable},
		{"PUT is retried", "PUT", nil, answer503, 3, errs.Unavailable},
		{"DELETE is retried", "DELETE", nil, answer503, 3, errs.Unavailable},
		{"PATCH is never retried", "PATCH", nil, answer503, 1, errs.Unavailable},
		{"GET is retried on 429", "GET", nil, answer429, 3, errs.RateLimited},
		{"GET is not retried on 500", "GET", nil, answer500, 1, errs.Internal},
		{"GET is not retried on a client error", "GET", nil, answerProblem, 1, errs.InvalidArgument},
		{"GET is not retried on 404", "GET", nil, answerPlain404, 1, errs.NotFound},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := newFaultServer(t)
			s.set(tc.answer)
			c, reg := newClient(t, svcclient.HTTP(s.serveHTTP(t), nil), fastPolicy())
			var in any
			if tc.method != "GET" && tc.method != "DELETE" {
				in = body
			}
			wantCode(t, c.Do(ctx, tc.method, "/customers", in, nil, tc.opts...), tc.wantCode)
			if got := s.hits.Load(); got != tc.wantHits {
				t.Fatalf("server hits = %d, want %d", got, tc.wantHits)
			}
			retries := metricValue(t, reg, "vextrus_service_client_retries_total", map[string]string{"target": "masterdata"})
			if retries != float64(tc.wantHits-1) {
				t.Errorf("retries metric = %v, want %d", retries, tc.wantHits-1)
			}
			calls := metricValue(t, reg, "vextrus_service_client_calls_total",
				map[string]string{"target": "masterdata", "method": tc.method, "code": string(tc.wantCode)})
			if calls != 1 {
				t.Errorf("calls metric for %s = %v, want 1", tc.wantCode, calls)
			}
		})
	}
}

func TestRetryRecovers(t *testing.T) {
	s := newFaultServer(t)
	s.failFirst.Store(2)
	c, reg := newClient(t, svcclient.InProcess(s), fastPolicy())
	var out echo
	err := c.Do(context.Background(), "POST", "/customers", map[string]int{"n": 1}, &out, svcclient.IdempotencyKey("order-42"))
	if err != nil {
		t.Fatalf("Do: %v", err)
	}
	if string(out.Body) != `{"n":1}` {
		t.Errorf("last attempt got body %s, want the same body resent", out.Body)
	}
	for i, h := range s.received() {
		if got := h.Get("Idempotency-Key"); got != "order-42" {
			t.Errorf("attempt %d Idempotency-Key = %q, want order-42", i+1, got)
		}
	}
	if got := s.hits.Load(); got != 3 {
		t.Fatalf("hits = %d, want 3", got)
	}
	ok := metricValue(t, reg, "vextrus_service_client_calls_total",
		map[string]string{"target": "masterdata", "method": "POST", "code": svcclient.OutcomeOK})
	if ok != 1 {
		t.Errorf("calls metric OK = %v, want 1", ok)
	}
}

func TestRetryAfter(t *testing.T) {
	ctx := context.Background()

	t.Run("longer than backoff max is returned, not waited for", func(t *testing.T) {
		s := newFaultServer(t)
		s.set(answer429)
		s.retryAfter.Store("120")
		c, _ := newClient(t, svcclient.InProcess(s), fastPolicy())
		e := wantCode(t, c.Do(ctx, "GET", "/customers", nil, nil), errs.RateLimited)
		if e.RetryAfterSeconds != 120 {
			t.Errorf("RetryAfterSeconds = %d, want 120", e.RetryAfterSeconds)
		}
		if got := s.hits.Load(); got != 1 {
			t.Fatalf("hits = %d, want 1", got)
		}
	})

	t.Run("within backoff max is waited for, and the retry succeeds", func(t *testing.T) {
		s := newFaultServer(t)
		s.limitFirst.Store(1)
		s.retryAfter.Store("1")
		p := fastPolicy()
		p.Retries, p.BackoffMax = 1, 2*time.Second
		c, _ := newClient(t, svcclient.InProcess(s), p)
		if err := c.Do(ctx, "GET", "/customers", nil, nil); err != nil {
			t.Fatalf("the retry after the wait the target asked for: %v", err)
		}
		if got := s.hits.Load(); got != 2 {
			t.Fatalf("hits = %d, want 2", got)
		}
	})

	// The backoff of the policy is a millisecond: a retry that ignored
	// Retry-After would reach the target within the caller's deadline.
	t.Run("caller deadline ends the backoff", func(t *testing.T) {
		s := newFaultServer(t)
		s.set(answer429)
		s.retryAfter.Store("1")
		p := fastPolicy()
		p.BackoffMax = 2 * time.Second
		c, _ := newClient(t, svcclient.InProcess(s), p)
		ctx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
		defer cancel()
		wantCode(t, c.Do(ctx, "GET", "/customers", nil, nil), errs.RateLimited)
		if got := s.hits.Load(); got != 1 {
			t.Fatalf("hits = %d, want 1", got)
		}
	})
}
