package authclient_test

import (
	"context"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/vextrus/vextrus/internal/auth"
	"github.com/vextrus/vextrus/internal/auth/authclient"
	"github.com/vextrus/vextrus/internal/platform/apitest"
	"github.com/vextrus/vextrus/internal/platform/authn"
	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/db/dbtest"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/httpx"
	"github.com/vextrus/vextrus/internal/platform/svcclient"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

const password = "correct horse battery staple"

// clock is the settable time of the remote caches.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }

func (c *clock) Add(d time.Duration) { c.mu.Lock(); c.now = c.now.Add(d); c.mu.Unlock() }

// counter counts the principal calls that reach auth.
type counter struct {
	rt    http.RoundTripper
	calls atomic.Int32
}

func (c *counter) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Path == auth.PrincipalPath {
		c.calls.Add(1)
	}
	return c.rt.RoundTrip(r)
}

// env is auth in "another process" (an HTTP server wired as the app wires
// it) and a Remote pointed at it.
type env struct {
	t      *testing.T
	svc    *auth.Service
	srv    *httptest.Server
	remote *authn.Config
	forget func(tenant.ID)
	clock  *clock
	calls  *counter
	alpha  tenant.ID
}

const ttl = 30 * time.Second

func newEnv(t *testing.T) *env {
	t.Helper()
	d := dbtest.New(t, db.PlatformSchema, auth.Schema)
	reg := authz.NewRegistry()
	if err := reg.Register(auth.Permissions...); err != nil {
		t.Fatal(err)
	}
	if err := reg.Register(authz.Permission{Name: "probe.thing.read"}, authz.Permission{Name: "probe.thing.write"}); err != nil {
		t.Fatal(err)
	}
	outbox, err := events.NewOutbox(auth.Schema.Name)
	if err != nil {
		t.Fatal(err)
	}
	cfg := auth.DefaultConfig()
	cfg.Argon2 = auth.Argon2Params{MemoryKiB: 8 * 1024, Iterations: 1, Parallelism: 1}
	svc, err := auth.New(auth.Deps{DB: d.App, Events: outbox, Config: cfg, Permissions: reg})
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	svc.Routes(mux)
	ac := svc.Authn()
	ac.Public = append(append([]string{}, authn.DefaultPublic...), auth.PublicPaths...)
	srv := httptest.NewServer(httpx.Chain(mux, httpx.RequestID, authn.Middleware(ac)))
	t.Cleanup(srv.Close)

	e := &env{t: t, svc: svc, srv: srv, clock: &clock{now: time.Now()}, calls: &counter{rt: http.DefaultTransport}}
	client := svcclient.New(auth.Schema.Name, svcclient.HTTP(srv.URL, e.calls), svcclient.Policy{}, nil)
	// The catalogue has probe.thing.* as well: the remote expands system
	// roles over the whole platform, as auth does over its registry.
	remote, err := authclient.New(authclient.Deps{Client: client, JWKS: authn.HTTPJWKS(srv.Client(), srv.URL+"/.well-known/jwks.json"),
		Permissions: reg, Config: authclient.Config{KeysTTL: time.Minute, TenantStatusTTL: ttl, RoleCacheTTL: ttl, APIKeyCacheTTL: ttl, AccessTTL: 15 * time.Minute},
		Now: e.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	rc := remote.Authn()
	e.remote, e.forget = &rc, remote.ForgetTenant
	tn, err := svc.CreateTenant(context.Background(), auth.NewTenant{Slug: "alpha", Name: "Alpha Ltd"})
	if err != nil {
		t.Fatal(err)
	}
	e.alpha = tn.ID
	e.user("owner@alpha.test", authz.RoleOwner)
	return e
}

func (e *env) user(email string, roles ...string) {
	e.t.Helper()
	_, err := e.svc.CreateUser(tenant.With(context.Background(), e.alpha), auth.NewUser{Email: email, Name: email, Roles: roles}, password)
	if err != nil {
		e.t.Fatal(err)
	}
}

func (e *env) token(email string) string {
	e.t.Helper()
	return apitest.New(e.t, e.srv.URL, e.srv.Client()).Login("alpha", email, password).Token()
}

// inAuth is ctx authenticated as cred by auth itself, to act through the
// service.
func (e *env) inAuth(cred string) context.Context {
	e.t.Helper()
	p, err := e.svc.Authn().Authenticate(context.Background(), cred)
	if err != nil {
		e.t.Fatal(err)
	}
	return authz.With(context.Background(), p)
}

// remoteAuth authenticates cred as the other process does.
func (e *env) remoteAuth(cred string) (*authz.Principal, error) {
	return e.remote.Authenticate(context.Background(), cred)
}

func (e *env) mustRemote(cred string) *authz.Principal {
	e.t.Helper()
	p, err := e.remoteAuth(cred)
	if err != nil {
		e.t.Fatalf("remote authentication: %v", err)
	}
	return p
}

func TestSystemRolesResolveAsAuthResolvesThem(t *testing.T) {
	e := newEnv(t)
	owner := e.token("owner@alpha.test")
	e.mustRemote(owner) // the tenant's status is now known
	for _, r := range authz.SystemRoles {
		t.Run(r.Name, func(t *testing.T) {
			email := "as-" + r.Name + "@alpha.test"
			e.user(email, r.Name)
			tok := e.token(email)
			before := e.calls.calls.Load()
			got := e.mustRemote(tok)
			if n := e.calls.calls.Load() - before; n != 0 {
				t.Fatalf("%d calls to auth to resolve system role %s", n, r.Name)
			}
			want, _, err := e.svc.Inspect(context.Background(), tok)
			if err != nil {
				t.Fatal(err)
			}
			if !maps.Equal(got.Permissions, want.Permissions) {
				t.Fatalf("remote grants %v, auth grants %v", slices.Sorted(maps.Keys(got.Permissions)), slices.Sorted(maps.Keys(want.Permissions)))
			}
		})
	}
}

func TestCustomRolesComeFromAuthOncePerRoleSet(t *testing.T) {
	e := newEnv(t)
	owner := e.token("owner@alpha.test")
	if _, err := e.svc.CreateRole(e.inAuth(owner), "prober", "reads probes", []string{"probe.*.read"}); err != nil {
		t.Fatal(err)
	}
	e.user("p1@alpha.test", "prober")
	e.user("p2@alpha.test", "prober")
	e.mustRemote(owner)
	before := e.calls.calls.Load()
	for _, email := range []string{"p1@alpha.test", "p2@alpha.test"} {
		p := e.mustRemote(e.token(email))
		if !p.Has("probe.thing.read") || p.Has("probe.thing.write") || p.Has(auth.PermUserRead) {
			t.Fatalf("%s holds %v", email, p.Permissions)
		}
	}
	if n := e.calls.calls.Load() - before; n != 1 {
		t.Fatalf("%d calls to auth for two users of one role set, want 1", n)
	}
	e.clock.Add(ttl + time.Second)
	e.mustRemote(e.token("p1@alpha.test"))
	if n := e.calls.calls.Load() - before; n != 2 {
		t.Fatalf("the role set was not asked again after its TTL (%d calls)", n)
	}
}

func TestAPIKeysAreCachedForTheirTTL(t *testing.T) {
	e := newEnv(t)
	owner := e.token("owner@alpha.test")
	ctx := e.inAuth(owner)
	k, key, err := e.svc.CreateAPIKey(ctx, "sync", []string{"probe.thing.read"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	p := e.mustRemote(key)
	if !p.APIKey || p.Tenant != e.alpha || p.UserID != k.ID.String() || !p.Has("probe.thing.read") || p.Has("probe.thing.write") {
		t.Fatalf("principal %+v", p)
	}
	if err := e.svc.RevokeAPIKey(ctx, k.ID); err != nil {
		t.Fatal(err)
	}
	e.mustRemote(key) // within the documented TTL the revocation is not seen
	e.clock.Add(ttl + time.Second)
	if _, err := e.remoteAuth(key); !errs.Is(err, errs.Unauthenticated) {
		t.Fatalf("revoked key after the TTL: %v", err)
	}
	if _, err := e.remoteAuth("vx_" + strings.Repeat("A", 64)); !errs.Is(err, errs.Unauthenticated) {
		t.Fatalf("made-up key: %v", err)
	}
}

func TestARefusedCredentialDoesNotLockOutItsTenant(t *testing.T) {
	e := newEnv(t)
	owner := e.token("owner@alpha.test")
	ctx := e.inAuth(owner)
	k, key, err := e.svc.CreateAPIKey(ctx, "sync", []string{"probe.thing.read"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	e.mustRemote(key)
	if err := e.svc.RevokeAPIKey(ctx, k.ID); err != nil {
		t.Fatal(err)
	}
	// The key is still cached here, the tenant's status is not: auth
	// refuses the key when asked for the status with it.
	e.forget(e.alpha)
	if _, err := e.remoteAuth(key); !errs.Is(err, errs.Unauthenticated) {
		t.Fatalf("status asked with a revoked key: %v", err)
	}
	if _, err := e.remoteAuth(owner); err != nil {
		t.Fatalf("the tenant's other users are locked out: %v", err)
	}
}

func TestASuspendedTenantIsRefused(t *testing.T) {
	e := newEnv(t)
	owner := e.token("owner@alpha.test")
	if _, err := e.svc.CreateRole(e.inAuth(owner), "prober", "reads probes", []string{"probe.*.read"}); err != nil {
		t.Fatal(err)
	}
	e.user("p1@alpha.test", "prober")
	prober := e.token("p1@alpha.test")
	e.mustRemote(owner) // active, cached for the TTL
	if _, err := e.svc.SetTenantStatus(context.Background(), e.alpha, auth.TenantSuspended); err != nil {
		t.Fatal(err)
	}
	// The status is still cached as active, but the custom role's lookup
	// learns of the suspension and refuses.
	if _, err := e.remoteAuth(prober); !errs.Is(err, errs.Unauthenticated) {
		t.Fatalf("custom-role token of a suspended tenant: %v", err)
	}
	// and drops the stale status, so system-role tokens stop too.
	if _, err := e.remoteAuth(owner); !errs.Is(err, errs.Unauthenticated) {
		t.Fatalf("owner token of a suspended tenant: %v", err)
	}
	if _, err := e.svc.SetTenantStatus(context.Background(), e.alpha, auth.TenantActive); err != nil {
		t.Fatal(err)
	}
	e.forget(e.alpha) // what the listener does on the reactivated event
	e.mustRemote(owner)
}
