package httpx

import (
	"context"
	"net/http"
	"sort"
	"sync"
	"time"
)

// Check reports whether one dependency works.
type Check func(ctx context.Context) error

// Health holds the readiness checks of the process, by dependency name
// (`postgres`, `kafka`, `temporal`, ...).
type Health struct {
	mu     sync.RWMutex
	checks map[string]Check
	// Timeout bounds each check.
	Timeout time.Duration
}

// NewHealth returns an empty set of checks.
func NewHealth() *Health { return &Health{checks: map[string]Check{}, Timeout: 2 * time.Second} }

// Add registers the check of a dependency.
func (h *Health) Add(name string, c Check) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.checks[name] = c
}

// CheckResult is one dependency's state in /readyz.
type CheckResult struct {
	Status    string  `json:"status"`
	LatencyMs float64 `json:"latencyMs"`
	Error     string  `json:"error,omitempty"`
}

// Readiness is the /readyz body.
type Readiness struct {
	Status string                 `json:"status"`
	Checks map[string]CheckResult `json:"checks"`
}

// Run runs every check concurrently.
func (h *Health) Run(ctx context.Context) Readiness {
	h.mu.RLock()
	names := make([]string, 0, len(h.checks))
	for n := range h.checks {
		names = append(names, n)
	}
	sort.Strings(names)
	checks := make([]Check, len(names))
	for i, n := range names {
		checks[i] = h.checks[n]
	}
	h.mu.RUnlock()

	results := make([]CheckResult, len(names))
	var wg sync.WaitGroup
	for i := range names {
		wg.Go(func() {
			cctx, cancel := context.WithTimeout(ctx, h.Timeout)
			defer cancel()
			start := time.Now()
			err := checks[i](cctx)
			res := CheckResult{Status: "ok", LatencyMs: float64(time.Since(start).Microseconds()) / 1000}
			if err != nil {
				res.Status, res.Error = "failing", err.Error()
			}
			results[i] = res
		})
	}
	wg.Wait()
	out := Readiness{Status: "ok", Checks: make(map[string]CheckResult, len(names))}
	for i, n := range names {
		out.Checks[n] = results[i]
		if results[i].Status != "ok" {
			out.Status = "failing"
		}
	}
	return out
}

// Live answers /healthz: the process is up.
func Live(w http.ResponseWriter, _ *http.Request) {
	WriteJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// Ready answers the internal listener's /readyz: 200 when every
// dependency is ok, else 503, with each dependency's status, latency and
// error.
func (h *Health) Ready(w http.ResponseWriter, r *http.Request) {
	res := h.Run(r.Context())
	w.Header().Set("Cache-Control", "no-store")
	WriteJSON(w, res.httpStatus(), res)
}

// ReadyStatus answers the public listener's /readyz for load balancers:
// the same 200 or 503, with only the overall status. Which dependency
// fails, and its error text, is for operators on the internal listener.
func (h *Health) ReadyStatus(w http.ResponseWriter, r *http.Request) {
	res := h.Run(r.Context())
	w.Header().Set("Cache-Control", "no-store")
	WriteJSON(w, res.httpStatus(), map[string]string{"status": res.Status})
}

func (r Readiness) httpStatus() int {
	if r.Status != "ok" {
		return http.StatusServiceUnavailable
	}
	return http.StatusOK
}
