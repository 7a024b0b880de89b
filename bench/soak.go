package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"
	"text/tabwriter"
	"time"

	"github.com/vextrus/vextrus/bench/load"
	"github.com/vextrus/vextrus/bench/mixed"
)

// soak runs the mixed workload for long (docs/scaling.md, "Soak"):
//
//	go run ./bench soak -duration 30m -users 1000 -plot docs/img/soak.png
//
// It samples the system's gauges through the run, prints a table of them
// over time, the operations' figures and the verdict, and draws the plot.
// It fails on any error of the workload, on heap or goroutines growing
// after the warm-up, or on an outbox backlog or consumer lag out of
// bounds (mixed.DefaultBounds).
func soak(ctx context.Context, args []string, sys *inProcess, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("soak", flag.ContinueOnError)
	fs.SetOutput(stderr)
	duration := fs.Duration("duration", 30*time.Minute, "measured duration")
	users := fs.Int("users", 1000, "virtual users (staff accounts)")
	think := fs.Duration("think", 10*time.Second, "mean think time between a user's actions, randomised ±50%")
	warmup := fs.Duration("warmup", time.Minute, "unmeasured warm-up before the duration (its readings are plotted, not judged)")
	every := fs.Duration("every", 5*time.Second, "how often the gauges are read")
	plotPath := fs.String("plot", "", "write the plot (PNG) here")
	target := fs.String("target", "", "base URL of a running system instead of one started in this process")
	internal := fs.String("internal", "", "its internal listener (for /metrics), with -target")
	seed := fs.Uint64("seed", 1, "the mix's random seed")
	stallDir := fs.String("stallprofile", "", "write every goroutine's stack and a 20 s CPU profile to this folder whenever an interval's p95 passes -stall (system in process only)")
	stallAt := fs.Duration("stall", 2*time.Second, "the interval p95 that counts as a stall, with -stallprofile")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("soak: unexpected arguments %v", fs.Args())
	}
	url, metrics := *target, *internal
	if url == "" {
		u, stop, err := sys.start(ctx)
		if err != nil {
			return err
		}
		defer stop()
		url, metrics = u, sys.internalURL()
	} else if metrics == "" {
		return errors.New("soak: -target needs -internal, the listener serving /metrics")
	} else if *stallDir != "" {
		return errors.New("soak: -stallprofile profiles this process, so not with -target")
	}
	client := load.NewClient(*users)
	defer client.CloseIdleConnections()
	fmt.Fprintf(stderr, "soak: setting up %d staff accounts\n", *users)
	w, err := mixed.New(ctx, client, url, mixed.Options{Users: *users, Seed: *seed})
	if err != nil {
		return err
	}
	sampler := mixed.NewSampler(client, metrics, *every, w)
	sctx, stopSampling := context.WithCancel(ctx)
	sampled := make(chan struct{})
	go func() { sampler.Run(sctx); close(sampled) }()
	if *stallDir != "" {
		if err := os.MkdirAll(*stallDir, 0o755); err != nil {
			stopSampling()
			return err
		}
		p := stallProfiler{dir: *stallDir, limit: *stallAt, span: 20 * time.Second, log: stderr}
		go p.run(sctx, sampler, *every)
	}
	fmt.Fprintf(stderr, "soak: %d users thinking %s ±50%%, warm-up %s, measuring %s, gauges every %s\n", *users, *think, *warmup, *duration, *every)
	loaded := &firstAction{Workload: w}
	res, err := load.Run(ctx, loaded, load.Config{Users: *users, Duration: *duration, Warmup: *warmup, Think: *think})
	stopSampling()
	<-sampled
	if err != nil {
		return err
	}
	// Judged and shown: the readings up to the window's end, not those of
	// the drain, when the users stop and what is in flight finishes.
	end := loaded.at().Add(*warmup + *duration)
	var samples []mixed.Sample
	for _, s := range sampler.Samples() {
		if !s.At.After(end) {
			samples = append(samples, s)
		}
	}
	writeSamples(stdout, samples, max(*every, (*duration+*warmup)/12))
	if err := writeOps(stdout, w.Ops()); err != nil {
		return err
	}
	s := load.Summarize("soak", load.Config{Users: *users, Duration: *duration}, res)
	fmt.Fprintf(stdout, "soak: %d users, %s measured: %d actions, %d errors, %.1f actions/s, p50 %.1f ms, p95 %.1f ms, p99 %.1f ms\n",
		*users, *duration, s.Requests, s.Errors, s.RPS, s.P50Ms, s.P95Ms, s.P99Ms)
	if *plotPath != "" {
		title := fmt.Sprintf("soak: %d users, think %s, %s + %s warm-up", *users, *think, *duration, *warmup)
		if err := mixed.WritePlot(*plotPath, title, samples); err != nil {
			return err
		}
	}
	return soakVerdict(stdout, w.Ops(), res, sampler, samples)
}

