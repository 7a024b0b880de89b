package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"time"

	"github.com/vextrus/vextrus/internal/app"
	"github.com/vextrus/vextrus/internal/topology"
)

// outageOptions shape one outage run.
type outageOptions struct {
	engines []topology.Engine
	// down is how long each engine stays stopped.
	down map[topology.Engine]time.Duration
	// users drive the mixed workload through the run; 0 runs the probes
	// alone.
	users int
	// failFast bounds how long a request that needs the missing engine
	// may take to be refused: well under the gateway's 10 s timeout.
	failFast time.Duration
	// recovery bounds how long after an engine is back every probe must
	// succeed again.
	recovery time.Duration
}

// outageCommand is `go run ./bench outage`: every public target as its
// own `vextrus serve` process on shared engines (internal/topology), the
// mixed workload running, and each engine in turn stopped and started
// again on its address and data. While an engine is down, requests that
// need it must be refused fast with 503 (GraphQL: UNAVAILABLE) and a
// Retry-After, and the rest must work; once it is back every request
// must work again without restarting a process; at the end nothing the
// system acknowledged is lost or doubled.
func outageCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("outage", flag.ContinueOnError)
	fs.SetOutput(stderr)
	engine := fs.String("engine", "all", "engine to take away: postgres, kafka, temporal or all (each in turn)")
	short := fs.Bool("short", false, "shorter outages and lighter load, for CI (PostgreSQL 5 s, Kafka and Temporal 10 s)")
	users := fs.Int("users", 50, "virtual users of the mixed workload during the run")
	if err := fs.Parse(args); err != nil {
		return err
	}
	o := outageOptions{users: *users, failFast: 2 * time.Second, recovery: 90 * time.Second,
		down: map[topology.Engine]time.Duration{topology.Postgres: 10 * time.Second, topology.Kafka: 30 * time.Second,
			topology.Temporal: 30 * time.Second}}
	if *short {
		o.down = map[topology.Engine]time.Duration{topology.Postgres: 5 * time.Second, topology.Kafka: 10 * time.Second,
			topology.Temporal: 10 * time.Second}
		if !flagSet(fs, "users") {
			o.users = 10
		}
	}
	if *engine == "all" {
		o.engines = topology.Engines()
	} else {
		e, err := topology.ParseEngine(*engine)
		if err != nil {
			return err
		}
		o.engines = []topology.Engine{e}
	}
	return runOutage(ctx, o, stdout, stderr)
}

func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

func runOutage(ctx context.Context, o outageOptions, stdout, stderr io.Writer) (err error) {
	dir, err := os.MkdirTemp("", "vextrus-outage-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	bin, err := splitBinary(ctx, dir)
	if err != nil {
		return err
	}
	fmt.Fprintln(stderr, "starting every target as its own process on shared engines...")
	top, err := topology.Start(ctx, topology.Options{Binary: bin, Dir: dir, ReadyTimeout: 3 * time.Minute, Env: splitLimits})
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			for _, p := range top.Processes() {
				fmt.Fprintf(stderr, "--- log of %s ends:\n%s\n", p.Name, p.Log())
			}
		}
		err = errors.Join(err, top.Stop())
	}()
	client := &http.Client{Timeout: 30 * time.Second}
	p, err := outageProber(ctx, top, client)
	if err != nil {
		return err
	}
	load, err := startOutageLoad(ctx, client, top, o.users, stderr)
	if err != nil {
		return err
	}
	defer load.stop()
	var failures []error
	for _, e := range o.engines {
		r, err := outage(ctx, top, p, e, o, stderr)
		if err != nil {
			return err
		}
		r.print(stdout)
		failures = append(failures, r.failures...)
	}
	acked, err := load.finish(stdout)
	if err != nil {
		failures = append(failures, err)
	}
	if err := settleAndVerify(ctx, client, top, acked, stdout); err != nil {
		failures = append(failures, err)
	}
	if err := p.verify(ctx); err != nil {
		failures = append(failures, err)
	}
	if len(failures) > 0 {
		return fmt.Errorf("outage run failed:\n%w", errors.Join(failures...))
	}
	fmt.Fprintln(stdout, "outage run passed")
	return nil
}

// outageProber creates the probes' tenant as a platform administrator
// would and signs its owner in.
func outageProber(ctx context.Context, top *topology.Topology, client *http.Client) (*prober, error) {
	if err := top.CreateTenant(ctx, app.DevTenant, "Demo Trading Ltd", app.DevAdmin, splitOwnerPassword); err != nil {
		return nil, err
	}
	api := &apiClient{client: client, base: top.GatewayURL()}
	var out struct {
		AccessToken string `json:"accessToken"`
	}
	login := fmt.Sprintf(`{"tenant":%q,"email":%q,"password":%q}`, app.DevTenant, app.DevAdmin, splitOwnerPassword)
	if err := api.call(ctx, http.MethodPost, "/api/v1/auth/login", login, &out); err != nil {
		return nil, fmt.Errorf("login: %w", err)
	}
	p := &prober{client: client, base: top.GatewayURL(), token: out.AccessToken}
	return p, p.setup(ctx)
}

// outage takes engine e away for its duration while the probes run, then
// brings it back and waits until every probe succeeds again.
func outage(ctx context.Context, top *topology.Topology, p *prober, e topology.Engine, o outageOptions, log io.Writer) (*outageReport, error) {
	r := &outageReport{engine: e, down: o.down[e]}
	probes := outageProbes()
	if _, err := p.untilAllSucceed(ctx, probes, o.recovery); err != nil {
		return nil, fmt.Errorf("before stopping %s: %w", e, err)
	}
	fmt.Fprintf(log, "stopping %s for %v...\n", e, o.down[e])
	if err := top.StopEngine(e); err != nil {
		return nil, err
	}
	until := time.Now().Add(o.down[e])
	for time.Now().Before(until) && ctx.Err() == nil {
		for _, pr := range probes {
			a := pr.do(p, ctx)
			r.record(pr, a, slices.Contains(pr.needs, e), o.failFast)
			if a.ok() && a.id != "" {
				p.acked = append(p.acked, ackedProbe{probe: pr.name, id: a.id})
			}
		}
	}
	fmt.Fprintf(log, "starting %s again...\n", e)
	back := time.Now()
	if err := top.StartEngine(ctx, e); err != nil {
		return nil, err
	}
	r.restart = time.Since(back)
	recovered, err := p.untilAllSucceed(ctx, probes, o.recovery)
	r.recovered = time.Since(back)
	if err != nil {
		r.failures = append(r.failures, fmt.Errorf("%s: not recovered %v after it came back: %w", e, o.recovery, err))
	}
	p.acked = append(p.acked, recovered...)
	r.check()
	return r, ctx.Err()
}

// untilAllSucceed runs every probe until each has succeeded once in a
// row of rounds, or limit passes, and returns what they created.
func (p *prober) untilAllSucceed(ctx context.Context, probes []probe, limit time.Duration) ([]ackedProbe, error) {
	deadline := time.Now().Add(limit)
	var created []ackedProbe
	for {
		var last error
		for _, pr := range probes {
			a := pr.do(p, ctx)
			if a.ok() && a.id != "" {
				created = append(created, ackedProbe{probe: pr.name, id: a.id})
			}
			if !a.ok() && last == nil {
				last = fmt.Errorf("%s: %v", pr.name, a)
			}
		}
		if last == nil {
			return created, nil
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return created, last
		}
		select {
		case <-ctx.Done():
		case <-time.After(250 * time.Millisecond):
		}
	}
}
