// Package reload applies a process's configuration again while it runs.
// A reload reads the configuration exactly as start-up does (defaults,
// file, environment, secret references, validation of everything at
// once); an invalid one is refused and the running one kept. A valid one
// has its live settings (tagged `reload:"live"`, see package config)
// applied through the callbacks each module registered with OnChange, and
// every other setting that changed is reported, by name, as waiting for a
// restart, and left as it runs.
//
// Watcher makes a process reload on SIGHUP and when its file changes.
package reload

import (
	"context"
	"errors"
	"log/slog"
	"sync"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/vextrus/vextrus/internal/platform/config"
)

// Results of a reload, the result label of vextrus_config_reloads_total.
const (
	// Applied: at least one live setting changed and is in effect.
	Applied = "applied"
	// Unchanged: the configuration was valid and no live setting changed
	// (settings waiting for a restart may have).
	Unchanged = "unchanged"
	// Invalid: the configuration was refused; the running one is kept.
	Invalid = "invalid"
)

// Outcome is what one reload did.
type Outcome struct {
	Result string
	// Applied are the live settings that changed, now in effect.
	Applied []config.Change
	// Pending are the settings whose configured value differs from the
	// running one and take a restart.
	Pending []config.Change
}

// Reloader holds the configuration a process runs with and applies new
// ones to it. Safe for concurrent use; reloads run one at a time.
type Reloader[T any] struct {
	load   func(context.Context) (T, error)
	logger *slog.Logger

	mu      sync.Mutex
	current T
	hooks   []func(old, new *T)

	reloads *prometheus.CounterVec
	pending prometheus.Gauge
}

// Options configure a Reloader.
type Options struct {
	// Logger receives what each reload did; nil discards it.
	Logger *slog.Logger
	// Metrics receives vextrus_config_reloads_total{result} and
	// vextrus_config_restart_pending; nil registers neither.
	Metrics prometheus.Registerer
}

// New returns a reloader of current, the configuration as the process
// loaded it at start, which reads the configuration again with load.
func New[T any](current T, load func(context.Context) (T, error), o Options) *Reloader[T] {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	r := &Reloader[T]{load: load, logger: o.Logger, current: current,
		reloads: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "vextrus_config_reloads_total",
			Help: "Configuration reloads by result: applied, unchanged or invalid."}, []string{"result"}),
		pending: prometheus.NewGauge(prometheus.GaugeOpts{Name: "vextrus_config_restart_pending",
			Help: "Settings whose configured value differs from the running one and take a restart."}),
	}
	for _, res := range []string{Applied, Unchanged, Invalid} {
		r.reloads.WithLabelValues(res)
	}
	if o.Metrics != nil {
		o.Metrics.MustRegister(r.reloads, r.pending)
	}
	return r
}

// OnChange registers fn, called after a reload changed a live setting
// with the configuration before and after it; fn applies what it owns
// (a section, a key) to the running parts, and must not reload. Callbacks
// run one at a time in the order they were registered.
func (r *Reloader[T]) OnChange(fn func(old, new *T)) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.hooks = append(r.hooks, fn)
}

// Current returns the configuration the process runs with: as it started,
// with the live settings of every reload since. Maps it holds are shared:
// read them, never write.
func (r *Reloader[T]) Current() T {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.current
}

// Reload reads the configuration and applies its live settings. An
// invalid configuration (a read, parse, secret or validation problem) is
// returned as the loader's error, every problem in it, and the running
// configuration is kept.
func (r *Reloader[T]) Reload(ctx context.Context) (Outcome, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	loaded, err := r.load(ctx)
	if err != nil {
		r.reloads.WithLabelValues(Invalid).Inc()
		r.logRefused(err)
		return Outcome{Result: Invalid}, err
	}
	next := r.current
	changes, err := config.ApplyLive(&next, &loaded)
	if err != nil {
		return Outcome{}, err
	}
	out := Outcome{Result: Unchanged}
	for _, c := range changes {
		if c.Live {
			out.Applied = append(out.Applied, c)
		} else {
			out.Pending = append(out.Pending, c)
		}
	}
	if len(out.Applied) > 0 {
		out.Result = Applied
		old := r.current
		r.current = next
		for _, fn := range r.hooks {
			fn(&old, &next)
		}
	}
	r.reloads.WithLabelValues(out.Result).Inc()
	r.pending.Set(float64(len(out.Pending)))
	r.logOutcome(out)
	return out, nil
}

// logRefused names every problem of a refused configuration.
func (r *Reloader[T]) logRefused(err error) {
	var ps config.Problems
	if !errors.As(err, &ps) {
		r.logger.Error("configuration reload refused; the running configuration is kept", "error", err)
		return
	}
	keys := make([]string, len(ps))
	for i, p := range ps {
		keys[i] = p.Key
	}
	r.logger.Error("configuration reload refused; the running configuration is kept", "keys", keys, "error", err)
}

// logOutcome logs each change: values as config print shows them, so a
// secret's never appear.
func (r *Reloader[T]) logOutcome(out Outcome) {
	for _, c := range out.Applied {
		r.logger.Info("setting reloaded", "key", c.Key, "env", c.Env(), "old", c.Old, "new", c.New)
	}
	for _, c := range out.Pending {
		r.logger.Warn("setting changed; it takes effect at the next restart", "key", c.Key, "env", c.Env(), "running", c.Old, "configured", c.New)
	}
	r.logger.Info("configuration reloaded", "result", out.Result, "applied", len(out.Applied), "restartPending", len(out.Pending))
}
