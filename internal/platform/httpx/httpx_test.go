package httpx_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/httpx"
	"github.com/vextrus/vextrus/internal/platform/requestid"
)

type order struct {
	Name     string `json:"name"`
	Quantity int    `json:"quantity"`
}

func stack(t *testing.T, reg prometheus.Registerer) http.Handler {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("POST /orders", func(w http.ResponseWriter, r *http.Request) {
		var o order
		if err := httpx.DecodeJSON(r, &o); err != nil {
			httpx.WriteError(w, r, err)
			return
		}
		httpx.WriteJSON(w, http.StatusCreated, o)
	})
	mux.HandleFunc("GET /orders/{id}", func(w http.ResponseWriter, r *http.Request) {
		httpx.WriteError(w, r, errs.E(errs.NotFound, "order %s does not exist", r.PathValue("id")))
	})
	mux.HandleFunc("GET /boom", func(http.ResponseWriter, *http.Request) { panic("secret detail") })
	mux.HandleFunc("GET /db", func(w http.ResponseWriter, r *http.Request) {
		httpx.WriteError(w, r, errors.New("pq: password authentication failed for user app"))
	})
	return httpx.Chain(httpx.Routed(mux), httpx.RequestID, httpx.Recover,
		httpx.Observe(slog.New(slog.DiscardHandler), httpx.NewMetrics(reg)), httpx.Trace, httpx.BodyLimit(64))
}

func problem(t *testing.T, res *http.Response) httpx.Problem {
	t.Helper()
	if ct := res.Header.Get("Content-Type"); ct != httpx.ProblemContentType {
		t.Fatalf("content type %q, want problem+json", ct)
	}
	var p httpx.Problem
	if err := json.NewDecoder(res.Body).Decode(&p); err != nil {
		t.Fatal(err)
	}
	return p
}

func do(h http.Handler, method, path, body string, hdr ...string) *http.Response {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

func TestRequestIDIsEchoedOrCreated(t *testing.T) {
	h := stack(t, prometheus.NewRegistry())
	res := do(h, "GET", "/orders/7", "", requestid.Header, "abc-123")
	if got := res.Header.Get(requestid.Header); got != "abc-123" {
		t.Errorf("echoed %q", got)
	}
	if p := problem(t, res); p.RequestID != "abc-123" {
		t.Errorf("problem requestId %q", p.RequestID)
	}
	res = do(h, "GET", "/orders/7", "", requestid.Header, "bad\nid")
	if got := res.Header.Get(requestid.Header); got == "" || strings.Contains(got, "\n") {
		t.Errorf("forged id accepted: %q", got)
	}
}

func TestErrorsAnswerProblemJSON(t *testing.T) {
	h := stack(t, prometheus.NewRegistry())
	t.Run("not found keeps its message", func(t *testing.T) {
		res := do(h, "GET", "/orders/7", "")
		p := problem(t, res)
		if res.StatusCode != 404 || p.Code != errs.NotFound || p.Detail != "order 7 does not exist" || p.Status != 404 {
			t.Fatalf("got %d %+v", res.StatusCode, p)
		}
	})
	t.Run("unknown field is named", func(t *testing.T) {
		res := do(h, "POST", "/orders", `{"name":"x","colour":"red"}`)
		p := problem(t, res)
		if res.StatusCode != 400 || p.Code != errs.InvalidArgument || len(p.Errors) != 1 || p.Errors[0].Field != "colour" {
			t.Fatalf("got %d %+v", res.StatusCode, p)
		}
	})
	t.Run("wrong type is named", func(t *testing.T) {
		p := problem(t, do(h, "POST", "/orders", `{"quantity":"ten"}`))
		if len(p.Errors) != 1 || p.Errors[0].Field != "quantity" {
			t.Fatalf("got %+v", p)
		}
	})
	t.Run("oversized body is refused as content too large", func(t *testing.T) {
		body := `{"name":"` + strings.Repeat("x", 100) + `"}`
		res := do(h, "POST", "/orders", body)
		p := problem(t, res)
		if res.StatusCode != http.StatusRequestEntityTooLarge || p.Code != "INVALID_ARGUMENT" || !strings.Contains(p.Detail, "64 bytes") {
			t.Fatalf("declared length: got %d %+v", res.StatusCode, p)
		}
		// Without a declared length the limit is met while reading.
		req := httptest.NewRequest("POST", "/orders", io.MultiReader(strings.NewReader(body)))
		req.ContentLength = -1
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusRequestEntityTooLarge || !strings.Contains(rec.Body.String(), "INVALID_ARGUMENT") {
			t.Fatalf("undeclared length: got %d %s", rec.Code, rec.Body)
		}
	})
	t.Run("internal detail never leaks", func(t *testing.T) {
		for _, path := range []string{"/boom", "/db"} {
			res := do(h, "GET", path, "")
			body, _ := io.ReadAll(res.Body)
			if res.StatusCode != 500 || strings.Contains(string(body), "secret") || strings.Contains(string(body), "password") {
				t.Fatalf("%s: %d %s", path, res.StatusCode, body)
			}
		}
	})
}

func TestEveryCodeHasAStatusAndTitle(t *testing.T) {
	seen := map[int]errs.Code{}
	for _, c := range errs.Codes() {
		st := c.HTTPStatus()
		if other, dup := seen[st]; dup {
			t.Errorf("%s and %s share status %d", c, other, st)
		}
		seen[st] = c
		if errs.FromHTTPStatus(st) != c {
			t.Errorf("%s does not round-trip through %d", c, st)
		}
		if c.Title() == "" {
			t.Errorf("%s has no title", c)
		}
	}
}

func TestMetricsAreLabelledByRoute(t *testing.T) {
	reg := prometheus.NewRegistry()
	h := stack(t, reg)
	do(h, "GET", "/orders/1", "")
	do(h, "GET", "/orders/2", "")
	n, err := testutil.GatherAndCount(reg, "vextrus_http_requests_total")
	if err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Fatalf("two ids made %d series, want one per route", n)
	}
}

func TestReadyzNamesEachDependency(t *testing.T) {
	health := httpx.NewHealth()
	health.Add("postgres", func(context.Context) error { return nil })
	health.Add("kafka", func(context.Context) error { return errors.New("no brokers") })
	res := do(http.HandlerFunc(health.Ready), "GET", "/readyz", "")
	var got httpx.Readiness
	json.NewDecoder(res.Body).Decode(&got)
	if res.StatusCode != 503 || got.Status != "failing" || got.Checks["postgres"].Status != "ok" ||
		got.Checks["kafka"].Status != "failing" || got.Checks["kafka"].Error != "no brokers" {
		t.Fatalf("%d %+v", res.StatusCode, got)
	}
}
