package files_test

import (
	"archive/zip"
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vextrus/vextrus/internal/files"
	"github.com/vextrus/vextrus/internal/files/devs3"
	"github.com/vextrus/vextrus/internal/files/graph"
	"github.com/vextrus/vextrus/internal/platform/apitest"
	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/db/dbtest"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/graphqlx"
	"github.com/vextrus/vextrus/internal/platform/httpx"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// clock is a settable clock, the dev object store's: tests move it past
// a link's expiry instead of waiting.
type clock struct {
	mu     sync.Mutex
	offset time.Duration
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.offset)
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.offset += d
}

// fixture is a files service on a fresh database with the real outbox,
// storing in the dev object store (in memory, signatures checked), and
// its REST API served.
type fixture struct {
	svc   *files.Service
	db    *dbtest.DB
	s3    *devs3.Server
	clock *clock
	srv   *httptest.Server
	cfg   files.Config
}

// testConfig is the section the fixture uses: a 1 MiB limit.
func testConfig() files.Config {
	c := files.DefaultConfig()
	c.AccessKey, c.SecretKey, c.PathStyle, c.MaxSize = "test-key", "test-secret-0123456789", true, 1<<20
	return c
}

// newFixture builds the fixture; with changes Deps before the service is
// built.
func newFixture(tb testing.TB, with ...func(*files.Deps)) *fixture {
	tb.Helper()
	f := &fixture{db: dbtest.New(tb, db.PlatformSchema, files.Schema), clock: &clock{}, cfg: testConfig()}
	var err error
	f.s3, err = devs3.Start(devs3.Options{AccessKey: f.cfg.AccessKey, SecretKey: f.cfg.SecretKey, Region: f.cfg.Region,
		Buckets: []string{f.cfg.Bucket}, Now: f.clock.Now})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = f.s3.Stop(context.Background()) })
	f.cfg.Endpoint = f.s3.URL()
	storage, err := files.NewS3(f.cfg)
	if err != nil {
		tb.Fatal(err)
	}
	outbox, err := events.NewOutbox(files.Name)
	if err != nil {
		tb.Fatalf("outbox: %v", err)
	}
	deps := files.Deps{DB: f.db.App, Storage: storage, Events: outbox, Config: f.cfg}
	for _, w := range with {
		w(&deps)
	}
	if f.svc, err = files.New(deps); err != nil {
		tb.Fatalf("new service: %v", err)
	}
	f.srv = serveREST(tb, f.svc)
	return f
}

// serveREST serves the REST API of svc behind a stand-in for the
// authentication middleware: X-Test-Tenant and X-Test-Permissions
// (comma-separated; every files permission when absent) say who calls.
func serveREST(tb testing.TB, svc *files.Service) *httptest.Server {
	mux := http.NewServeMux()
	svc.Routes(mux)
	mux.Handle("POST /graphql", graph.Handler(svc, graphqlx.Options{}))
	auth := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			id := r.Header.Get("X-Test-Tenant")
			if id == "" {
				// What svcclient sends: filesclient's calls.
				id = r.Header.Get("X-Tenant-ID")
			}
			if t, err := tenant.Parse(id); err == nil {
				ctx := clerk(t)
				if h := r.Header.Get("X-Test-Permissions"); h != "" {
					ctx = as(t, "user-"+t.String()[24:], strings.Split(h, ",")...)
				}
				p, _ := authz.From(ctx)
				r = r.WithContext(authz.With(r.Context(), p))
			}
			next.ServeHTTP(w, r)
		})
	}
	srv := httptest.NewServer(httpx.Chain(mux, httpx.RequestID, auth))
	tb.Cleanup(srv.Close)
	return srv
}

// client is a REST client calling as a clerk of t.
func (f *fixture) client(tb testing.TB, t tenant.ID) *apitest.Client {
	return apitest.New(tb, f.srv.URL, f.srv.Client()).WithHeader("X-Test-Tenant", t.String())
}

// as returns a context whose caller is user of t holding perms.
func as(t tenant.ID, user string, perms ...string) context.Context {
	p := &authz.Principal{UserID: user, Tenant: t, Permissions: map[string]bool{}}
	for _, perm := range perms {
		p.Permissions[perm] = true
	}
	return authz.With(context.Background(), p)
}

// clerk is a caller of t holding every files permission.
func clerk(t tenant.ID) context.Context {
	return as(t, "clerk-"+t.String()[24:], files.PermRead, files.PermWrite, files.PermDelete)
}

// upload posts body as a file called name of type ct with the query q
// (extra parameters, e.g. "&ownerType=...").
func upload(c *apitest.Client, name, ct string, body []byte, q string) apitest.Response {
	return c.Do(http.MethodPost, files.Base+"?name="+name+q, body, "Content-Type", ct)
}

// pdf is a small PDF-looking document of n bytes.
func pdf(n int) []byte {
	b := bytes.Repeat([]byte("x"), n)
	copy(b, "%PDF-1.7\n")
	return b
}

// xlsx is a minimal spreadsheet-shaped zip archive.
func xlsx(tb testing.TB) []byte {
	tb.Helper()
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	for _, name := range []string{"[Content_Types].xml", "xl/workbook.xml"} {
		w, err := z.Create(name)
		if err != nil {
			tb.Fatal(err)
		}
		_, _ = w.Write([]byte("<x/>"))
	}
	if err := z.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// objects counts the objects in the bucket under prefix, straight from
// the object store.
func (f *fixture) objects(tb testing.TB, prefix string) int {
	tb.Helper()
	n, err := files.CountObjects(context.Background(), f.cfg, prefix)
	if err != nil {
		tb.Fatal(err)
	}
	return n
}

// rows counts the file rows of t, bypassing row-level security.
func (f *fixture) rows(tb testing.TB, t tenant.ID) int {
	tb.Helper()
	var n int
	if err := f.db.Admin.QueryRow(context.Background(), `select count(*) from files.files where tenant_id = $1`, t.UUID()).Scan(&n); err != nil {
		tb.Fatal(err)
	}
	return n
}
