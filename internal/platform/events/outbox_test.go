package events_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
	"go.opentelemetry.io/otel/trace"

	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/db/dbtest"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/requestid"
)

func TestAppendRefusesBadEventsAndRollsBack(t *testing.T) {
	t.Parallel()
	e := newEnv(t, newBroker(t))
	ctx, _ := tenantCtx()
	cases := []struct {
		name  string
		draft events.Draft
		field string
	}{
		{"payload failing its schema", events.Draft{Type: orderPlaced, Subject: "o1", Data: map[string]any{"total": -5, "n": 1}}, "data.total"},
		{"payload missing a field", events.Draft{Type: orderPlaced, Subject: "o1", Data: map[string]any{"n": 1}}, "data.total"},
		{"unknown type", events.Draft{Type: "vextrus.shop.order.vanished.v1", Subject: "o1", Data: map[string]any{}}, "type"},
		{"another service's type", events.Draft{Type: "vextrus.auth.user.created.v1", Subject: "o1", Data: map[string]any{}}, "type"},
		{"no subject", events.Draft{Type: orderPlaced, Data: placed{Total: 1}}, "subject"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := e.db.App.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
				if _, err := tx.Exec(ctx, "insert into shop.orders values ($1, 'o1', 1)", tx.Tenant().UUID()); err != nil {
					return err
				}
				return e.outbox.Append(ctx, tx, c.draft)
			})
			if !errs.Is(err, errs.InvalidArgument) {
				t.Fatalf("Append: %v, want INVALID_ARGUMENT", err)
			}
			if f := errs.As(err).Fields; len(f) == 0 || f[0].Field != c.field {
				t.Errorf("fields %+v, want %s first", f, c.field)
			}
		})
	}
	if n, err := count(e, "select count(*) from shop.orders")(); err != nil || n != 0 {
		t.Errorf("orders after refused appends: %d (%v), want 0: the business change must roll back", n, err)
	}
	if n, err := count(e, "select count(*) from shop.outbox")(); err != nil || n != 0 {
		t.Errorf("outbox rows: %d (%v), want 0", n, err)
	}
}

func TestAppendNeedsATenantTransaction(t *testing.T) {
	t.Parallel()
	e := newEnv(t, newBroker(t))
	err := e.db.App.InTx(context.Background(), func(ctx context.Context, tx *db.Tx) error {
		return e.outbox.Append(ctx, tx, events.Draft{Type: orderPlaced, Subject: "o", Data: placed{}})
	})
	if !errs.Is(err, errs.FailedPrecondition) {
		t.Errorf("Append outside a tenant: %v, want FAILED_PRECONDITION", err)
	}
}

func TestOutboxIsTenantIsolated(t *testing.T) {
	t.Parallel()
	e := newEnv(t, newBroker(t))
	dbtest.AssertRLS(t, e.db.Admin, "shop", "platform")
	a, _ := tenantCtx()
	b, _ := tenantCtx()
	if err := e.place(a, "order-a", placed{Total: 1, N: 1}); err != nil {
		t.Fatal(err)
	}
	var seen int
	err := e.db.App.InTenantTx(b, func(ctx context.Context, tx *db.Tx) error {
		return tx.QueryRow(ctx, "select count(*) from shop.outbox").Scan(&seen)
	})
	if err != nil || seen != 0 {
		t.Errorf("tenant B sees %d of A's outbox rows (%v), want 0", seen, err)
	}
	// The app role may run the relay's claim, but only SECURITY DEFINER
	// functions see across tenants; a plain select outside a tenant sees
	// nothing.
	err = e.db.App.InTx(context.Background(), func(ctx context.Context, tx *db.Tx) error {
		return tx.QueryRow(ctx, "select count(*) from shop.outbox").Scan(&seen)
	})
	if err != nil || seen != 0 {
		t.Errorf("no-tenant transaction sees %d outbox rows (%v), want 0", seen, err)
	}
}

