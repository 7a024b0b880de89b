package webhook_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/notify"
	"github.com/vextrus/vextrus/internal/notify/webhook"
	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/db/dbtest"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// shortSchedule retries at once, so the tests wait for conditions, not
// for a real schedule.
var shortSchedule = []time.Duration{10 * time.Millisecond, 10 * time.Millisecond, 10 * time.Millisecond, 10 * time.Millisecond}

type env struct {
	db  *dbtest.DB
	svc *webhook.Service
	tls *http.Client
}

// newEnv returns a fresh database and a service whose client trusts the
// tests' TLS receivers; opts adjust its Deps.
func newEnv(t *testing.T, opts ...func(*webhook.Deps)) *env {
	t.Helper()
	d := dbtest.New(t, db.PlatformSchema, notify.Schema)
	e := &env{db: d}
	// Every httptest TLS server has the same certificate, so one
	// server's client trusts them all.
	probe := httptest.NewTLSServer(http.NotFoundHandler())
	e.tls = probe.Client()
	probe.Close()
	e.svc = e.service(t, opts...)
	return e
}

// service returns another service on the same database (a replica).
func (e *env) service(t *testing.T, opts ...func(*webhook.Deps)) *webhook.Service {
	t.Helper()
	deps := webhook.Deps{DB: e.db.App, Client: e.tls, Schedule: shortSchedule, PollInterval: 20 * time.Millisecond,
		Timeout: 2 * time.Second, Logger: testLogger()}
	for _, o := range opts {
		o(&deps)
	}
	svc, err := webhook.New(deps)
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

// run starts s's runner until the test ends.
func run(t *testing.T, s *webhook.Service) {
	t.Helper()
	r := s.Runner()
	if err := r.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := r.Stop(ctx); err != nil {
			t.Errorf("stop runner: %v", err)
		}
	})
}

func admin(t tenant.ID) context.Context {
	return authz.With(context.Background(), &authz.Principal{UserID: "admin-" + t.String()[:8], Tenant: t,
		Permissions: map[string]bool{webhook.PermRead: true, webhook.PermWrite: true}})
}

// event is a business event of tenant t.
func event(t tenant.ID, typ string, data any) events.Event {
	raw, _ := json.Marshal(data)
	return events.Event{ID: uuid.Must(uuid.NewV7()).String(), Source: "finance", Type: typ, Subject: uuid.NewString(),
		Time: time.Now().UTC(), Tenant: t, Actor: "user-1", Data: raw}
}

// record hands evs to the webhook consumer's handler in one transaction
// of their tenant, as the consumer does.
func (e *env) record(t *testing.T, evs ...events.Event) {
	t.Helper()
	ctx := tenant.With(context.Background(), evs[0].Tenant)
	if err := e.db.App.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		return e.svc.Record(ctx, tx, evs)
	}); err != nil {
		t.Fatal(err)
	}
}

// receipt is one request a receiver got.
type receipt struct {
	status  int
	header  http.Header
	body    []byte
	arrived time.Time
}

// receiver is a TLS webhook receiver answering with answer(n) for its
// n-th request (from 1), or hanging until the sender gives up when
// answer returns 0.
type receiver struct {
	*httptest.Server
	mu     sync.Mutex
	got    []receipt
	answer func(n int) int
}

func newReceiver(t *testing.T, answer func(n int) int) *receiver {
	t.Helper()
	r := &receiver{answer: answer}
	r.Server = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		n := len(r.got) + 1
		status := r.answer(n)
		r.got = append(r.got, receipt{status: status, header: req.Header.Clone(), body: body, arrived: time.Now()})
		r.mu.Unlock()
		if status == 0 {
			<-req.Context().Done()
			return
		}
		w.WriteHeader(status)
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *receiver) receipts() []receipt {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]receipt(nil), r.got...)
}

// ok counts the receipts answered 2xx.
func (r *receiver) ok() int {
	n := 0
	for _, g := range r.receipts() {
		if g.status >= 200 && g.status < 300 {
			n++
		}
	}
	return n
}

func (e *env) create(t *testing.T, ctx context.Context, url string, types ...string) (webhook.Endpoint, string) {
	t.Helper()
	ep, secret, err := e.svc.Create(ctx, webhook.EndpointInput{URL: url, EventTypes: types})
	if err != nil {
		t.Fatal(err)
	}
	return ep, secret
}

// testLogger shows the service's logs with VEXTRUS_TEST_LOG=1.
func testLogger() *slog.Logger {
	if os.Getenv("VEXTRUS_TEST_LOG") == "" {
		return nil
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

func authzPrincipal(ctx context.Context) (*authz.Principal, bool) { return authz.From(ctx) }
