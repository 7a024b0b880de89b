package mixed

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Sample is one reading of the system's own gauges (its /metrics) and of
// the workload's latency since the reading before.
type Sample struct {
	At time.Time
	// HeapBytes is the Go heap live at the last GC (go_gc_heap_live_bytes;
	// where the system has no such gauge, the heap allocated,
	// go_memstats_heap_alloc_bytes, which swings with the GC cycle);
	// Goroutines is go_goroutines.
	HeapBytes, Goroutines float64
	// OutboxBacklog is the events written and not yet published, summed
	// over services (vextrus_outbox_backlog); ConsumerLag the events
	// published and not yet consumed, summed over consumer groups
	// (vextrus_consumer_lag).
	OutboxBacklog, ConsumerLag float64
	// WorkflowTaskWait is the mean wait of a workflow task for a worker
	// since the reading before (temporal_workflow_task_schedule_to_start
	// _latency_seconds), zero when none ran.
	WorkflowTaskWait time.Duration
	// PoolWaits counts database connection acquisitions that had to wait
	// since the reading before, and PoolWait is their total wait
	// (vextrus_db_pool_waited_acquires_total, _acquire_wait_seconds_total).
	PoolWaits float64
	PoolWait  time.Duration
	// Actions, Errors and P95 are the workload's since the reading
	// before (zero without a workload).
	Actions, Errors int64
	P95             time.Duration
}

// metric names read from /metrics; a histogram's _sum and _count, a
// gauge or counter summed over its label sets.
const (
	mLiveHeap   = "go_gc_heap_live_bytes"
	mHeap       = "go_memstats_heap_alloc_bytes"
	mGoroutines = "go_goroutines"
	mBacklog    = "vextrus_outbox_backlog"
	mLag        = "vextrus_consumer_lag"
	mTaskSum    = "temporal_workflow_task_schedule_to_start_latency_seconds_sum"
	mTaskCount  = "temporal_workflow_task_schedule_to_start_latency_seconds_count"
	mPoolWaited = "vextrus_db_pool_waited_acquires_total"
	mPoolWait   = "vextrus_db_pool_acquire_wait_seconds_total"
)

// Sampler reads the gauges every interval while it runs.
type Sampler struct {
	client   *http.Client
	url      string // the internal listener's base URL, where /metrics is
	interval time.Duration
	workload *Workload

	mu      sync.Mutex
	samples []Sample
	errs    int
	lastErr error
	prev    map[string]float64
}

// NewSampler reads the /metrics of internalURL every interval; with a
// workload it records the workload's latency between readings too.
func NewSampler(client *http.Client, internalURL string, interval time.Duration, w *Workload) *Sampler {
	return &Sampler{client: client, url: strings.TrimSuffix(internalURL, "/"), interval: interval, workload: w}
}

// Run samples until ctx ends. A reading that fails (the system
// restarting) is counted and skipped.
func (s *Sampler) Run(ctx context.Context) {
	t := time.NewTicker(s.interval)
	defer t.Stop()
	s.read(ctx)
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			s.read(ctx)
		}
	}
}

// Samples is a copy of the readings so far.
func (s *Sampler) Samples() []Sample {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Sample(nil), s.samples...)
}

// Failed is how many readings failed, and the last failure.
func (s *Sampler) Failed() (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.errs, s.lastErr
}

func (s *Sampler) read(ctx context.Context) {
	m, err := Scrape(ctx, s.client, s.url)
	if err != nil && ctx.Err() != nil {
		return // the run ended during the reading; the system did not fail it
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err != nil {
		s.errs++
		s.lastErr = err
		return
	}
	heap, live := m[mLiveHeap]
	if !live {
		heap = m[mHeap]
	}
	smp := Sample{At: time.Now(), HeapBytes: heap, Goroutines: m[mGoroutines], OutboxBacklog: m[mBacklog], ConsumerLag: m[mLag]}
	if p := s.prev; p != nil {
		if n := m[mTaskCount] - p[mTaskCount]; n > 0 {
			smp.WorkflowTaskWait = seconds((m[mTaskSum] - p[mTaskSum]) / n)
		}
		smp.PoolWaits = max(0, m[mPoolWaited]-p[mPoolWaited])
		smp.PoolWait = seconds(max(0, m[mPoolWait]-p[mPoolWait]))
	}
	s.prev = m
	if s.workload != nil {
		smp.Actions, smp.Errors, smp.P95 = s.workload.stats.interval()
	}
	s.samples = append(s.samples, smp)
}

func seconds(v float64) time.Duration { return time.Duration(v * float64(time.Second)) }

// Scrape reads base's /metrics and answers each metric's value summed over
// its label sets, by name (a histogram's series as name_sum, name_count).
func Scrape(ctx context.Context, client *http.Client, base string) (map[string]float64, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/metrics", nil)
	if err != nil {
		return nil, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET /metrics: status %d", resp.StatusCode)
	}
	return parseMetrics(resp.Body)
}

// parseMetrics sums the Prometheus text exposition's samples by name.
func parseMetrics(r io.Reader) (map[string]float64, error) {
	out := map[string]float64{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 4*1024*1024)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		name := line
		if i := strings.IndexAny(line, "{ "); i >= 0 {
			name = line[:i]
		}
		// The value follows the labels; a timestamp may follow it.
		rest := line[len(name):]
		if strings.HasPrefix(rest, "{") {
			end := strings.LastIndexByte(rest, '}')
			if end < 0 {
				continue
			}
			rest = rest[end+1:]
		}
		fields := strings.Fields(rest)
		if len(fields) == 0 {
			continue
		}
		v, err := strconv.ParseFloat(fields[0], 64)
		if err != nil {
			continue
		}
		out[name] += v
	}
	return out, sc.Err()
}
