package load_test

import (
	"bytes"
	"context"
	"encoding/json"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/vextrus/vextrus/bench/load"
)

// echo is a scenario that GETs / on the system under test.
var echo = load.Scenario{
	Name:        "echo",
	Description: "GET / on the system",
	Setup: func(ctx context.Context, env *load.Env) (load.Target, error) {
		base, err := env.SystemURL(ctx)
		if err != nil {
			return nil, err
		}
		return load.GET(env.Client, base+"/"), nil
	},
	Baseline: load.BareHTTP("/"),
}

// fakeSystem is an HTTP server standing in for the system, counting hits.
type fakeSystem struct {
	hits, starts, stops atomic.Int64
}

func (f *fakeSystem) start(tb testing.TB) load.SystemFunc {
	tb.Helper()
	return func(context.Context) (string, func() error, error) {
		f.starts.Add(1)
		srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { f.hits.Add(1) }))
		return srv.URL, func() error { srv.Close(); f.stops.Add(1); return nil }, nil
	}
}

func command(tb testing.TB, system load.SystemFunc, args ...string) (string, error) {
	tb.Helper()
	var stdout, stderr bytes.Buffer
	short := []string{"-users", "4", "-duration", "300ms", "-warmup", "100ms", "-think", "0"}
	err := load.Command(context.Background(), append(args, short...), &stdout, &stderr, []load.Scenario{echo}, system)
	tb.Logf("stderr:\n%s", stderr.String())
	return stdout.String(), err
}

func TestJSONLastLineHasExactlyTheKeys(t *testing.T) {
	t.Parallel()
	var sys fakeSystem
	out, err := command(t, sys.start(t), "echo", "-json")
	if err != nil {
		t.Fatalf("command: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	var report map[string]any
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &report); err != nil {
		t.Fatalf("last line is not JSON: %v\n%s", err, out)
	}
	keys := []string{"durationS", "errors", "maxMs", "p50Ms", "p95Ms", "p99Ms", "requests", "rps", "scenario", "users"}
	want := slices.Sorted(slices.Values(append(slices.Clone(keys), "baseline")))
	if got := slices.Sorted(maps.Keys(report)); !slices.Equal(got, want) {
		t.Errorf("keys %v, want %v", got, want)
	}
	baseline, ok := report["baseline"].(map[string]any)
	if !ok {
		t.Fatalf("baseline is %T, want an object", report["baseline"])
	}
	if got := slices.Sorted(maps.Keys(baseline)); !slices.Equal(got, keys) {
		t.Errorf("baseline keys %v, want %v", got, keys)
	}
	if report["scenario"] != "echo" || baseline["scenario"] != "echo/baseline" || report["users"] != 4.0 {
		t.Errorf("scenario %v, baseline %v, users %v", report["scenario"], baseline["scenario"], report["users"])
	}
	for _, r := range []map[string]any{report, baseline} {
		if r["requests"].(float64) == 0 || r["errors"] != 0.0 || r["rps"].(float64) <= 0 || r["p50Ms"].(float64) <= 0 {
			t.Errorf("%v: want requests, rps and latency without errors", r)
		}
	}
	if !strings.Contains(out, "ratio") || !strings.Contains(lines[0], "p95") {
		t.Errorf("table lacks the ratio row or a p95 column:\n%s", out)
	}
	if sys.starts.Load() != 1 || sys.stops.Load() != 1 || sys.hits.Load() == 0 {
		t.Errorf("system started %d, stopped %d, hit %d times; want started and stopped once, hit", sys.starts.Load(), sys.stops.Load(), sys.hits.Load())
	}
}

func TestTargetFlagHitsTheGivenURL(t *testing.T) {
	t.Parallel()
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hits.Add(1) }))
	t.Cleanup(srv.Close)
	refuse := func(context.Context) (string, func() error, error) {
		t.Error("system started although -target was given")
		return "", nil, context.Canceled
	}
	if _, err := command(t, refuse, "-target", srv.URL, "echo"); err != nil {
		t.Fatalf("command: %v", err)
	}
	if hits.Load() == 0 {
		t.Error("the -target server was never hit")
	}
}

func TestUnknownScenarioIsAnError(t *testing.T) {
	t.Parallel()
	var sys fakeSystem
	if _, err := command(t, sys.start(t), "nope"); err == nil || !strings.Contains(err.Error(), "nope") {
		t.Errorf("err = %v, want unknown scenario nope", err)
	}
	if sys.starts.Load() != 0 {
		t.Error("system started for an unknown scenario")
	}
}
