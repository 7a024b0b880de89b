package tenantsettings_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/tenant"
	"github.com/vextrus/vextrus/internal/platform/tenantsettings"
	"github.com/vextrus/vextrus/internal/platform/testwait"
)

// source is the settings service as the client sees it: a version per
// tenant that tests move on, loads counted, and an optional gate that
// holds loads until released.
type source struct {
	mu       sync.Mutex
	versions map[tenant.ID]int64
	zones    map[tenant.ID]string
	loads    atomic.Int64
	gate     chan struct{}
	entered  chan struct{}
	fail     error
}

func newSource() *source {
	return &source{versions: map[tenant.ID]int64{}, zones: map[tenant.ID]string{}}
}

func (s *source) Snapshot(_ context.Context, t tenant.ID) (*tenantsettings.Snapshot, error) {
	s.loads.Add(1)
	s.mu.Lock()
	v, zone, gate, entered, fail := s.versions[t], s.zones[t], s.gate, s.entered, s.fail
	s.mu.Unlock()
	if entered != nil {
		entered <- struct{}{}
	}
	if gate != nil {
		<-gate
	}
	if fail != nil {
		return nil, fail
	}
	st := tenantsettings.Default("T")
	if zone != "" {
		st.Timezone = zone
	}
	return &tenantsettings.Snapshot{Version: v, Settings: st}, nil
}

func (s *source) set(t tenant.ID, version int64, zone string) {
	s.mu.Lock()
	s.versions[t], s.zones[t] = version, zone
	s.mu.Unlock()
}

func newClient(tb testing.TB, src tenantsettings.Source, o tenantsettings.ClientOptions) *tenantsettings.Client {
	tb.Helper()
	cat, err := tenantsettings.NewCatalog(tenantsettings.FlagDef{Key: "notify.sms", Default: true})
	if err != nil {
		tb.Fatal(err)
	}
	return tenantsettings.NewClient(src, cat, o)
}

func version(tb testing.TB, c *tenantsettings.Client, t tenant.ID) int64 {
	tb.Helper()
	snap, err := c.Snapshot(context.Background(), t)
	if err != nil {
		tb.Fatal(err)
	}
	return snap.Version
}

func TestTheClientAsksOnceAndAgainOnlyAfterTheTenantsChangeEvent(t *testing.T) {
	src := newSource()
	c := newClient(t, src, tenantsettings.ClientOptions{})
	a, b := tenant.New(), tenant.New()
	src.set(a, 1, "UTC")
	for range 100 {
		version(t, c, a)
	}
	if n := src.loads.Load(); n != 1 {
		t.Fatalf("100 reads made %d loads", n)
	}
	src.set(a, 2, "UTC")
	version(t, c, b)
	c.HandleEvent(context.Background(), events.Event{Type: tenantsettings.EventChanged, Tenant: b})
	if v := version(t, c, a); v != 1 {
		t.Fatalf("another tenant's event dropped A's copy: version %d", v)
	}
	c.HandleEvent(context.Background(), events.Event{Type: "vextrus.rules.ruleset.published.v1", Tenant: a})
	if v := version(t, c, a); v != 1 {
		t.Fatal("an unrelated event dropped the copy")
	}
	c.HandleEvent(context.Background(), events.Event{Type: tenantsettings.EventFlagChanged, Tenant: a})
	if v := version(t, c, a); v != 2 {
		t.Fatalf("after A's change event: version %d, want 2", v)
	}
	if loc, _ := c.Location(context.Background(), a); loc.String() != "UTC" {
		t.Fatalf("location %v", loc)
	}
}

func TestALoadThatRacedAChangeIsNotKept(t *testing.T) {
	src := newSource()
	c := newClient(t, src, tenantsettings.ClientOptions{})
	a := tenant.New()
	src.set(a, 1, "")
	gate, entered := make(chan struct{}), make(chan struct{}, 1)
	src.gate, src.entered = gate, entered
	got := make(chan int64)
	go func() { got <- version(t, c, a) }()
	<-entered // the load read version 1 and is on its way back
	src.mu.Lock()
	src.gate, src.entered = nil, nil
	src.mu.Unlock()
	src.set(a, 2, "")
	c.Drop(a) // the change event overtakes the slow load
	close(gate)
	if v := <-got; v != 1 {
		t.Fatalf("the raced read answered version %d", v)
	}
	if v := version(t, c, a); v != 2 {
		t.Fatalf("after the race the cache holds version %d: the old load was kept", v)
	}
}

