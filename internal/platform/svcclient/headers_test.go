package svcclient_test

import (
	"context"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/trace"

	"github.com/vextrus/vextrus/internal/platform/authn"
	"github.com/vextrus/vextrus/internal/platform/requestid"
	"github.com/vextrus/vextrus/internal/platform/svcclient"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

func TestForwardsCallerContext(t *testing.T) {
	s := newFaultServer(t)
	tid := tenant.New()
	traceID := trace.TraceID{0x4b, 0xf9, 0x2f, 0x35, 0x77, 0xb3, 0x4d, 0xa6, 0xa3, 0xce, 0x92, 0x9d, 0x0e, 0x0e, 0x47, 0x36}
	sc := trace.NewSpanContext(trace.SpanContextConfig{
		TraceID:    traceID,
		SpanID:     trace.SpanID{0, 0xf0, 0x67, 0xaa, 0x0b, 0xa9, 0x02, 0xb7},
		TraceFlags: trace.FlagsSampled,
	})
	ctx := trace.ContextWithRemoteSpanContext(context.Background(), sc)
	ctx = authn.WithCredential(ctx, "Bearer eyJ.test.token")
	ctx = tenant.With(ctx, tid)
	ctx = requestid.With(ctx, "req-7")

	for name, tr := range transports(t, s) {
		t.Run(name, func(t *testing.T) {
			before := len(s.received())
			c, _ := newClient(t, tr, fastPolicy())
			var out echo
			err := c.Do(ctx, "POST", "/customers?draft=true", map[string]string{"name": "Karim"}, &out,
				svcclient.IdempotencyKey("idem-1"), svcclient.Header("X-Extra", "yes"))
			if err != nil {
				t.Fatalf("Do: %v", err)
			}
			got := s.received()[before]
			want := map[string]string{
				"Authorization":   "Bearer eyJ.test.token",
				"X-Tenant-ID":     tid.String(),
				"X-Request-ID":    "req-7",
				"Idempotency-Key": "idem-1",
				"X-Extra":         "yes",
				"Content-Type":    "application/json",
			}
			for k, v := range want {
				if got.Get(k) != v {
					t.Errorf("%s = %q, want %q", k, got.Get(k), v)
				}
			}
			// Version 00, the caller's trace, then a span id and the flags.
			tp := strings.Split(got.Get("traceparent"), "-")
			if len(tp) != 4 || tp[0] != "00" || tp[1] != traceID.String() || tp[3] != "01" {
				t.Errorf("traceparent = %q, want the caller's trace %s", got.Get("traceparent"), traceID)
			}
			if out.Method != "POST" || out.Path != "/customers" || out.Query != "draft=true" || string(out.Body) != `{"name":"Karim"}` {
				t.Errorf("target saw %+v", out)
			}
		})
	}
}

func TestSendsNothingTheCallerLacks(t *testing.T) {
	s := newFaultServer(t)
	for name, tr := range transports(t, s) {
		t.Run(name, func(t *testing.T) {
			before := len(s.received())
			c, _ := newClient(t, tr, fastPolicy())
			if err := c.Do(context.Background(), "GET", "/customers", nil, nil); err != nil {
				t.Fatalf("Do: %v", err)
			}
			got := s.received()[before]
			for _, k := range []string{"Authorization", "X-Tenant-ID", "X-Request-ID", "traceparent", "Content-Type", "Idempotency-Key"} {
				if v := got.Get(k); v != "" {
					t.Errorf("%s = %q, want none", k, v)
				}
			}
		})
	}
}

func TestHTTPKeepsBasePathPrefix(t *testing.T) {
	s := newFaultServer(t)
	c, _ := newClient(t, svcclient.HTTP(s.serveHTTP(t)+"/api/v1/masterdata/", nil), fastPolicy())
	var out echo
	if err := c.Do(context.Background(), "GET", "/customers/a%2Fb?limit=5", nil, &out); err != nil {
		t.Fatalf("Do: %v", err)
	}
	if out.Path != "/api/v1/masterdata/customers/a/b" || out.Query != "limit=5" {
		t.Errorf("target saw path %q query %q", out.Path, out.Query)
	}
}
