package documents_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/google/uuid"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"

	"github.com/vextrus/vextrus/internal/documents"
	"github.com/vextrus/vextrus/internal/platform/apitest"
	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/db/dbtest"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/httpx"
	"github.com/vextrus/vextrus/internal/platform/temporalx"
	"github.com/vextrus/vextrus/internal/platform/temporalx/temporaltest"
	"github.com/vextrus/vextrus/internal/platform/tenant"
	"github.com/vextrus/vextrus/internal/platform/tenantsettings"
	"github.com/vextrus/vextrus/internal/workflow"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// fixture is a documents service on a fresh database with the real
// outbox, finance, master data and files in memory, and the real PDF
// forms unless a test swaps the renderer.
type fixture struct {
	svc     *documents.Service
	db      *dbtest.DB
	finance *fakeFinance
	store   *fakeStore
	srv     *httptest.Server
	// deps are the service's, to build another worker's service.
	deps documents.Deps
}

// newFixture builds the fixture; with changes Deps first.
func newFixture(tb testing.TB, with ...func(*documents.Deps)) *fixture {
	tb.Helper()
	d := dbtest.New(tb, db.PlatformSchema, documents.Schema)
	outbox, err := events.NewOutbox(documents.Name)
	if err != nil {
		tb.Fatalf("outbox: %v", err)
	}
	f := &fixture{db: d, finance: newFakeFinance(), store: &fakeStore{files: map[uuid.UUID]stored{}}}
	deps := documents.Deps{DB: d.App, Events: outbox, Settings: settings{}, Finance: f.finance,
		Parties: parties{}, Store: f.store, Renderer: documents.Forms{}, Acting: acting{}}
	for _, w := range with {
		w(&deps)
	}
	f.deps = deps
	if f.svc, err = documents.New(deps); err != nil {
		tb.Fatalf("new service: %v", err)
	}
	mux := http.NewServeMux()
	f.svc.Routes(mux)
	auth := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if t, err := tenant.Parse(r.Header.Get("X-Test-Tenant")); err == nil {
				r = r.WithContext(clerk(t))
			}
			next.ServeHTTP(w, r)
		})
	}
	f.srv = httptest.NewServer(httpx.Chain(mux, httpx.RequestID, auth))
	tb.Cleanup(f.srv.Close)
	return f
}

// rest is a client of the REST API calling as the clerk of t; it does
// not follow redirects.
func (f *fixture) rest(tb testing.TB, t tenant.ID) *apitest.Client {
	tb.Helper()
	// A download's redirect is read, not followed.
	hc := &http.Client{Transport: f.srv.Client().Transport,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return apitest.New(tb, f.srv.URL, hc).WithHeader("X-Test-Tenant", t.String())
}

// as returns a context whose caller is user of t holding perms.
func as(t tenant.ID, user string, perms ...string) context.Context {
	p := &authz.Principal{UserID: user, Tenant: t, Permissions: map[string]bool{}}
	for _, perm := range perms {
		p.Permissions[perm] = true
	}
	return tenant.With(authz.With(context.Background(), p), t)
}

// clerk is an accountant of t: documents and finance reads.
func clerk(t tenant.ID) context.Context {
	return as(t, "0190a0b0-0000-7000-8000-"+t.String()[24:], documents.PermJobRead, documents.PermJobWrite,
		"finance.invoice.read", "finance.report.read")
}

// engine is a Temporal dev server and a client with the platform's
// context propagator, as the app builds it.
func engine(tb testing.TB) client.Client {
	tb.Helper()
	srv := temporaltest.Start(tb)
	c, err := workflow.NewClient(context.Background(), temporaltest.Client(tb, srv), srv.Namespace(),
		slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})), temporalx.Telemetry{})
	if err != nil {
		tb.Fatalf("workflow client: %v", err)
	}
	tb.Cleanup(c.Close)
	return c
}

// runWorker runs the job workflows of svc on c until stop or the end of
// the test.
func runWorker(tb testing.TB, c client.Client, svc *documents.Service) (stop func()) {
	tb.Helper()
	w := worker.New(c, documents.TaskQueue, worker.Options{})
	svc.Register(w)
	if err := w.Start(); err != nil {
		tb.Fatalf("start worker: %v", err)
	}
	var once sync.Once
	stop = func() { once.Do(w.Stop) }
	tb.Cleanup(stop)
	return stop
}

// wantField fails unless err is code and names field.
func wantField(tb testing.TB, err error, code errs.Code, field string) {
	tb.Helper()
	e := errs.As(err)
	if err == nil || e.Code != code {
		tb.Fatalf("error = %v, want %s naming %s", err, code, field)
	}
	for _, f := range e.Fields {
		if f.Field == field {
			return
		}
	}
	tb.Fatalf("error %v names %v, want %s", err, e.Fields, field)
}

// settings gives every tenant a company with a BIN and an address.
type settings struct{}

func (settings) Settings(context.Context, tenant.ID) (*tenantsettings.Settings, error) {
	s := tenantsettings.Default("Meghna Builders Ltd")
	s.Company.LegalNameBn = "মেঘনা বিল্ডার্স লিমিটেড"
	s.Company.BIN = "000123456-0101"
	s.Company.RegisteredAddress.Line1 = "House 12, Road 5, Dhanmondi"
	s.Company.RegisteredAddress.District = "dhaka"
	return &s, nil
}

// acting is the service's credential: the context as it is.
type acting struct{}

func (acting) Act(ctx context.Context, _ tenant.ID) (context.Context, error) { return ctx, nil }

// parties knows every buyer's Bangla name.
type parties struct{}

func (parties) Party(context.Context, string, uuid.UUID) (documents.PartyInfo, error) {
	return documents.PartyInfo{Name: "Rahman Construction Ltd", NameBn: "রহমান কনস্ট্রাকশন লিমিটেড", BIN: "001234567-0202"}, nil
}

// stored is a file the fake store keeps.
type stored struct {
	tenant      tenant.ID
	name, ctype string
	body        []byte
	owner       documents.FileOwner
}

// fakeStore is the files service in memory.
type fakeStore struct {
	mu    sync.Mutex
	files map[uuid.UUID]stored
}

func (s *fakeStore) Put(ctx context.Context, name, ctype string, body []byte, owner documents.FileOwner) (documents.StoredFile, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, _ := tenant.From(ctx)
	id := uuid.New()
	s.files[id] = stored{tenant: t, name: name, ctype: ctype, body: body, owner: owner}
	return documents.StoredFile{ID: id, Name: name, ContentType: ctype, Size: int64(len(body))}, nil
}

func (s *fakeStore) Link(ctx context.Context, id uuid.UUID) (documents.FileLink, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, _ := tenant.From(ctx)
	if f, ok := s.files[id]; !ok || f.tenant != t {
		return documents.FileLink{}, errs.E(errs.NotFound, "no file %s", id)
	}
	return documents.FileLink{URL: "https://files.test/" + id.String() + "?sig=x"}, nil
}

// file returns the file id, failing when there is none.
func (s *fakeStore) file(tb testing.TB, id *uuid.UUID) stored {
	tb.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if id == nil {
		tb.Fatal("the job has no file")
	}
	f, ok := s.files[*id]
	if !ok {
		tb.Fatalf("no file %s stored", id)
	}
	return f
}

// count is how many files were stored.
func (s *fakeStore) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.files)
}

// hasPrefix reports whether b starts with p.
func hasPrefix(b []byte, p string) bool { return strings.HasPrefix(string(b), p) }