func TestConcurrentMissesShareOneLoad(t *testing.T) {
	src := newSource()
	src.gate, src.entered = make(chan struct{}), make(chan struct{}, 64)
	c := newClient(t, src, tenantsettings.ClientOptions{})
	a := tenant.New()
	var wg sync.WaitGroup
	var started atomic.Int64
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			started.Add(1)
			version(t, c, a)
		}()
	}
	testwait.For(t, 10*time.Second, "every reader waiting on the load", func() bool { return started.Load() == 50 && len(src.entered) >= 1 })
	close(src.gate)
	wg.Wait()
	if n := src.loads.Load(); n > 3 {
		// One load, or another for goroutines that missed the cache just
		// before the first was stored: never one per caller.
		t.Fatalf("50 concurrent misses made %d loads", n)
	}
}

// An expired copy is answered at once, without waiting for its load (a
// caller in a transaction holds a pooled connection the load may need),
// and refreshed behind the caller; with the service down it is kept. A
// dropped copy is never answered.
func TestAnExpiredCopyIsAnsweredAtOnceAndRefreshedBehind(t *testing.T) {
	var now atomic.Int64
	now.Store(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).UnixNano())
	src := newSource()
	c := newClient(t, src, tenantsettings.ClientOptions{MaxAge: time.Minute, Now: func() time.Time { return time.Unix(0, now.Load()) }})
	a := tenant.New()
	src.set(a, 1, "")
	version(t, c, a)

	gate := make(chan struct{})
	src.mu.Lock()
	src.gate = gate
	src.mu.Unlock()
	src.set(a, 2, "")
	now.Add(int64(2 * time.Minute))
	answered := make(chan int64, 1)
	go func() { answered <- version(t, c, a) }()
	select {
	case v := <-answered:
		if v != 1 {
			t.Fatalf("the expired copy is version 1, answered %d", v)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("a read of an expired copy waited for its load")
	}
	close(gate)
	testwait.For(t, 10*time.Second, "the refreshed copy", func() bool { return version(t, c, a) == 2 })
	if n := src.loads.Load(); n != 2 {
		t.Errorf("%d loads, want the first and one refresh", n)
	}

	src.mu.Lock()
	src.gate, src.fail = nil, errs.E(errs.Unavailable, "settings is down")
	src.mu.Unlock()
	now.Add(int64(2 * time.Minute))
	for range 3 {
		if v := version(t, c, a); v != 2 {
			t.Fatalf("with the service down the expired copy was not kept: version %d", v)
		}
	}
	c.Drop(a)
	if _, err := c.Snapshot(context.Background(), a); errs.CodeOf(err) != errs.Unavailable {
		t.Fatalf("a dropped copy must not be served: %v", err)
	}
}

func TestAnUnknownFlagIsRefusedNamingIt(t *testing.T) {
	c := newClient(t, newSource(), tenantsettings.ClientOptions{})
	_, err := c.Enabled(context.Background(), tenant.New(), "u1", "no.such-flag")
	if e := errs.As(err); e.Code != errs.InvalidArgument || e.Fields[0].Field != "flag" {
		t.Fatalf("got %v", err)
	}
	on, err := c.Enabled(context.Background(), tenant.New(), "u1", "notify.sms")
	if err != nil || !on {
		t.Fatalf("default-on flag: %v %v", on, err)
	}
}

// BenchmarkCachedRead is a read of a tenant's settings from the cache,
// the path every request takes (target ≤ 1 µs).
func BenchmarkCachedRead(b *testing.B) {
	src := newSource()
	c := newClient(b, src, tenantsettings.ClientOptions{})
	ts := make([]tenant.ID, 64)
	for i := range ts {
		ts[i] = tenant.New()
		version(b, c, ts[i])
	}
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			if _, err := c.Settings(ctx, ts[i%len(ts)]); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
}