// soakVerdict fails the soak on any error of the workload (warm-up
// included) or a bound broken after the warm-up.
func soakVerdict(out io.Writer, ops []mixed.OpStats, res load.Result, sampler *mixed.Sampler, samples []mixed.Sample) error {
	var errs []error
	var failed int64
	for _, o := range ops {
		failed += o.Errors
	}
	if failed > 0 || res.Errors > 0 {
		errs = append(errs, fmt.Errorf("%d actions failed (%d in the measured window), first: %v", failed, res.Errors, res.FirstErr))
	}
	if n, err := sampler.Failed(); n > 0 {
		errs = append(errs, fmt.Errorf("%d readings of /metrics failed, last: %v", n, err))
	}
	errs = append(errs, mixed.Judge(samples, mixed.DefaultBounds))
	if err := errors.Join(errs...); err != nil {
		fmt.Fprintln(out, "soak: FAILED")
		return err
	}
	fmt.Fprintln(out, "soak: passed (0 errors; heap and goroutines flat after warm-up; backlog and lag bounded)")
	return nil
}

// writeSamples prints the readings by spans of the run: actions, errors,
// the worst interval p95, and the gauges at the span's end (backlog and
// lag at their highest in it).
func writeSamples(out io.Writer, samples []mixed.Sample, span time.Duration) {
	if len(samples) == 0 {
		return
	}
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "at\tactions\terrors\tp95 ms\theap MiB\tgoroutines\tbacklog\tlag\twf task ms\tpool waits\t")
	t0 := samples[0].At
	var row mixed.Sample
	var end time.Duration
	flush := func(s mixed.Sample) {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%.1f\t%.0f\t%.0f\t%.0f\t%.0f\t%.2f\t%.0f\t\n", s.At.Sub(t0).Round(time.Second), row.Actions, row.Errors,
			ms(row.P95), s.HeapBytes/(1<<20), s.Goroutines, row.OutboxBacklog, row.ConsumerLag, ms(row.WorkflowTaskWait), row.PoolWaits)
		row = mixed.Sample{}
	}
	for i, s := range samples {
		row.Actions += s.Actions
		row.Errors += s.Errors
		row.P95 = max(row.P95, s.P95)
		row.OutboxBacklog = max(row.OutboxBacklog, s.OutboxBacklog)
		row.ConsumerLag = max(row.ConsumerLag, s.ConsumerLag)
		row.WorkflowTaskWait = max(row.WorkflowTaskWait, s.WorkflowTaskWait)
		row.PoolWaits += s.PoolWaits
		if at := s.At.Sub(t0); at >= end || i == len(samples)-1 {
			flush(s)
			end = at + span
		}
	}
	tw.Flush()
}

// firstAction notes when the load began: the first action of any user
// (users sign in first, unmeasured).
type firstAction struct {
	*mixed.Workload
	once  sync.Once
	first atomic.Int64
}

func (f *firstAction) Do(ctx context.Context, vu *load.VirtualUser) error {
	f.once.Do(func() { f.first.Store(time.Now().UnixNano()) })
	return f.Workload.Do(ctx, vu)
}

func (f *firstAction) at() time.Time { return time.Unix(0, f.first.Load()) }
