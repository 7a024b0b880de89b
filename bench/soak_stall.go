package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/pprof"
	"time"

	"github.com/vextrus/vextrus/bench/mixed"
)

// stallProfiler writes profiles of the process while the workload stalls:
// when an interval's p95 passes limit it writes every goroutine's stack
// and then records a CPU profile for span, into dir, named by the minute
// of the run. It profiles this process, so only a system started in
// process shows.
type stallProfiler struct {
	dir   string
	limit time.Duration
	span  time.Duration
	log   io.Writer
}

// run watches the sampler's readings until ctx ends.
func (p stallProfiler) run(ctx context.Context, sampler *mixed.Sampler, every time.Duration) {
	start := time.Now()
	seen := 0
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		samples := sampler.Samples()
		stalled := false
		for _, s := range samples[seen:] {
			stalled = stalled || s.P95 > p.limit
		}
		seen = len(samples)
		if !stalled {
			continue
		}
		name := fmt.Sprintf("stall-%05.1fm", time.Since(start).Minutes())
		if err := p.profile(ctx, filepath.Join(p.dir, name)); err != nil {
			fmt.Fprintf(p.log, "soak: stall profile: %v\n", err)
			return
		}
		fmt.Fprintf(p.log, "soak: stall profiled: %s.goroutine.txt, .cpu.pprof\n", name)
		seen = len(sampler.Samples()) // readings taken while profiling are in the profile
	}
}

func (p stallProfiler) profile(ctx context.Context, base string) error {
	// The goroutines first, as they stand when the stall is seen, with how
	// long each has waited (debug=2); then what the CPU does through it.
	g, err := os.Create(base + ".goroutine.txt")
	if err != nil {
		return err
	}
	defer g.Close()
	if err := pprof.Lookup("goroutine").WriteTo(g, 2); err != nil {
		return err
	}
	cpu, err := os.Create(base + ".cpu.pprof")
	if err != nil {
		return err
	}
	defer cpu.Close()
	if err := pprof.StartCPUProfile(cpu); err != nil {
		return err
	}
	defer pprof.StopCPUProfile()
	select {
	case <-ctx.Done():
	case <-time.After(p.span):
	}
	return nil
}
