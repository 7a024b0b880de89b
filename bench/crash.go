package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/vextrus/vextrus/bench/load"
	"github.com/vextrus/vextrus/bench/mixed"
	"github.com/vextrus/vextrus/internal/app"
)

// crashConfig is the shape of one crash run.
type crashConfig struct {
	kills          int
	users          int
	seed           uint64
	think          time.Duration
	minUp, maxUp   time.Duration // load between a start and the next kill
	final          time.Duration // load after the last restart
	startTimeout   time.Duration
	quiesceTimeout time.Duration
	keep           bool
}

// runCrash is `go run ./bench crash`: the mixed workload against `vextrus
// dev` in a child process, killed with SIGKILL at random points and
// restarted on its data each time; after the last restart the load runs
// a while more and stops, the system is left to settle (mixed.Quiesce)
// and mixed.Verify checks that nothing acknowledged was lost and nothing
// happened twice. It returns an error, so the command exits non-zero, if
// any check fails.
//
// The kill points and the mix follow -seed, so a failing run can be run
// again the same way (the system's own timing still varies).
func runCrash(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench crash", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var c crashConfig
	fs.IntVar(&c.kills, "kills", 5, "how many times to kill and restart the system")
	fs.IntVar(&c.users, "users", 20, "virtual users of the mixed workload")
	fs.Uint64Var(&c.seed, "seed", 1, "seed of the kill points and of the mix")
	fs.DurationVar(&c.think, "think", 500*time.Millisecond, "mean think time between a user's operations")
	fs.DurationVar(&c.minUp, "min-up", 5*time.Second, "least load between a restart and the next kill")
	fs.DurationVar(&c.maxUp, "max-up", 20*time.Second, "most load between a restart and the next kill")
	fs.DurationVar(&c.final, "final", 10*time.Second, "load after the last restart, before it stops")
	fs.DurationVar(&c.startTimeout, "start-timeout", 3*time.Minute, "how long a (re)start may take to be ready")
	fs.DurationVar(&c.quiesceTimeout, "quiesce-timeout", 3*time.Minute, "how long the system may take to settle after the load")
	fs.BoolVar(&c.keep, "keep", false, "keep the data directory and logs (printed) instead of removing them")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if c.kills < 1 || c.users < 1 || c.minUp <= 0 || c.maxUp < c.minUp {
		return errors.New("crash: -kills and -users must be at least 1, and 0 < -min-up <= -max-up")
	}
	work, err := os.MkdirTemp("", "vextrus-crash-")
	if err != nil {
		return err
	}
	// PostgreSQL may run as another OS user, who must reach its data.
	if err := os.Chmod(work, 0o755); err != nil {
		return err
	}
	if c.keep {
		fmt.Fprintln(stderr, "keeping the data and logs in", work)
	} else {
		defer os.RemoveAll(work)
	}
	bin, err := splitBinary(ctx, work)
	if err != nil {
		return err
	}
	logFile, err := os.Create(filepath.Join(work, "vextrus.log"))
	if err != nil {
		return err
	}
	defer logFile.Close()
	r := &crashRun{cfg: c, bin: bin, dir: filepath.Join(work, "data"), log: logFile, out: stderr,
		client: load.NewClient(c.users), rng: rand.New(rand.NewPCG(c.seed, 0x637261736821))}
	report, err := r.run(ctx)
	r.printOps(stdout)
	if report != nil {
		fmt.Fprintf(stdout, "\ninvariants after %d kills:\n%s", c.kills, report)
	}
	if err != nil {
		if !c.keep {
			// The kills fall at random moments, so a run again may not
			// fail the same way: the log's end is shown before it goes.
			fmt.Fprintf(stderr, "the end of the system's log (-keep keeps it whole):\n%s", logTail(logFile.Name(), 40))
		}
		return err
	}
	return report.Err()
}