func TestAppendTakesEnvelopeFromContext(t *testing.T) {
	t.Parallel()
	broker := newBroker(t)
	e := newEnv(t, broker)
	ctx, tid := tenantCtx()
	ctx = authz.With(ctx, &authz.Principal{UserID: "user-7", Tenant: tid})
	ctx = requestid.With(ctx, "req-42")
	sc := trace.NewSpanContext(trace.SpanContextConfig{TraceID: trace.TraceID{1, 2, 3}, SpanID: trace.SpanID{4, 5}, TraceFlags: trace.FlagsSampled})
	ctx = trace.ContextWithSpanContext(ctx, sc)
	if err := e.place(ctx, "order-1", placed{Total: 1250, N: 1}); err != nil {
		t.Fatal(err)
	}
	e.relay(t, events.RelayConfig{}, nil)
	recs := readAll(t, e.kafka, "vextrus.shop.events", func(r []*kgo.Record) bool { return len(r) >= 1 })
	ev, err := events.Decode(recs[0])
	if err != nil {
		t.Fatal(err)
	}
	if ev.Tenant != tid || ev.Actor != "user-7" || ev.RequestID != "req-42" || ev.Source != "shop" || ev.Subject != "order-1" {
		t.Errorf("envelope %+v: want tenant, actor, request id, source and subject of the append", ev)
	}
	if want := "00-" + sc.TraceID().String() + "-" + sc.SpanID().String() + "-01"; ev.TraceParent != want {
		t.Errorf("traceparent %q, want %q", ev.TraceParent, want)
	}
	if err := e.schemas.Validate("", ev.Type, ev.Data); err != nil {
		t.Errorf("published payload fails its schema: %v", err)
	}
	got := events.Context(context.Background(), ev)
	if requestid.From(got) != "req-42" || trace.SpanContextFromContext(got).TraceID() != sc.TraceID() {
		t.Errorf("Context does not restore request id and trace")
	}
}

// openAppend starts a transaction that appends an o-7 event of total 1
// and stays open until release is called; with send, a later statement
// sends the deferred insert first, which takes o-7's lock until the
// transaction ends. done reports how the transaction ended. A failing test
// must still call release, or the test database could not be dropped.
func openAppend(e *env, ctx context.Context, send bool) (release func(), done <-chan error) {
	appended, released := make(chan struct{}), make(chan struct{})
	var once sync.Once
	result := make(chan error, 1)
	go func() {
		result <- e.db.App.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
			if err := e.outbox.Append(ctx, tx, events.Draft{Type: orderPlaced, Subject: "o-7", Data: placed{Total: 1}}); err != nil {
				return err
			}
			if send {
				if _, err := tx.Exec(ctx, "select 1"); err != nil {
					return err
				}
			}
			close(appended)
			<-released
			return nil
		})
	}()
	<-appended
	return func() { once.Do(func() { close(released) }) }, result
}

// appendAsync appends an o-7 event of total in a transaction of its own.
func appendAsync(e *env, ctx context.Context, total int64) <-chan error {
	done := make(chan error, 1)
	go func() {
		done <- e.db.App.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
			return e.outbox.Append(ctx, tx, events.Draft{Type: orderPlaced, Subject: "o-7", Data: placed{Total: total}})
		})
	}()
	return done
}

// firstOfO7 fails t unless the o-7 event of total comes before the other.
func firstOfO7(t *testing.T, e *env, total int) {
	t.Helper()
	n, err := count(e, "select count(*) from shop.outbox o1 join shop.outbox o2 on o1.subject = o2.subject and o1.id < o2.id where o1.subject = 'o-7' and (o1.data->>'total')::int = $1", total)()
	if err != nil || n != 1 {
		t.Fatalf("o-7's event of total %d is not first: %d (%v), want 1", total, n, err)
	}
}

func TestAppendWaitsForAnOpenTransactionHoldingTheSubject(t *testing.T) {
	t.Parallel()
	e := newEnv(t, newBroker(t))
	ctx, _ := tenantCtx()
	release, first := openAppend(e, ctx, true)
	defer release()
	second := appendAsync(e, ctx, 2)
	select {
	case err := <-second:
		t.Fatalf("a second append of o-7 finished (%v) while the first transaction was open", err)
	case <-time.After(300 * time.Millisecond):
	}
	// Another subject does not wait.
	if err := e.db.App.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		return e.outbox.Append(ctx, tx, events.Draft{Type: orderPlaced, Subject: "o-8", Data: placed{Total: 3}})
	}); err != nil {
		t.Fatal(err)
	}
	release()
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	if err := <-second; err != nil {
		t.Fatal(err)
	}
	// The outbox holds o-7's events in commit order.
	firstOfO7(t, e, 1)
}

func TestOutboxOrderOfASubjectIsCommitOrder(t *testing.T) {
	t.Parallel()
	e := newEnv(t, newBroker(t))
	ctx, _ := tenantCtx()
	// The first transaction is open with its event appended but not sent;
	// one appending the same subject and committing meanwhile does not
	// wait for it, and its event, committed first, comes first.
	release, first := openAppend(e, ctx, false)
	defer release()
	select {
	case err := <-appendAsync(e, ctx, 2):
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("an append of o-7 waited for an open transaction that had not committed")
	}
	release()
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	firstOfO7(t, e, 2)
}
