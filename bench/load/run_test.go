package load_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/vextrus/vextrus/bench/load"
)

// serve starts a local HTTP server with h and returns a GET target for it.
func serve(tb testing.TB, users int, h http.HandlerFunc) load.Target {
	tb.Helper()
	srv := httptest.NewServer(h)
	tb.Cleanup(srv.Close)
	client := load.NewClient(users)
	tb.Cleanup(client.CloseIdleConnections)
	return load.GET(client, srv.URL)
}

// stallOnce returns a handler that answers at once, except that request
// number nth (1-based) holds the whole server for d, as a garbage
// collection pause or a lock would.
func stallOnce(nth int64, d time.Duration) http.HandlerFunc {
	var n atomic.Int64
	gate := make(chan struct{}, 1)
	gate <- struct{}{}
	return func(w http.ResponseWriter, r *http.Request) {
		<-gate
		if n.Add(1) == nth {
			select {
			case <-time.After(d):
			case <-r.Context().Done():
			}
		}
		gate <- struct{}{}
	}
}

func run(tb testing.TB, target load.Target, cfg load.Config) load.Result {
	tb.Helper()
	res, err := load.Run(context.Background(), target, cfg)
	if err != nil {
		tb.Fatalf("run: %v", err)
	}
	return res
}

func TestClosedLoopCompletesRequests(t *testing.T) {
	t.Parallel()
	var hits atomic.Int64
	target := serve(t, 8, func(w http.ResponseWriter, r *http.Request) { hits.Add(1) })
	res := run(t, target, load.Config{Users: 8, Duration: 500 * time.Millisecond, Warmup: 200 * time.Millisecond})

	// A loopback handler answers thousands a second; the floor is low
	// because the machine running the tests may be starved.
	if res.Requests < 10 || res.Errors != 0 {
		t.Fatalf("requests %d errors %d (first %v), want many without errors", res.Requests, res.Errors, res.FirstErr)
	}
	if res.Requests > hits.Load() {
		t.Errorf("measured %d requests, but only %d were served", res.Requests, hits.Load())
	}
	if got := res.Latency.Count(); got != uint64(res.Requests) || res.Latency.Quantile(0.5) <= 0 {
		t.Errorf("latency count %d, p50 %d; want one positive latency per request", got, res.Latency.Quantile(0.5))
	}
}

func TestFailedRequestsCountAsErrors(t *testing.T) {
	t.Parallel()
	target := serve(t, 2, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusServiceUnavailable) })
	res := run(t, target, load.Config{Users: 2, Duration: 500 * time.Millisecond})
	if res.Requests == 0 || res.Errors != res.Requests || res.FirstErr == nil {
		t.Fatalf("requests %d errors %d first %v, want every request an error", res.Requests, res.Errors, res.FirstErr)
	}
}

func TestWarmupIsNotMeasured(t *testing.T) {
	t.Parallel()
	// In open-loop mode the arrivals are known in advance: 100/s over a
	// 200ms warm-up and a 300ms window is 20 unmeasured and 30 measured,
	// however slowly the machine runs.
	var hits atomic.Int64
	target := serve(t, 4, func(w http.ResponseWriter, r *http.Request) { hits.Add(1) })
	res := run(t, target, load.Config{Users: 4, Rate: 100, Warmup: 200 * time.Millisecond, Duration: 300 * time.Millisecond})
	if res.Requests != 30 || hits.Load() != 50 || res.Latency.Count() != 30 {
		t.Errorf("measured %d (%d latencies) of %d served, want 30 of 50", res.Requests, res.Latency.Count(), hits.Load())
	}
}

func TestThinkTimePacesUsers(t *testing.T) {
	t.Parallel()
	target := serve(t, 20, func(w http.ResponseWriter, r *http.Request) {})
	res := run(t, target, load.Config{Users: 20, Think: 100 * time.Millisecond, Duration: time.Second, Warmup: 200 * time.Millisecond})
	// 20 users pausing 100ms on average offer about 200 requests a second,
	// and never much more: without the pause they would send thousands. A
	// starved machine only slows users down, so the floor just shows that
	// every user keeps going.
	if res.Requests < 40 || res.Requests > 260 {
		t.Errorf("%d requests in 1s from 20 users thinking 100ms, want about 200", res.Requests)
	}
}

