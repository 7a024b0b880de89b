// Package temporaltest gives end-to-end tests a real Temporal server: an
// in-memory dev server per test, stopped when the test ends, and clients
// connected to it. Workflow logic alone is better tested with the SDK's
// testsuite; this is for the paths that cross a real server. Observe
// records what an instrumented client reports: its SDK metrics as /metrics
// would serve them, and its spans.
package temporaltest

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
	"go.temporal.io/sdk/client"

	"github.com/vextrus/vextrus/internal/platform/telemetry"
	"github.com/vextrus/vextrus/internal/platform/temporalx"
	"github.com/vextrus/vextrus/internal/platform/temporalx/devserver"
)

// startTimeout bounds Start on a loaded CI machine, where it takes far
// longer than on an idle one.
const startTimeout = 30 * time.Second

// Start starts an in-memory dev server with namespace "default" and no Web
// UI, and stops it when the test ends. Server warnings go to the test log.
func Start(tb testing.TB) *devserver.Server {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
	defer cancel()
	logs := &tbWriter{tb: tb}
	srv, err := devserver.Start(ctx, devserver.Options{
		Namespace: temporalx.DefaultNamespace,
		UIPort:    -1,
		Logger:    slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelWarn})),
	})
	if err != nil {
		tb.Fatalf("start temporal dev server: %v", err)
	}
	tb.Cleanup(func() {
		if err := srv.Stop(); err != nil {
			tb.Errorf("stop temporal dev server: %v", err)
		}
		logs.close()
	})
	return srv
}

// Client dials srv in its namespace and closes the client when the test
// ends, before the server stops.
func Client(tb testing.TB, srv *devserver.Server) client.Client {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
	defer cancel()
	cfg := temporalx.DefaultConfig()
	cfg.Address = srv.FrontendAddr()
	cfg.Namespace = srv.Namespace()
	logs := &tbWriter{tb: tb}
	c, err := temporalx.Dial(ctx, cfg, slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelWarn})))
	if err != nil {
		tb.Fatalf("dial temporal dev server: %v", err)
	}
	tb.Cleanup(func() {
		c.Close()
		logs.close()
	})
	return c
}

// tbWriter sends log lines to the test log until the test's cleanup has
// run; the server's goroutines may still log while it stops, and logging
// to a finished test panics.
type tbWriter struct {
	mu     sync.Mutex
	tb     testing.TB
	closed bool
}

func (w *tbWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.closed {
		w.tb.Log(strings.TrimRight(string(p), "\n"))
	}
	return len(p), nil
}

func (w *tbWriter) close() {
	w.mu.Lock()
	w.closed = true
	w.mu.Unlock()
}

// Observed is what an instrumented client of a test reports to: the SDK
// metrics go to Registry, as on a process's /metrics, and the spans to
// Spans.
type Observed struct {
	Telemetry temporalx.Telemetry
	Registry  *prometheus.Registry
	Spans     *tracetest.SpanRecorder
	Tracer    *sdktrace.TracerProvider
}

// Observe returns telemetry recording into a fresh registry and span
// recorder; pass o.Telemetry to the client under test. Its meter provider
// is shut down when the test ends.
func Observe(tb testing.TB) *Observed {
	tb.Helper()
	reg := prometheus.NewRegistry()
	meters, err := telemetry.NewMeterProvider(reg)
	if err != nil {
		tb.Fatalf("meter provider: %v", err)
	}
	tb.Cleanup(func() { _ = meters.Shutdown(context.Background()) })
	spans := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(spans))
	return &Observed{Telemetry: temporalx.Telemetry{Meters: meters, Tracer: tp}, Registry: reg, Spans: spans, Tracer: tp}
}

// Scrape returns what /metrics serves for o.Registry.
func (o *Observed) Scrape(tb testing.TB) string {
	tb.Helper()
	rec := httptest.NewRecorder()
	promhttp.HandlerFor(o.Registry, promhttp.HandlerOpts{}).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if rec.Code != http.StatusOK {
		tb.Fatalf("/metrics: status %d: %s", rec.Code, rec.Body)
	}
	return rec.Body.String()
}

// Sample sums the samples of metric name in a /metrics text whose labels
// contain labels (`key="value"`, or "" for any); -1 when there is none.
func Sample(text, name, labels string) float64 {
	sum, found := 0.0, false
	for _, line := range strings.Split(text, "\n") {
		rest, ok := strings.CutPrefix(line, name)
		if !ok || rest == "" || (rest[0] != '{' && rest[0] != ' ') || !strings.Contains(rest, labels) {
			continue
		}
		v, err := strconv.ParseFloat(rest[strings.LastIndexByte(rest, ' ')+1:], 64)
		if err == nil {
			sum, found = sum+v, true
		}
	}
	if !found {
		return -1
	}
	return sum
}

// Trace waits up to 20 seconds for spans of every one of names to start in
// trace id, and returns the spans of that trace by name (the last started
// of each name), ended or not: a workflow's RunWorkflow span lasts as long
// as the workflow. It returns what it has when time runs out.
func (o *Observed) Trace(id trace.TraceID, names ...string) map[string]sdktrace.ReadOnlySpan {
	deadline := time.Now().Add(20 * time.Second)
	for {
		got := map[string]sdktrace.ReadOnlySpan{}
		for _, s := range o.Spans.Started() {
			if s.SpanContext().TraceID() == id {
				got[s.Name()] = s
			}
		}
		missing := false
		for _, n := range names {
			if _, ok := got[n]; !ok {
				missing = true
			}
		}
		if !missing || time.Now().After(deadline) {
			return got
		}
		time.Sleep(20 * time.Millisecond)
	}
}
