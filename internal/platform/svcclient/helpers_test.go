package svcclient_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/httpx"
	"github.com/vextrus/vextrus/internal/platform/svcclient"
)

func TestMain(m *testing.M) {
	// The propagator is process-global; set it once before any test runs.
	otel.SetTextMapPropagator(propagation.NewCompositeTextMapPropagator(
		propagation.TraceContext{}, propagation.Baggage{}))
	os.Exit(m.Run())
}

// mode is what the fault server answers; tests switch it while it runs.
type mode int32

const (
	answerOK mode = iota
	answer500
	answer503
	answerSlow     // holds the request until released or abandoned
	answerProblem  // problem+json 400 with field errors
	answer429      // Retry-After from retryAfter
	answerPlain404 // a non-problem error body
	answerRefused  // problem+json 503 with a Retry-After: a dependency is down
)

// echo is what the fault server answers on success.
type echo struct {
	Method string          `json:"method"`
	Path   string          `json:"path"`
	Query  string          `json:"query"`
	Body   json.RawMessage `json:"body,omitempty"`
}

// faultServer is a target that fails on demand and counts what reaches it.
type faultServer struct {
	mode       atomic.Int32
	failFirst  atomic.Int64 // answer 503 to this many hits before mode applies
	limitFirst atomic.Int64 // answer 429 with retryAfter to this many hits before mode applies
	retryAfter atomic.Value // string
	hits       atomic.Int64
	inFlight   atomic.Int64
	maxFlight  atomic.Int64
	release    chan struct{}
	once       sync.Once

	mu      sync.Mutex
	headers []http.Header
}

func newFaultServer(tb testing.TB) *faultServer {
	tb.Helper()
	s := &faultServer{release: make(chan struct{})}
	s.retryAfter.Store("")
	tb.Cleanup(s.releaseAll)
	return s
}

// serveHTTP starts a real HTTP server for s and returns its URL.
func (s *faultServer) serveHTTP(tb testing.TB) string {
	tb.Helper()
	srv := httptest.NewServer(s)
	tb.Cleanup(srv.Close)
	tb.Cleanup(s.releaseAll) // runs before Close, so held handlers end
	return srv.URL
}

func (s *faultServer) set(m mode) { s.mode.Store(int32(m)) }

func (s *faultServer) releaseAll() { s.once.Do(func() { close(s.release) }) }

// received returns the headers of every request that reached s.
func (s *faultServer) received() []http.Header {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]http.Header(nil), s.headers...)
}

func (s *faultServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := s.hits.Add(1)
	flight := s.inFlight.Add(1)
	defer s.inFlight.Add(-1)
	for cur := s.maxFlight.Load(); flight > cur && !s.maxFlight.CompareAndSwap(cur, flight); cur = s.maxFlight.Load() {
	}
	s.mu.Lock()
	s.headers = append(s.headers, r.Header.Clone())
	s.mu.Unlock()
	body, _ := io.ReadAll(r.Body)

	if n <= s.failFirst.Load() {
		w.WriteHeader(http.StatusServiceUnavailable)
		return
	}
	m := mode(s.mode.Load())
	if n <= s.limitFirst.Load() {
		m = answer429
	}
	switch m {
	case answer500:
		http.Error(w, "pq: connection refused at 10.0.0.7", http.StatusInternalServerError)
		return
	case answer503:
		w.WriteHeader(http.StatusServiceUnavailable)
		return
	case answerSlow:
		select {
		case <-s.release:
		case <-r.Context().Done():
			return
		}
	case answerProblem:
		httpx.WriteError(w, r, errs.Invalid(
			errs.FieldError{Field: "bin", Message: "must be 13 digits"},
			errs.FieldError{Field: "name", Message: "is required"}))
		return
	case answer429:
		if v := s.retryAfter.Load().(string); v != "" {
			w.Header().Set("Retry-After", v)
		}
		w.WriteHeader(http.StatusTooManyRequests)
		return
	case answerPlain404:
		http.Error(w, "no such row in customers", http.StatusNotFound)
		return
	case answerRefused:
		e := errs.E(errs.Unavailable, "the database is unavailable")
		e.RetryAfterSeconds = 2
		httpx.WriteError(w, r, e)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(echo{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Body: body})
}

// transports lists both ways to reach s, for table tests that must hold in
// process and over the network alike.
func transports(tb testing.TB, s *faultServer) map[string]svcclient.Transport {
	tb.Helper()
	return map[string]svcclient.Transport{
		"in process": svcclient.InProcess(s),
		"over http":  svcclient.HTTP(s.serveHTTP(tb), nil),
	}
}

// fastPolicy keeps backoff short so retry tests run quickly.
func fastPolicy() svcclient.Policy {
	return svcclient.Policy{Timeout: 2 * time.Second, BackoffBase: time.Millisecond, BackoffMax: 5 * time.Millisecond}
}

func newClient(tb testing.TB, t svcclient.Transport, p svcclient.Policy) (*svcclient.Client, *prometheus.Registry) {
	tb.Helper()
	reg := prometheus.NewRegistry()
	return svcclient.New("masterdata", t, p, svcclient.NewMetrics(reg)), reg
}

// wantCode fails unless err carries code.
func wantCode(tb testing.TB, err error, code errs.Code) *errs.Error {
	tb.Helper()
	if got := errs.CodeOf(err); got != code {
		tb.Fatalf("error code = %q (%v), want %s", got, err, code)
	}
	return errs.As(err)
}

// metricValue returns the value of the counter or gauge name with labels,
// or 0 when it was never recorded.
func metricValue(tb testing.TB, reg prometheus.Gatherer, name string, labels map[string]string) float64 {
	tb.Helper()
	families, err := reg.Gather()
	if err != nil {
		tb.Fatalf("gather metrics: %v", err)
	}
	for _, f := range families {
		if f.GetName() != name {
			continue
		}
	next:
		for _, m := range f.GetMetric() {
			for _, l := range m.GetLabel() {
				if v, ok := labels[l.GetName()]; ok && v != l.GetValue() {
					continue next
				}
			}
			if m.Counter != nil {
				return m.Counter.GetValue()
			}
			return m.Gauge.GetValue()
		}
	}
	return 0
}
