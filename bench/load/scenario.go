// Package load is the core of the Vextrus benchmark harness: scenarios and
// their targets, virtual users that drive them (think-time, closed-loop and
// open-loop arrival modes), a log-linear latency histogram, and the report
// that sets every scenario beside its baseline.
//
// A scenario is measured first and its baseline second, in the same process
// and with the same load shape; whatever the scenario set up (the system
// started in process, servers) is stopped before the baseline starts, so the
// baseline does not pay for the system's background work.
package load

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
)

// Scenario is one benchmark: what a virtual user does against the system,
// and the baseline it is compared with. Adding a scenario is one value of
// this type in the command's list.
type Scenario struct {
	Name        string
	Description string
	// Setup prepares the system side of the scenario and returns what each
	// virtual user drives. It runs before warm-up and is not measured.
	Setup SetupFunc
	// Baseline prepares the reference the scenario is compared with, driven
	// with the same load shape (for example BareHTTP).
	Baseline SetupFunc
	// Flags, when set, defines the scenario's own flags on the command's
	// flag set (go run ./bench console -customers 100000); their names must
	// not clash with another scenario's.
	Flags func(fs *flag.FlagSet)
}

// SetupFunc prepares a Target. Resources it starts should be handed to
// env.Defer so they stop when the run ends.
type SetupFunc func(ctx context.Context, env *Env) (Target, error)

// Target is what virtual users drive.
type Target interface {
	// Do performs one user action (one HTTP request, say) and returns an
	// error if the action failed; its duration is the measured latency.
	// It is called concurrently for different users, never concurrently
	// for the same user.
	Do(ctx context.Context, vu *VirtualUser) error
}

// UserStarter is implemented by targets that prepare every virtual user
// before the load starts, for example by logging in. It is not measured.
type UserStarter interface {
	StartUser(ctx context.Context, vu *VirtualUser) error
}

// VirtualUser is one simulated user. Its fields belong to the goroutine
// driving it, so a Target may use them without locking.
type VirtualUser struct {
	ID   int
	Rand *rand.Rand
	// State is the target's per-user state, such as a session token.
	State any
}

// SystemFunc starts the system under test and returns its base URL and a
// function that stops it.
type SystemFunc func(ctx context.Context) (url string, stop func() error, err error)

// Env is what a SetupFunc may use: the shared HTTP client, the number of
// users, and the system under test, started on first use. An Env lives for
// one measured run; it is not safe for concurrent use.
type Env struct {
	// Client is shared by all virtual users and tuned so it is not the
	// bottleneck (see NewClient).
	Client *http.Client
	// Users is the number of virtual users that will drive the target.
	Users int

	system  SystemFunc
	url     string
	closers []func() error
}

// NewEnv returns an Env whose system is started by system when a scenario
// first asks for it.
func NewEnv(client *http.Client, users int, system SystemFunc) *Env {
	return &Env{Client: client, Users: users, system: system}
}

// SystemURL returns the base URL of the system under test (no trailing
// slash), starting it on first use.
func (e *Env) SystemURL(ctx context.Context) (string, error) {
	if e.url != "" {
		return e.url, nil
	}
	if e.system == nil {
		return "", errors.New("no system under test")
	}
	url, stop, err := e.system(ctx)
	if err != nil {
		return "", fmt.Errorf("start system: %w", err)
	}
	if stop != nil {
		e.Defer(stop)
	}
	e.url = strings.TrimSuffix(url, "/")
	return e.url, nil
}

// Defer registers fn to run when the Env closes, after those registered
// later.
func (e *Env) Defer(fn func() error) { e.closers = append(e.closers, fn) }

// Close stops what was started for this run, in reverse order.
func (e *Env) Close() error {
	var errs []error
	for i := len(e.closers) - 1; i >= 0; i-- {
		errs = append(errs, e.closers[i]())
	}
	e.closers, e.url = nil, ""
	return errors.Join(errs...)
}
