package modules_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vextrus/vextrus/internal/platform/lifecycle"
	"github.com/vextrus/vextrus/internal/platform/modules"
	"github.com/vextrus/vextrus/internal/platform/testwait"
)

// journal records lifecycle events in order.
type journal struct {
	mu     sync.Mutex
	events []string
}

func (j *journal) add(e string) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.events = append(j.events, e)
}

func (j *journal) list() []string {
	j.mu.Lock()
	defer j.mu.Unlock()
	return slices.Clone(j.events)
}

func recording(j *journal, name string, running func(ctx context.Context) error) modules.InitFunc {
	return func(context.Context) (lifecycle.Service, error) {
		j.add("init " + name)
		return lifecycle.New(name, lifecycle.Funcs{
			Starting: func(context.Context) error { j.add("start " + name); return nil },
			Running:  running,
			Stopping: func(context.Context) error { j.add("stop " + name); return nil },
		}), nil
	}
}

func newManager(j *journal, failing string, fail chan struct{}) *modules.Manager {
	m := modules.New(nil)
	run := func(name string) func(ctx context.Context) error {
		return func(ctx context.Context) error {
			if name == failing {
				select {
				case <-fail:
					return errors.New("disk on fire")
				case <-ctx.Done():
					return nil
				}
			}
			<-ctx.Done()
			return nil
		}
	}
	m.Register("db", recording(j, "db", run("db")), nil)
	m.Register("server", recording(j, "server", run("server")), nil)
	m.Register("auth", recording(j, "auth", run("auth")), []string{"db", "server"}, modules.Public("identity"))
	m.Register("orders", recording(j, "orders", run("orders")), []string{"auth", "db"}, modules.Public("orders"))
	return m
}

func TestRunStartsInDependencyOrderAndStopsInReverse(t *testing.T) {
	j := &journal{}
	m := newManager(j, "", nil)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- m.Run(ctx, []string{"orders"}) }()
	testwait.For(t, 5*time.Second, "orders to start", func() bool { return slices.Contains(j.list(), "start orders") })
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Run: %v", err)
	}
	want := []string{
		"init db", "start db", "init server", "start server", "init auth", "start auth",
		"init orders", "start orders",
		"stop orders", "stop auth", "stop server", "stop db",
	}
	if got := j.list(); !slices.Equal(got, want) {
		t.Fatalf("events:\n got %v\nwant %v", got, want)
	}
}

func TestOneFailingModuleStopsTheProcessWithItsError(t *testing.T) {
	j := &journal{}
	fail := make(chan struct{})
	m := newManager(j, "server", fail)
	done := make(chan error)
	go func() { done <- m.Run(context.Background(), []string{modules.All}) }()
	testwait.For(t, 5*time.Second, "orders to start", func() bool { return slices.Contains(j.list(), "start orders") })
	close(fail)
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "disk on fire") || !strings.Contains(err.Error(), "server") {
			t.Fatalf("Run error = %v, want the server's failure", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after a module failed")
	}
	for _, name := range []string{"orders", "auth", "db"} {
		if !slices.Contains(j.list(), "stop "+name) {
			t.Errorf("%s was not stopped after the failure", name)
		}
	}
}

func TestFailedStartStopsWhatAlreadyStarted(t *testing.T) {
	j := &journal{}
	m := modules.New(nil)
	m.Register("db", recording(j, "db", nil), nil)
	m.Register("broken", func(context.Context) (lifecycle.Service, error) {
		return nil, errors.New("bad config")
	}, []string{"db"}, modules.Public("breaks"))
	_, err := m.Start(context.Background(), []string{"broken"})
	if err == nil || !strings.Contains(err.Error(), "module broken: bad config") {
		t.Fatalf("Start error = %v", err)
	}
	if got := j.list(); !slices.Equal(got, []string{"init db", "start db", "stop db"}) {
		t.Fatalf("events = %v", got)
	}
}

func TestOrderRefusesUnknownTargetsAndCycles(t *testing.T) {
	m := modules.New(nil)
	m.Register("a", nil, []string{"b"}, modules.Public("a"))
	m.Register("b", nil, []string{"a"})
	if _, err := m.Order([]string{"nope"}); err == nil || !strings.Contains(err.Error(), `unknown target "nope"`) {
		t.Errorf("unknown target: %v", err)
	}
	if _, err := m.Order([]string{"a"}); err == nil || !strings.Contains(err.Error(), "cycle") {
		t.Errorf("cycle: %v", err)
	}
}

func TestTargetsListsPublicModules(t *testing.T) {
	m := newManager(&journal{}, "", nil)
	var names []string
	for _, tg := range m.Targets() {
		names = append(names, tg.Name)
	}
	if !slices.Equal(names, []string{"all", "auth", "orders"}) {
		t.Fatalf("targets = %v", names)
	}
}
