// Package modules is a small module manager in the style of Grafana Loki's
// -target: named modules, an init function each, a dependency map. Running a
// target initialises its modules and their dependencies in dependency order,
// starts the services they return in that order, and stops them in reverse.
// If one service fails, the others are stopped and Run returns that error.
package modules

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"reflect"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/vextrus/vextrus/internal/platform/lifecycle"
)

// InitFunc builds a module. It may return a nil service when the module only
// wires things for others (a registry, a client).
type InitFunc func(ctx context.Context) (lifecycle.Service, error)

type module struct {
	name    string
	deps    []string
	init    InitFunc
	public  bool
	summary string
}

// Manager knows the modules and their dependencies.
type Manager struct {
	modules map[string]*module
	logger  *slog.Logger
	// StopTimeout bounds the whole shutdown.
	StopTimeout time.Duration
}

// New returns an empty manager.
func New(logger *slog.Logger) *Manager {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Manager{modules: map[string]*module{}, logger: logger, StopTimeout: 30 * time.Second}
}

// Option changes a registration.
type Option func(*module)

// Public marks a module as a target users may name (`--target=`); the
// "all" target runs every public module. Summary describes it in
// --list-targets.
func Public(summary string) Option {
	return func(m *module) { m.public, m.summary = true, summary }
}

// Register adds a module with its dependencies.
func (m *Manager) Register(name string, init InitFunc, deps []string, opts ...Option) {
	mod := &module{name: name, init: init, deps: deps}
	for _, o := range opts {
		o(mod)
	}
	m.modules[name] = mod
}

// Target describes one public module.
type Target struct{ Name, Summary string }

// Targets lists the public modules by name, with "all" first.
func (m *Manager) Targets() []Target {
	out := []Target{{Name: All, Summary: "every target in one process"}}
	for _, mod := range m.modules {
		if mod.public {
			out = append(out, Target{mod.name, mod.summary})
		}
	}
	sort.Slice(out[1:], func(i, j int) bool { return out[i+1].Name < out[j+1].Name })
	return out
}

// All is the target that runs every public module.
const All = "all"

// Order returns every module needed by targets, each after its
// dependencies. Unknown names and cycles are errors.
func (m *Manager) Order(targets []string) ([]string, error) {
	var roots []string
	for _, t := range targets {
		t = strings.TrimSpace(t)
		switch {
		case t == "":
		case t == All:
			// All is every public module, plus a module registered under
			// the name All for what the whole process needs besides.
			for _, tg := range m.Targets()[1:] {
				roots = append(roots, tg.Name)
			}
			if m.modules[All] != nil {
				roots = append(roots, All)
			}
		case m.modules[t] == nil:
			return nil, fmt.Errorf("unknown target %q (see --list-targets)", t)
		default:
			roots = append(roots, t)
		}
	}
	sort.Strings(roots)
	var order []string
	state := map[string]int{} // 1 visiting, 2 done
	var visit func(name string, path []string) error
	visit = func(name string, path []string) error {
		mod := m.modules[name]
		if mod == nil {
			return fmt.Errorf("module %q depends on unknown module %q", path[len(path)-1], name)
		}
		switch state[name] {
		case 2:
			return nil
		case 1:
			return fmt.Errorf("dependency cycle: %s -> %s", strings.Join(path, " -> "), name)
		}
		state[name] = 1
		for _, d := range mod.deps {
			if err := visit(d, append(path, name)); err != nil {
				return err
			}
		}
		state[name] = 2
		order = append(order, name)
		return nil
	}
	for _, r := range roots {
		if err := visit(r, nil); err != nil {
			return nil, err
		}
	}
	return order, nil
}

// Run initialises and starts the modules of targets, waits until ctx ends
// or a service fails, then stops every started service in reverse order.
// It returns the first failure, if any.
func (m *Manager) Run(ctx context.Context, targets []string) error {
	started, err := m.Start(ctx, targets)
	if err != nil {
		return err
	}
	failure := started.Wait(ctx)
	if failure != nil {
		m.logger.Error("module failed, stopping", "err", failure)
	}
	stopErr := started.Stop()
	return errors.Join(failure, stopErr)
}

// Running is a set of started services.
type Running struct {
	m        *Manager
	services []lifecycle.Service
}

// Start initialises and starts every module of targets in dependency order.
// On error, what was started is stopped again.
func (m *Manager) Start(ctx context.Context, targets []string) (*Running, error) {
	order, err := m.Order(targets)
	if err != nil {
		return nil, err
	}
	r := &Running{m: m}
	for _, name := range order {
		mod := m.modules[name]
		begin := time.Now()
		svc, err := mod.init(ctx)
		if err == nil && !isNil(svc) {
			err = svc.Start(ctx)
			if err == nil {
				r.services = append(r.services, svc)
			}
		}
		if err != nil {
			err = fmt.Errorf("module %s: %w", name, err)
			return nil, errors.Join(err, r.Stop())
		}
		m.logger.Debug("module started", "module", name, "took", time.Since(begin).Round(time.Millisecond))
	}
	return r, nil
}

// Wait blocks until ctx ends (nil) or a service fails (its error).
func (r *Running) Wait(ctx context.Context) error {
	cases := []reflect.SelectCase{{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(ctx.Done())}}
	for _, s := range r.services {
		cases = append(cases, reflect.SelectCase{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(s.Failed())})
	}
	i, _, _ := reflect.Select(cases)
	if i == 0 {
		return nil
	}
	return r.services[i-1].Err()
}

// Stop stops every started service in reverse order, each drained within
// the manager's StopTimeout overall.
func (r *Running) Stop() error {
	ctx, cancel := context.WithTimeout(context.Background(), r.m.StopTimeout)
	defer cancel()
	var errs []error
	for _, s := range slices.Backward(r.services) {
		if err := s.Stop(ctx); err != nil {
			errs = append(errs, err)
		}
	}
	r.services = nil
	return errors.Join(errs...)
}

func isNil(s lifecycle.Service) bool {
	if s == nil {
		return true
	}
	v := reflect.ValueOf(s)
	return v.Kind() == reflect.Pointer && v.IsNil()
}
