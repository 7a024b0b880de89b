package app

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestARouteNotMountedYetIsUnavailableWhileStarting: the listeners serve
// before every module has mounted its routes. Until the system has
// started, a route nobody serves yet is 503 with Retry-After and
// UNAVAILABLE (a caller tries again), not 404 (a caller concludes the
// thing does not exist); mounted routes answer as usual. Once started, a
// route nobody serves is 404.
func TestARouteNotMountedYetIsUnavailableWhileStarting(t *testing.T) {
	a := New(DefaultConfig(), Dev, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if _, err := a.initServer(context.Background()); err != nil {
		t.Fatal(err)
	}
	get := func(h http.Handler, path string) *httptest.ResponseRecorder {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
		return w
	}
	// The auth module mounts the key set; it is public, so no
	// authentication stands in front of the mux.
	const unmounted = "/.well-known/jwks.json"
	for name, h := range map[string]http.Handler{"public": a.Server.Handler(), "internal": a.Internal.Handler()} {
		w := get(h, unmounted)
		var p struct {
			Code string `json:"code"`
		}
		_ = json.Unmarshal(w.Body.Bytes(), &p)
		if w.Code != http.StatusServiceUnavailable || w.Header().Get("Retry-After") != "1" || p.Code != "UNAVAILABLE" {
			t.Errorf("%s, starting: GET %s = %d, Retry-After %q, code %q; want 503, 1, UNAVAILABLE (%s)",
				name, unmounted, w.Code, w.Header().Get("Retry-After"), p.Code, w.Body)
		}
		if w := get(h, "/healthz"); w.Code != http.StatusOK {
			t.Errorf("%s, starting: GET /healthz = %d, want 200", name, w.Code)
		}
	}
	close(a.started)
	for name, h := range map[string]http.Handler{"public": a.Server.Handler(), "internal": a.Internal.Handler()} {
		if w := get(h, unmounted); w.Code != http.StatusNotFound {
			t.Errorf("%s, started: GET %s = %d, want 404", name, unmounted, w.Code)
		}
	}
}
