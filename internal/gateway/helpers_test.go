package gateway_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"testing"

	"github.com/vextrus/vextrus/api"
	"github.com/vextrus/vextrus/internal/auth"
	"github.com/vextrus/vextrus/internal/auth/graph"
	"github.com/vextrus/vextrus/internal/gateway"
	"github.com/vextrus/vextrus/internal/gateway/testgraph"
	"github.com/vextrus/vextrus/internal/masterdata"
	mdgraph "github.com/vextrus/vextrus/internal/masterdata/graph"
	"github.com/vextrus/vextrus/internal/platform/apitest"
	"github.com/vextrus/vextrus/internal/platform/authn"
	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/db/dbtest"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/graphqlx"
	"github.com/vextrus/vextrus/internal/platform/httpx"
	"github.com/vextrus/vextrus/internal/platform/svcclient"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

const password = "correct horse battery staple"

// env is the gateway as the app wires it: auth and the notes test
// subgraph behind the platform chain with authn, the gateway's edge
// stages in it, and the engine reaching auth in process. Notes runs in
// process too unless remoteNotes, then on its own server that a test can
// stop and start. With masterdata, the graph is the real supergraph
// (api/supergraph) with auth and masterdata in process instead.
type env struct {
	t     testing.TB
	gw    *gateway.Gateway
	srv   *httptest.Server
	api   *apitest.Client
	svc   *auth.Service
	notes *testgraph.Store
	// notesSrv serves notes when it runs remotely.
	notesSrv     *httptest.Server
	notesHandler http.Handler
	// subgraphs is the in-process subgraph handler the engine calls.
	subgraphs http.Handler

	mu sync.Mutex
	// calls are the subgraph requests the engine made, with masterdata.
	calls []subgraphCall
}

type options struct {
	cfg         func(*gateway.Config)
	remoteNotes bool
	policy      svcclient.Policy
	// masterdata serves the real supergraph: auth and masterdata in
	// process, recording every subgraph request; a query reaching any
	// other subgraph fails the test.
	masterdata bool
	// proxies are the trusted proxies of the public chain.
	proxies httpx.Proxies
	// addressFailures replaces auth's failed logins per client address.
	addressFailures int
	// services are more services in other processes behind the gateway.
	services []gateway.Service
}

// subgraphCall is one request the engine sent to a subgraph.
type subgraphCall struct {
	subgraph string
	body     []byte
}

// record wraps the in-process handler of subgraph name to keep its
// requests in e.calls.
func (e *env) record(name string, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			e.t.Errorf("read %s request: %v", name, err)
		}
		e.mu.Lock()
		e.calls = append(e.calls, subgraphCall{subgraph: name, body: body})
		e.mu.Unlock()
		r.Body = io.NopCloser(bytes.NewReader(body))
		h.ServeHTTP(w, r)
	})
}

// takeCalls returns the subgraph requests recorded so far and forgets them.
func (e *env) takeCalls() []subgraphCall {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := e.calls
	e.calls = nil
	return out
}