// logTail returns the last n lines of the file at path, or why it could
// not be read.
func logTail(path string, n int) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Sprintf("(%v)\n", err)
	}
	lines := strings.SplitAfter(strings.TrimRight(string(b), "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "") + "\n"
}

// crashRun is one crash run in progress.
type crashRun struct {
	cfg    crashConfig
	bin    string
	dir    string
	log    io.Writer
	out    io.Writer
	client *http.Client
	rng    *rand.Rand
	work   *mixed.Workload
	dev    *devChild
}

func (r *crashRun) run(ctx context.Context) (*mixed.Report, error) {
	if err := r.start(ctx, "starting vextrus dev"); err != nil {
		return nil, err
	}
	defer func() {
		if r.dev != nil {
			_ = r.dev.stop(time.Minute)
		}
	}()
	var err error
	r.work, err = mixed.New(ctx, r.client, r.dev.url, mixed.Options{Tenant: app.DevTenant, Users: r.cfg.users, Seed: r.cfg.seed})
	if err != nil {
		return nil, fmt.Errorf("prepare the workload: %w", err)
	}
	for i := 1; i <= r.cfg.kills; i++ {
		up := r.cfg.minUp + time.Duration(r.rng.Int64N(int64(r.cfg.maxUp-r.cfg.minUp)+1))
		began := time.Now()
		var pg int
		r.underLoad(ctx, up, func() { pg = r.dev.kill() })
		fmt.Fprintf(r.out, "kill %d/%d: SIGKILL to vextrus dev (pid %d) and PostgreSQL (postmaster %d) after %v under load\n",
			i, r.cfg.kills, r.dev.cmd.Process.Pid, pg, time.Since(began).Round(time.Millisecond))
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := r.start(ctx, fmt.Sprintf("restart %d/%d", i, r.cfg.kills)); err != nil {
			return nil, err
		}
		r.work.Reconnect(r.dev.url)
	}
	r.underLoad(ctx, r.cfg.final, nil)
	fmt.Fprintln(r.out, "load stopped; waiting for the system to settle...")
	began := time.Now()
	qctx, cancel := context.WithTimeout(ctx, r.cfg.quiesceTimeout)
	qerr := mixed.Quiesce(qctx, r.dev.dbURL)
	cancel()
	if qerr != nil {
		// Verify still runs: what it finds says why the system did not settle.
		fmt.Fprintln(r.out, "not settled:", qerr)
	} else {
		fmt.Fprintf(r.out, "settled in %v\n", time.Since(began).Round(time.Millisecond))
	}
	report, err := mixed.Verify(ctx, r.client, r.dev.url, r.dev.dbURL, r.work.Acked())
	if err != nil {
		return nil, err
	}
	if qerr != nil {
		return report, errors.Join(qerr, report.Err())
	}
	return report, nil
}

// start starts dev on the run's data directory and reports how long it
// took to be ready.
func (r *crashRun) start(ctx context.Context, what string) error {
	fmt.Fprintf(r.out, "%s...\n", what)
	began := time.Now()
	fmt.Fprintf(r.log, "\n==== %s at %s ====\n", what, began.UTC().Format(time.RFC3339))
	dev, err := startDev(ctx, r.client, r.bin, r.dir, r.log, r.cfg.startTimeout)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	r.dev = dev
	fmt.Fprintf(r.out, "ready in %v at %s\n", time.Since(began).Round(time.Millisecond), dev.url)
	return nil
}

// underLoad runs the workload for d, then calls stop (the kill) while the
// load is still running, then ends the load: the users' requests in
// flight at the kill fail, as a user's would.
func (r *crashRun) underLoad(ctx context.Context, d time.Duration, stop func()) {
	lctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() {
		// The window is longer than d: the load is still on when the kill
		// comes; the cancel ends it.
		_, _ = load.Run(lctx, r.work, load.Config{Users: r.cfg.users, Duration: d + time.Hour, Think: r.cfg.think})
	})
	select {
	case <-time.After(d):
	case <-ctx.Done():
	}
	if stop != nil {
		stop()
	}
	cancel()
	wg.Wait()
}

// printOps prints the workload's per-operation figures over the whole run.
func (r *crashRun) printOps(w io.Writer) {
	if r.work == nil {
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "operation\tcount\terrors\tp50\tp95\tp99\t")
	for _, op := range r.work.Ops() {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%v\t%v\t%v\t\n", op.Name, op.Count, op.Errors, op.P50, op.P95, op.P99)
	}
	tw.Flush()
}
