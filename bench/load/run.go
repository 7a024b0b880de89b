package load

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"
)

// Config is the load shape of a run.
type Config struct {
	// Users is the number of virtual users. In open-loop mode it bounds the
	// requests outstanding at once.
	Users int
	// Duration is the measured window; Warmup runs before it, unmeasured.
	Duration, Warmup time.Duration
	// Think is the mean pause of a user between the answer and its next
	// request, randomised uniformly over ±50%. Zero is a closed loop at full
	// pressure. Ignored when Rate is set.
	Think time.Duration
	// Rate, when positive, offers an open-loop constant arrival rate in
	// requests per second, with latency measured from each request's
	// intended send time.
	Rate float64
	// Drain is how long requests still in flight when the window closes may
	// take before they are cancelled (and counted as errors); 0 means 10s.
	Drain time.Duration
	// Measuring, when set, is called as the measured window opens, and
	// the function it returns as the window closes (a CPU profile of the
	// window alone).
	Measuring func() (closed func())
}

// Mode names the arrival mode of c: "open", "closed" or "think".
func (c Config) Mode() string {
	switch {
	case c.Rate > 0:
		return "open"
	case c.Think == 0:
		return "closed"
	default:
		return "think"
	}
}

func (c Config) validate() error {
	switch {
	case c.Users < 1:
		return errors.New("users must be at least 1")
	case c.Duration <= 0:
		return errors.New("duration must be positive")
	case c.Warmup < 0 || c.Think < 0 || c.Rate < 0 || c.Drain < 0:
		return errors.New("warmup, think, rate and drain must not be negative")
	}
	return nil
}

// Result is what a run measured. Only requests whose (intended) send time
// falls in the measured window count.
type Result struct {
	// Requests counts the requests issued in the window, plus, in open-loop
	// mode, the arrivals dropped because no user became free.
	Requests int64
	// Errors counts failed requests and dropped arrivals.
	Errors int64
	// Dropped counts open-loop arrivals never sent because every user was
	// busy until the drain ran out (also in Errors).
	Dropped int64
	// Late counts open-loop arrivals that waited for a free user; the wait
	// is part of their latency.
	Late int64
	// Duration is the measured window.
	Duration time.Duration
	// Latency holds the latency of every completed request, failed or not.
	Latency *Histogram
	// FirstErr is the first error seen, to show what went wrong.
	FirstErr error
}

// window is the timeline of one run.
type window struct {
	start, from, end time.Time
}

func (w window) measured(t time.Time) bool { return !t.Before(w.from) && t.Before(w.end) }

// Run drives target with the load shape cfg and returns what it measured.
// It returns an error if the configuration is invalid, a user cannot be
// started, or ctx ends first.
func Run(ctx context.Context, target Target, cfg Config) (Result, error) {
	if err := cfg.validate(); err != nil {
		return Result{}, err
	}
	if cfg.Drain == 0 {
		cfg.Drain = 10 * time.Second
	}
	users, err := startUsers(ctx, target, cfg.Users)
	if err != nil {
		return Result{}, err
	}
	start := time.Now()
	w := window{start: start, from: start.Add(cfg.Warmup), end: start.Add(cfg.Warmup + cfg.Duration)}

	// Requests in flight at the end get cfg.Drain to finish, then their
	// context is cancelled so a stalled system cannot hold the run forever.
	doCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	stopDrain := time.AfterFunc(time.Until(w.end)+cfg.Drain, cancel)
	defer stopDrain.Stop()
	if cfg.Measuring != nil {
		defer during(ctx, w, cfg.Measuring)()
	}

	rec := &recorder{}
	var dropped, late int64
	if cfg.Rate > 0 {
		dropped, late = runOpen(doCtx, target, users, cfg.Rate, w, rec)
	} else {
		runThink(ctx, doCtx, target, users, cfg.Think, w, rec)
	}
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	res := rec.result()
	res.Requests += dropped
	res.Errors += dropped
	res.Dropped, res.Late = dropped, late
	res.Duration = cfg.Duration
	return res, nil
}

// during calls open as w's measured window opens and the function it
// returns as the window closes, or both early once ctx ends; the returned
// wait blocks until the window's closing call has returned.
func during(ctx context.Context, w window, open func() (closed func())) (wait func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		until := func(t time.Time) {
			timer := time.NewTimer(time.Until(t))
			defer timer.Stop()
			select {
			case <-ctx.Done():
			case <-timer.C:
			}
		}
		until(w.from)
		closed := open()
		until(w.end)
		closed()
	}()
	return func() { <-done }
}

// startUsers creates the virtual users and, if target asks, starts each.
func startUsers(ctx context.Context, target Target, n int) ([]*VirtualUser, error) {
	users := make([]*VirtualUser, n)
	for i := range users {
		users[i] = &VirtualUser{ID: i, Rand: rand.New(rand.NewPCG(uint64(i), uint64(time.Now().UnixNano())))}
	}
	starter, ok := target.(UserStarter)
	if !ok {
		return users, nil
	}
	// Starting users (logging in, say) is bounded so a thousand users do
	// not stampede the system before the load even begins.
	errs := make([]error, n)
	sem := make(chan struct{}, 32)
	var wg sync.WaitGroup
	for i, vu := range users {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			errs[i] = starter.StartUser(ctx, vu)
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("start users: %w", err)
	}
	return users, nil
}

// recorder collects latencies from many goroutines; users are spread over
// shards so they rarely contend for a lock.
type recorder struct {
	shards [16]struct {
		mu       sync.Mutex
		h        Histogram
		requests int64
		errors   int64
		firstErr error
	}
}

func (r *recorder) record(vu int, latency time.Duration, err error) {
	s := &r.shards[vu%len(r.shards)]
	s.mu.Lock()
	s.h.RecordDuration(latency)
	s.requests++
	if err != nil {
		s.errors++
		if s.firstErr == nil {
			s.firstErr = err
		}
	}
	s.mu.Unlock()
}

func (r *recorder) result() Result {
	res := Result{Latency: &Histogram{}}
	for i := range r.shards {
		s := &r.shards[i]
		s.mu.Lock()
		res.Latency.Merge(&s.h)
		res.Requests += s.requests
		res.Errors += s.errors
		if res.FirstErr == nil {
			res.FirstErr = s.firstErr
		}
		s.mu.Unlock()
	}
	return res
}
