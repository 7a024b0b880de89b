package auth_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/vextrus/vextrus/internal/auth"
	"github.com/vextrus/vextrus/internal/auth/graph"
	"github.com/vextrus/vextrus/internal/platform/apitest"
	"github.com/vextrus/vextrus/internal/platform/authn"
	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/db/dbtest"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/graphqlx"
	"github.com/vextrus/vextrus/internal/platform/httpx"
	"github.com/vextrus/vextrus/internal/platform/idempotency"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// clock is a settable time source shared by the service and its verifier.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }

func (c *clock) Add(d time.Duration) { c.mu.Lock(); c.now = c.now.Add(d); c.mu.Unlock() }

// env is auth behind the authn middleware, as the app wires it, with two
// tenants whose owners can log in.
type env struct {
	t     testing.TB
	db    *dbtest.DB
	svc   *auth.Service
	clock *clock
	srv   *httptest.Server
	api   *apitest.Client
	a, b  tenant.ID
}

const ownerPassword = "correct horse battery staple"

// newEnv builds the env; each opt may change auth's Deps before New.
func newEnv(tb testing.TB, opts ...func(*auth.Deps)) *env {
	tb.Helper()
	d := dbtest.New(tb, db.PlatformSchema, auth.Schema)
	reg := authz.NewRegistry()
	if err := reg.Register(auth.Permissions...); err != nil {
		tb.Fatal(err)
	}
	if err := reg.Register(authz.Permission{Name: "probe.thing.read"}); err != nil {
		tb.Fatal(err)
	}
	outbox, err := events.NewOutbox("auth")
	if err != nil {
		tb.Fatal(err)
	}
	clk := &clock{now: time.Now().UTC().Truncate(time.Second)}
	cfg := auth.DefaultConfig()
	cfg.Argon2 = auth.Argon2Params{MemoryKiB: 8 * 1024, Iterations: 1, Parallelism: 1} // fast tests; production cost is benchmarked
	deps := auth.Deps{DB: d.App, Events: outbox, Config: cfg, Permissions: reg, Now: clk.Now}
	for _, o := range opts {
		o(&deps)
	}
	svc, err := auth.New(deps)
	if err != nil {
		tb.Fatal(err)
	}
	ctx := context.Background()
	if err := svc.Start(ctx); err != nil {
		tb.Fatal(err)
	}
	mux := http.NewServeMux()
	svc.Routes(mux)
	svc.InternalRoutes(mux)
	mux.Handle("POST "+auth.GraphQLPath, graph.Handler(svc, graphqlx.Options{}))
	mux.HandleFunc("GET /probe", func(w http.ResponseWriter, r *http.Request) {
		p, _ := authz.From(r.Context())
		httpx.WriteJSON(w, http.StatusOK, map[string]any{"tenant": p.Tenant.String(), "user": p.UserID})
	})
	ac := svc.Authn()
	ac.Public = append(append([]string{}, authn.DefaultPublic...), auth.PublicPaths...)
	ac.Public = append(ac.Public, auth.ServiceTokenPath)
	ac.Optional = []string{"/graphql/"}
	// As the composition root's gate: authn, then idempotency keys.
	srv := httptest.NewServer(httpx.Chain(mux, httpx.RequestID, authn.Middleware(ac), httpx.Idempotency(idempotency.New(d.App))))
	tb.Cleanup(srv.Close)
	e := &env{t: tb, db: d, svc: svc, clock: clk, srv: srv, api: apitest.New(tb, srv.URL, srv.Client())}
	e.a = e.tenant("alpha")
	e.b = e.tenant("beta")
	return e
}

// tenant provisions a tenant with an owner, owner@<slug>.test.
func (e *env) tenant(slug string) tenant.ID {
	e.t.Helper()
	ctx := context.Background()
	t, err := e.svc.CreateTenant(ctx, auth.NewTenant{Slug: slug, Name: slug + " Ltd", BIN: "000123456-0101"})
	if err != nil {
		e.t.Fatal(err)
	}
	e.user(t.ID, "owner@"+slug+".test", authz.RoleOwner)
	return t.ID
}

// user adds an active user with ownerPassword and roles.
func (e *env) user(id tenant.ID, email string, roles ...string) auth.User {
	e.t.Helper()
	u, err := e.svc.CreateUser(tenant.With(context.Background(), id), auth.NewUser{Email: email, Name: email, Roles: roles}, ownerPassword)
	if err != nil {
		e.t.Fatal(err)
	}
	return u
}

// do sends a request with token (none when empty) as a bearer credential.
func (e *env) do(method, path, token string, body any, headers ...string) apitest.Response {
	e.t.Helper()
	return e.api.WithToken(token).Do(method, path, body, headers...)
}

func (e *env) login(slug, email, password string) apitest.Response {
	e.t.Helper()
	return e.do("POST", apitest.LoginPath, "", map[string]string{"tenant": slug, "email": email, "password": password})
}

// token logs in and returns the access token, failing the test otherwise.
func (e *env) token(slug, email string) string {
	e.t.Helper()
	return e.api.Login(slug, email, ownerPassword).Token()
}

// graphql posts a GraphQL operation.
func (e *env) graphql(token, query string, vars map[string]any) apitest.Response {
	e.t.Helper()
	return e.api.WithToken(token).GraphQL(auth.GraphQLPath, query, vars)
}
