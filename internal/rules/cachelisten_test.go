package rules_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"

	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/kafkax"
	"github.com/vextrus/vextrus/internal/platform/kafkax/kafkatest"
	"github.com/vextrus/vextrus/internal/platform/lifecycle"
	"github.com/vextrus/vextrus/internal/platform/testwait"
	"github.com/vextrus/vextrus/internal/rules"
)

// start starts parts and returns what stops them.
func start(tb testing.TB, parts ...lifecycle.Service) (stop func()) {
	tb.Helper()
	for _, p := range parts {
		if err := p.Start(context.Background()); err != nil {
			tb.Fatalf("start %s: %v", p.Name(), err)
		}
	}
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		for _, p := range slices.Backward(parts) {
			if err := p.Stop(ctx); err != nil {
				tb.Errorf("stop %s: %v", p.Name(), err)
			}
		}
	}
}

// process starts svc's consumers, as a process running the rules module
// does.
func process(tb testing.TB, f *fixture, svc *rules.Service, kafka kafkax.Config) (stop func()) {
	tb.Helper()
	parts, err := svc.Consumers(f.db.App, kafka)
	if err != nil {
		tb.Fatal(err)
	}
	return start(tb, parts...)
}

func TestRestartedCachesJoinNoNewGroupAndStillDropStalePrograms(t *testing.T) {
	f := newFixture(t)
	broker := kafkatest.New(t)
	kafka := broker.Config()
	tid := f.seeded(t)
	outbox, err := events.NewOutbox("rules")
	if err != nil {
		t.Fatal(err)
	}
	cl := kafkatest.Client(t, broker)
	// The seeding group joins once auth's topic exists.
	if _, err := kadm.NewClient(cl).CreateTopic(context.Background(), 1, 1, nil, events.Topic("auth")); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(start(t, events.NewRelay(events.RelayConfig{}, events.RelayDeps{Outbox: outbox, Pool: f.db.App,
		ListenDSN: f.db.AppURL, Kafka: cl, Topics: kafka})))

	a, b := f.service(t), f.service(t)
	stopA := process(t, f, a, kafka)
	t.Cleanup(process(t, f, b, kafka))
	groups := func() []string {
		listed, err := kadm.NewClient(cl).ListGroups(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return listed.Groups()
	}
	testwait.For(t, 20*time.Second, "the tenant seeding group to join", func() bool { return len(groups()) > 0 })

	furniture := `{"supplyType":"local","category":"furniture"}`
	publish := func(rate, from string, version int) {
		t.Helper()
		v := newVATVersion(t, f, tid, rate, from)
		if _, err := f.svc.Publish(admin(tid), "vat.rate", v.Number, 0); err != nil {
			t.Fatal(err)
		}
		for name, svc := range map[string]*rules.Service{"a": a, "b": b} {
			testwait.For(t, 20*time.Second, "process "+name+" to drop its cached programs", func() bool {
				return mustEval(t, svc, admin(tid), "vat.rate", furniture, "2026-08-01").Version == version
			})
		}
	}
	for _, svc := range []*rules.Service{a, b} { // both cache version 1
		if got := mustEval(t, svc, admin(tid), "vat.rate", furniture, "2026-08-01"); got.Version != 1 {
			t.Fatalf("before = v%d", got.Version)
		}
	}
	publish("16", "2026-07-01", 2)

	// A restarts its consumers twice.
	stopA()
	stopA = process(t, f, a, kafka)
	stopA()
	t.Cleanup(process(t, f, a, kafka))
	publish("17", "2026-07-15", 3)
	if got := groups(); !slices.Equal(got, []string{"rules"}) {
		t.Fatalf("consumer groups after three starts of two processes: %v, want only the seeding group", got)
	}
}