func newEnv(tb testing.TB, o options) *env {
	tb.Helper()
	schemas := []db.Schema{db.PlatformSchema, auth.Schema}
	perms := auth.Permissions
	if o.masterdata {
		schemas = append(schemas, masterdata.Schema)
		perms = append(append([]authz.Permission{}, perms...), masterdata.Permissions...)
	}
	d := dbtest.New(tb, schemas...)
	reg := authz.NewRegistry()
	if err := reg.Register(perms...); err != nil {
		tb.Fatal(err)
	}
	outbox, err := events.NewOutbox("auth")
	if err != nil {
		tb.Fatal(err)
	}
	acfg := auth.DefaultConfig()
	acfg.Argon2 = auth.Argon2Params{MemoryKiB: 8 * 1024, Iterations: 1, Parallelism: 1}
	if o.addressFailures > 0 {
		acfg.Lockout.AddressFailures = o.addressFailures
	}
	svc, err := auth.New(auth.Deps{DB: d.App, Events: outbox, Config: acfg, Permissions: reg})
	if err != nil {
		tb.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	tb.Cleanup(cancel)
	if err := svc.Start(ctx); err != nil {
		tb.Fatal(err)
	}
	e := &env{t: tb, svc: svc, notes: testgraph.NewStore()}
	ac := svc.Authn()
	ac.Public = append(append([]string{}, authn.DefaultPublic...), auth.PublicPaths...)
	ac.Optional = []string{"/graphql", "/graphql/"}
	// Pages (the console) sign their users in themselves, as the app
	// declares them.
	for _, s := range o.services {
		if s.Prefix != "" {
			ac.Public = append(ac.Public, s.Prefix)
		}
	}

	// The public mux has the gateway and REST; subgraphs are on their
	// own mux, which the engine calls in process behind authentication
	// alone, as the app wires its internal listener.
	mux := http.NewServeMux()
	svc.Routes(mux)
	subgraphs := http.NewServeMux()
	subgraphs.Handle("POST "+auth.GraphQLPath, graph.Handler(svc, graphqlx.Options{}))
	inProcess := httpx.Chain(subgraphs, httpx.RequestID, httpx.ClientAddress(httpx.TrustAll()), authn.Middleware(ac))
	e.subgraphs = inProcess
	notesUp := gateway.Upstream{Name: "notes", Handler: inProcess, Policy: o.policy}
	if o.remoteNotes {
		nm := http.NewServeMux()
		nm.Handle("POST /graphql/notes", testgraph.Handler(e.notes))
		e.notesHandler = httpx.Chain(nm, httpx.RequestID, authn.Middleware(ac))
		e.notesSrv = httptest.NewServer(e.notesHandler)
		tb.Cleanup(func() { e.notesSrv.Close() })
		notesUp = gateway.Upstream{Name: "notes", URL: e.notesSrv.URL + "/graphql/notes", Policy: o.policy}
	} else {
		subgraphs.Handle("POST /graphql/notes", testgraph.Handler(e.notes))
	}
	cfg := gateway.DefaultConfig()
	cfg.TenantRate, cfg.TenantBurst, cfg.UserRate, cfg.UserBurst = 1e6, 1e6, 1e6, 1e6
	cfg.AnonymousRate, cfg.AnonymousBurst = 1e6, 1e6
	if o.cfg != nil {
		o.cfg(&cfg)
	}
	super, err := os.ReadFile("testdata/supergraph.json")
	if err != nil {
		tb.Fatal(err)
	}
	ups := []gateway.Upstream{{Name: "auth", Handler: inProcess}, notesUp}
	if o.masterdata {
		super, ups = api.Supergraph, e.masterdata(d, mux, subgraphs, inProcess)
	}
	gw, err := gateway.New(ctx, gateway.Deps{Config: cfg, Supergraph: super, Upstreams: ups,
		Services: append([]gateway.Service{{Name: "auth"}}, o.services...), OpenAPI: api.OpenAPI()})
	if err != nil {
		tb.Fatal(err)
	}
	gw.Routes(mux)
	chain := httpx.Chain(httpx.Routed(mux), httpx.RequestID, httpx.Recover, httpx.Trace, httpx.ClientAddress(o.proxies), gw.Edge,
		httpx.BodyLimit(4<<20), authn.Middleware(ac), gw.Limit)
	e.gw = gw
	e.srv = httptest.NewServer(chain)
	tb.Cleanup(e.srv.Close)
	e.api = apitest.New(tb, e.srv.URL, e.srv.Client())
	return e
}

// masterdata mounts the masterdata service on mux and its subgraph on
// subgraphs, and returns the upstreams of the real supergraph: auth and
// masterdata through chain, recorded; the other subgraphs fail the test
// when called.
func (e *env) masterdata(d *dbtest.DB, mux, subgraphs *http.ServeMux, chain http.Handler) []gateway.Upstream {
	outbox, err := events.NewOutbox("masterdata")
	if err != nil {
		e.t.Fatal(err)
	}
	svc, err := masterdata.New(masterdata.Deps{DB: d.App, Events: outbox})
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(svc.Close)
	svc.Routes(mux)
	subgraphs.Handle("POST "+masterdata.GraphQLPath, mdgraph.Handler(svc, graphqlx.Options{}))
	names, err := gateway.SubgraphNames(api.Supergraph)
	if err != nil {
		e.t.Fatal(err)
	}
	var ups []gateway.Upstream
	for _, n := range names {
		var h http.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			e.t.Errorf("the query reached subgraph %s", n)
			http.Error(w, "not served in this test", http.StatusServiceUnavailable)
		})
		if n == "auth" || n == "masterdata" {
			h = e.record(n, chain)
		}
		ups = append(ups, gateway.Upstream{Name: n, Handler: h})
	}
	return ups
}

// account is a user of a tenant with a token.
type account struct {
	tenant tenant.ID
	slug   string
	userID string
	email  string
	token  string
}

// tenant provisions slug with users owners, the first two with a note
// each, and logs every one in.
func (e *env) tenant(slug string, users int) []account {
	e.t.Helper()
	ctx := context.Background()
	t, err := e.svc.CreateTenant(ctx, auth.NewTenant{Slug: slug, Name: slug + " Ltd"})
	if err != nil {
		e.t.Fatal(err)
	}
	var out []account
	for i := range users {
		email := fmt.Sprintf("user%d@%s.test", i, slug)
		u, err := e.svc.CreateUser(tenant.With(ctx, t.ID), auth.NewUser{Email: email, Name: email, Roles: []string{authz.RoleOwner}}, password)
		if err != nil {
			e.t.Fatal(err)
		}
		if i < 2 {
			e.notes.Add(t.ID, fmt.Sprintf("%s-%d", slug, i), "note of "+t.ID.String(), u.ID.String())
		}
		token := e.api.Login(slug, email, password).Token()
		out = append(out, account{tenant: t.ID, slug: slug, userID: u.ID.String(), email: email, token: token})
	}
	return out
}

// post sends body as JSON with token (none when empty).
func (e *env) post(path, token string, body any) apitest.Response {
	e.t.Helper()
	return e.do(http.MethodPost, path, token, body)
}

// do sends a request with token (none when empty); a string or []byte
// body is sent as is.
func (e *env) do(method, path, token string, body any) apitest.Response {
	e.t.Helper()
	return e.api.WithToken(token).Do(method, path, body)
}

// query posts a GraphQL operation to the gateway.
func (e *env) query(token, q string) apitest.Response {
	e.t.Helper()
	return e.api.WithToken(token).GraphQL("/graphql", q, nil)
}