func TestOpenLoopMeasuresFromIntendedSendTime(t *testing.T) {
	t.Parallel()
	// One user, 200 arrivals a second: while request 20 stalls the server
	// for 200ms, about 40 arrivals queue behind it. Measured from their
	// intended send time they carry the wait; measured from when they were
	// sent (coordinated omission) only the stalled request would.
	target := serve(t, 1, stallOnce(20, 200*time.Millisecond))
	res := run(t, target, load.Config{Users: 1, Rate: 200, Duration: time.Second})

	if p99 := res.Latency.QuantileDuration(0.99); p99 < 100*time.Millisecond {
		t.Errorf("open-loop p99 = %s, want ≥ 100ms: the stall's queueing delay is hidden", p99)
	}
	if res.Late < 10 || res.Dropped != 0 || res.Errors != 0 {
		t.Errorf("late %d dropped %d errors %d, want dozens late and none dropped or failed", res.Late, res.Dropped, res.Errors)
	}
	if res.Requests != 200 {
		t.Errorf("requests = %d, want the 200 offered", res.Requests)
	}
}

func TestClosedLoopHidesWhatOpenLoopShows(t *testing.T) {
	t.Parallel()
	// The same stall under a closed loop delays one request only: the user
	// waits instead of sending, so p99 stays low. This is the contrast the
	// open-loop mode exists for.
	target := serve(t, 1, stallOnce(20, 200*time.Millisecond))
	res := run(t, target, load.Config{Users: 1, Think: 5 * time.Millisecond, Duration: time.Second})

	if res.Requests < 101 {
		t.Skipf("only %d requests; too few for p99 to differ from max on this machine", res.Requests)
	}
	if p99, slowest := res.Latency.QuantileDuration(0.99), time.Duration(res.Latency.Max()); p99 >= 100*time.Millisecond || slowest < 200*time.Millisecond {
		t.Errorf("closed-loop p99 %s max %s, want p99 < 100ms and max ≥ 200ms", p99, slowest)
	}
}

func TestOpenLoopDropsWhatCannotBeSent(t *testing.T) {
	t.Parallel()
	// The only user is stuck on a request that never ends, so every later
	// arrival is dropped and the stuck one fails when the drain runs out.
	target := serve(t, 1, func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	res := run(t, target, load.Config{Users: 1, Rate: 100, Duration: 300 * time.Millisecond, Drain: 100 * time.Millisecond})

	// When the drain ends the stuck request fails, and its user may take
	// one more arrival (failing at once) before the dispatcher stops.
	if res.Requests != 30 || res.Dropped < 28 || res.Errors != 30 {
		t.Errorf("requests %d dropped %d errors %d, want 30 offered, 28 or 29 dropped, all errors", res.Requests, res.Dropped, res.Errors)
	}
}

func TestMeasuringCoversTheSystemsWindowAlone(t *testing.T) {
	t.Parallel()
	// A profile of the window must leave out the warm-up and the
	// baseline: the hook opens once, for the system, after the warm-up's
	// first requests, and closes after it opened.
	var measuring atomic.Bool
	var opened, closed atomic.Int64
	var seenOpen, seenClosed [2]atomic.Int64 // by target: system, baseline
	target := func(i int) load.SetupFunc {
		return func(context.Context, *load.Env) (load.Target, error) {
			return serve(t, 4, func(http.ResponseWriter, *http.Request) {
				if measuring.Load() {
					seenOpen[i].Add(1)
				} else {
					seenClosed[i].Add(1)
				}
			}), nil
		}
	}
	sc := load.Scenario{Name: "window", Setup: target(0), Baseline: target(1)}
	cfg := load.Config{Users: 4, Rate: 100, Warmup: 200 * time.Millisecond, Duration: 300 * time.Millisecond,
		Measuring: func() func() {
			opened.Add(1)
			measuring.Store(true)
			return func() {
				if measuring.Swap(false) {
					closed.Add(1)
				}
			}
		}}
	newEnv := func() *load.Env { return load.NewEnv(load.NewClient(4), 4, nil) }
	if _, err := load.Compare(context.Background(), sc, cfg, newEnv, io.Discard); err != nil {
		t.Fatal(err)
	}
	if opened.Load() != 1 || closed.Load() != 1 {
		t.Fatalf("window opened %d and closed %d times, want once each", opened.Load(), closed.Load())
	}
	if seenOpen[0].Load() == 0 || seenClosed[0].Load() == 0 {
		t.Errorf("system: %d requests in the window, %d outside; want both (warm-up outside)", seenOpen[0].Load(), seenClosed[0].Load())
	}
	if seenOpen[1].Load() != 0 {
		t.Errorf("baseline: %d requests while measuring, want 0", seenOpen[1].Load())
	}
}
