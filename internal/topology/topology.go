// Package topology runs Vextrus as separate processes, the layout Compose
// and Kubernetes describe: shared engines (PostgreSQL, Temporal, Kafka, an
// S3-compatible object store and an SMTP sink) started in this process on
// loopback TCP ports, the schemas migrated with `vextrus migrate up`, and
// one `vextrus serve --target=...` process per target, each on its own
// ports and configured only through its configuration file and VEXTRUS_*
// variables. Tests and the benchmark use it to prove that what the
// manifests describe works across real network hops.
package topology

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/vextrus/vextrus/internal/app"
)

// Options configure Start.
type Options struct {
	// Binary is the path of a built vextrus binary.
	Binary string
	// Dir is a scratch directory: the engines' data, the processes'
	// configuration and, without Logs, their logs.
	Dir string
	// Targets has one element per process, the targets it serves; nil
	// runs one process per public target.
	Targets [][]string
	// OTLPEndpoint is host:port of an OTLP/HTTP trace receiver; "" exports
	// no traces.
	OTLPEndpoint string
	// Logs receives every process's output, each line prefixed with the
	// process's name; nil writes a file per process under Dir.
	Logs io.Writer
	// Env is added to every process's environment (VEXTRUS_* overrides).
	Env []string
	// ReadyTimeout bounds the wait for every process's /readyz; 0 is two
	// minutes.
	ReadyTimeout time.Duration
}

// Topology is a running split system. Stop it to end every process and
// engine.
type Topology struct {
	opts    Options
	engines *engines
	config  string // the shared configuration file
	procs   []*Process
	byName  map[string]*Process

	// engineMu serialises StopEngine and StartEngine; down holds the
	// engines they stopped.
	engineMu sync.Mutex
	down     map[Engine]bool

	stopOnce sync.Once
	stopErr  error
}

// PublicTargets lists the targets `vextrus serve --list-targets` offers,
// without "all": the processes of the default layout.
func PublicTargets() []string {
	var out []string
	for _, t := range app.New(app.DefaultConfig(), app.Serve, slog.New(slog.DiscardHandler)).Targets() {
		if t.Name != app.All {
			out = append(out, t.Name)
		}
	}
	return out
}

// Start starts the engines, migrates, then starts every process at once
// and returns when each answers ready on /readyz. On error everything
// started is stopped again, and the error carries the log of a process
// that exited or never became ready.
func Start(ctx context.Context, opts Options) (_ *Topology, err error) {
	if opts.Binary == "" || opts.Dir == "" {
		return nil, errors.New("topology: Binary and Dir are required")
	}
	if opts.Targets == nil {
		for _, t := range PublicTargets() {
			opts.Targets = append(opts.Targets, []string{t})
		}
	}
	if opts.ReadyTimeout == 0 {
		opts.ReadyTimeout = 2 * time.Minute
	}
	if err := os.MkdirAll(opts.Dir, 0o755); err != nil {
		return nil, fmt.Errorf("topology: %w", err)
	}
	t := &Topology{opts: opts, byName: map[string]*Process{}, down: map[Engine]bool{}}
	defer func() {
		if err != nil {
			// The error already tells of a process that exited.
			err = errors.Join(err, t.stop(false))
		}
	}()
	if t.engines, err = startEngines(ctx, opts.Dir); err != nil {
		return nil, err
	}
	if err := t.plan(); err != nil {
		return nil, err
	}
	if out, err := t.Run(ctx, "migrate", "up"); err != nil {
		return nil, fmt.Errorf("migrate up: %w\n%s", err, out)
	}
	for _, p := range t.procs {
		if err := p.start(); err != nil {
			return nil, err
		}
	}
	return t, t.waitReady(ctx)
}

// waitReady waits for every process at once.
func (t *Topology) waitReady(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, t.opts.ReadyTimeout)
	defer cancel()
	errc := make(chan error, len(t.procs))
	for _, p := range t.procs {
		go func() { errc <- p.waitReady(ctx) }()
	}
	var errs []error
	for range t.procs {
		if err := <-errc; err != nil {
			errs = append(errs, err)
			cancel() // one failure is enough to give up on the others
		}
	}
	return errors.Join(errs...)
}

// GatewayURL is the public base URL of the process serving the gateway.
func (t *Topology) GatewayURL() string { return t.URL(app.Gateway) }

// URL is the public base URL of the process serving target, "" if none.
func (t *Topology) URL(target string) string {
	if p := t.byName[target]; p != nil {
		return p.URL
	}
	return ""
}

// InternalURL is the internal listener (subgraphs, /metrics, detailed
// /readyz) of the process serving target, "" if none.
func (t *Topology) InternalURL(target string) string {
	if p := t.byName[target]; p != nil {
		return p.InternalURL
	}
	return ""
}

// Processes lists the processes in start order.
func (t *Topology) Processes() []*Process { return append([]*Process(nil), t.procs...) }

// Run runs the binary once with args (a CLI command such as `tenant
// create`) in the processes' configuration and returns its output.
func (t *Topology) Run(ctx context.Context, args ...string) (string, error) {
	return t.RunEnv(ctx, nil, args...)
}

// RunEnv is Run with env added to the environment.
func (t *Topology) RunEnv(ctx context.Context, env []string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	cmd := t.command(ctx, append(env, t.baseEnv()...), args...)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// CreateTenant creates a tenant and its first owner with `vextrus tenant
// create`, as a platform administrator would.
func (t *Topology) CreateTenant(ctx context.Context, slug, name, ownerEmail, ownerPassword string) error {
	out, err := t.RunEnv(ctx, []string{app.OwnerPasswordEnv + "=" + ownerPassword}, "tenant", "create",
		"--slug="+slug, "--name="+name, "--owner-email="+ownerEmail, "--locale=en-BD")
	if err != nil {
		return fmt.Errorf("tenant create %s: %w\n%s", slug, err, strings.TrimSpace(out))
	}
	return nil
}

// Stop stops every process (SIGTERM, then SIGKILL after a grace period),
// then the engines; a process that had exited before is an error. It is
// safe to call more than once.
func (t *Topology) Stop() error { return t.stop(true) }

func (t *Topology) stop(reportExited bool) error {
	t.stopOnce.Do(func() {
		var wg sync.WaitGroup
		errs := make([]error, len(t.procs))
		for i, p := range t.procs {
			wg.Add(1)
			go func() { defer wg.Done(); errs[i] = p.stop(reportExited) }()
		}
		wg.Wait()
		t.engineMu.Lock()
		errs = append(errs, t.engines.stop())
		t.engineMu.Unlock()
		t.stopErr = errors.Join(errs...)
	})
	return t.stopErr
}
