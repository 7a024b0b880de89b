package mixed_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/vextrus/vextrus/bench/mixed"
	"github.com/vextrus/vextrus/internal/platform/testwait"
)

// exposition is a /metrics page at reading n: counters rise by n steps.
func exposition(n int64) string {
	return fmt.Sprintf(`# HELP go_goroutines Number of goroutines.
# TYPE go_goroutines gauge
go_goroutines 1234
go_memstats_heap_alloc_bytes 2.5e+08
go_gc_heap_live_bytes 1.25e+08
vextrus_outbox_backlog{service="finance"} 7
vextrus_outbox_backlog{service="orders",note="a } in a label"} 5
vextrus_consumer_lag{group="audit",topic="t"} 3
temporal_workflow_task_schedule_to_start_latency_seconds_bucket{le="0.01"} %d
temporal_workflow_task_schedule_to_start_latency_seconds_sum{namespace="default"} %g
temporal_workflow_task_schedule_to_start_latency_seconds_count{namespace="default"} %d
vextrus_db_pool_waited_acquires_total{pool="main"} %d
vextrus_db_pool_acquire_wait_seconds_total{pool="main"} %g 1733364000000
`, 10*n, 0.02*float64(n), 10*n, 3*n, 0.5*float64(n))
}

func TestSamplerReadsGaugesAndTheRiseOfCounters(t *testing.T) {
	var reads atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/metrics" {
			http.NotFound(w, r)
			return
		}
		fmt.Fprint(w, exposition(reads.Add(1)))
	}))
	defer srv.Close()
	s := mixed.NewSampler(srv.Client(), srv.URL+"/", 5*time.Millisecond, nil)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() { s.Run(ctx); close(done) }()
	testwait.For(t, 10*time.Second, "three readings", func() bool { return len(s.Samples()) >= 3 })
	cancel()
	<-done
	got := s.Samples()
	first, second := got[0], got[1]
	if first.Goroutines != 1234 || first.HeapBytes != 1.25e8 || first.OutboxBacklog != 12 || first.ConsumerLag != 3 {
		t.Fatalf("first reading = %+v, want goroutines 1234, live heap 1.25e8, backlog 12 (two services), lag 3", first)
	}
	if first.WorkflowTaskWait != 0 || first.PoolWaits != 0 {
		t.Errorf("the first reading has no interval, got task wait %v and pool waits %v", first.WorkflowTaskWait, first.PoolWaits)
	}
	// Between readings: 10 tasks waited 0.02 s in all, 3 acquisitions 0.5 s.
	if second.WorkflowTaskWait != 2*time.Millisecond || second.PoolWaits != 3 || second.PoolWait != 500*time.Millisecond {
		t.Fatalf("second reading = task wait %v, pool waits %v (%v); want 2ms, 3 (500ms)", second.WorkflowTaskWait, second.PoolWaits, second.PoolWait)
	}
	if n, err := s.Failed(); n != 0 {
		t.Errorf("%d readings failed: %v", n, err)
	}
}

func TestSamplerCountsReadingsThatFail(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, "restarting", http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	s := mixed.NewSampler(srv.Client(), srv.URL, 5*time.Millisecond, nil)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() { s.Run(ctx); close(done) }()
	testwait.For(t, 10*time.Second, "two failed readings", func() bool { n, _ := s.Failed(); return n >= 2 })
	cancel()
	<-done
	if got := s.Samples(); len(got) != 0 {
		t.Fatalf("failed readings became samples: %+v", got)
	}
}
