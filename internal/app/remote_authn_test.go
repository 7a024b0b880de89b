package app

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/auth"
	"github.com/vextrus/vextrus/internal/platform/apitest"
	"github.com/vextrus/vextrus/internal/platform/authn"
	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/tenant"
	"github.com/vextrus/vextrus/internal/platform/testwait"
)

func TestServeWithoutAuthNeedsItsURL(t *testing.T) {
	cases := []struct {
		targets []string
		needs   bool
	}{
		{[]string{Masterdata}, true},
		{[]string{Rules}, true},
		{[]string{Audit}, true},
		{[]string{Workflow}, true},
		{[]string{Gateway}, true},
		{[]string{Gateway, Masterdata}, true},
		{[]string{All}, false},
		{[]string{Auth}, false},
		{[]string{Auth, Masterdata}, false},
		{[]string{WorkflowWorker}, false}, // serves no requests
	}
	for _, c := range cases {
		t.Run(strings.Join(c.targets, ","), func(t *testing.T) {
			err := New(DefaultConfig(), Serve, slog.New(slog.DiscardHandler)).Check(c.targets)
			named := err != nil && strings.Contains(err.Error(), "VEXTRUS_SERVICES_AUTH_URL")
			if named != c.needs {
				t.Fatalf("names VEXTRUS_SERVICES_AUTH_URL: %v, want %v; error:\n%v", named, c.needs, err)
			}
		})
	}
	t.Run("a configured URL satisfies it, a malformed one does not", func(t *testing.T) {
		cfg := DefaultConfig()
		cfg.Services = map[string]ServiceEndpoint{Auth: {URL: "http://auth.vextrus.svc:8080"}}
		if err := New(cfg, Serve, slog.New(slog.DiscardHandler)).Check([]string{Masterdata}); err != nil &&
			strings.Contains(err.Error(), "VEXTRUS_SERVICES_AUTH_URL") {
			t.Fatalf("set URL still reported:\n%v", err)
		}
		cfg.Services[Auth] = ServiceEndpoint{URL: "auth:8080"}
		err := New(cfg, Serve, slog.New(slog.DiscardHandler)).Check([]string{Masterdata})
		if err == nil || !strings.Contains(err.Error(), "VEXTRUS_SERVICES_AUTH_URL") {
			t.Fatalf("malformed URL accepted: %v", err)
		}
	})
}

// TestEveryServiceIsInThePermissionCatalogue keeps servicePermissions
// complete: a service missing there would have its permissions unknown to
// auth and to system roles in every process it does not run in.
func TestEveryServiceIsInThePermissionCatalogue(t *testing.T) {
	perms := servicePermissions()
	for _, d := range New(DefaultConfig(), Dev, slog.New(slog.DiscardHandler)).moduleDefs() {
		if d.schema != nil && d.summary != "" {
			if _, ok := perms[d.name]; !ok {
				t.Errorf("service %s is not in servicePermissions", d.name)
			}
		}
	}
}

// split is auth, masterdata and the gateway in three processes on one
// PostgreSQL and one Kafka, as `serve --target=<name>` runs them.
type split struct {
	auth, masterdata, gateway *Main
	admin                     *auth.Service // provisions tenants and users behind auth's back
	platform, alpha, beta     tenant.ID
}

const testPassword = "correct horse battery staple"

func startSplit(t *testing.T) *split {
	t.Helper()
	ctx := context.Background()
	cfg := DefaultConfig()
	cfg.HTTP.Addr, cfg.HTTP.InternalAddr = "127.0.0.1:0", "127.0.0.1:0"
	cfg.Temporal.Address = "127.0.0.1:1" // nothing here runs Temporal: do not embed one
	cfg.Auth.Argon2 = auth.Argon2Params{MemoryKiB: 8 * 1024, Iterations: 1, Parallelism: 1}
	// An hour: only auth's event can make a suspension apply in time.
	cfg.Auth.TenantStatusTTL = time.Hour
	cfg.Auth.APIKeyCacheTTL = 300 * time.Millisecond
	s := &split{}
	var err error
	if s.auth, err = NewMain(ctx, Options{Targets: []string{Auth}, Config: &cfg, grants: probeGrants}); err != nil {
		t.Fatalf("start auth: %v", err)
	}
	t.Cleanup(func() { s.auth.Close() })

	md := s.auth.App.Config // the engines auth's process started
	md.Services = map[string]ServiceEndpoint{Auth: {URL: s.auth.URL(), InternalURL: s.auth.InternalURL()}}
	if s.masterdata, err = NewMain(ctx, Options{Targets: []string{Masterdata}, Config: &md, grants: probeGrants}); err != nil {
		t.Fatalf("start masterdata: %v", err)
	}
	t.Cleanup(func() { s.masterdata.Close() })

	gw := md
	gw.Services = map[string]ServiceEndpoint{Auth: {URL: s.auth.URL(), InternalURL: s.auth.InternalURL()},
		Masterdata: {URL: s.masterdata.URL(), InternalURL: s.masterdata.InternalURL()}}
	if s.gateway, err = NewMain(ctx, Options{Targets: []string{Gateway}, Config: &gw}); err != nil {
		t.Fatalf("start gateway: %v", err)
	}
	t.Cleanup(func() { s.gateway.Close() })

	reg, err := permissionCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	outbox, err := events.NewOutbox(auth.Schema.Name)
	if err != nil {
		t.Fatal(err)
	}
	if s.admin, err = auth.New(auth.Deps{DB: s.auth.App.DB, Events: outbox, Config: cfg.Auth, Permissions: reg}); err != nil {
		t.Fatal(err)
	}
	s.platform = s.tenant(t, cfg.Auth.PlatformTenant)
	s.alpha = s.tenant(t, "alpha")
	s.beta = s.tenant(t, "beta")
	return s
}

// tenant provisions slug with an owner, owner@<slug>.test.
func (s *split) tenant(t *testing.T, slug string) tenant.ID {
	t.Helper()
	tn, err := s.admin.CreateTenant(context.Background(), auth.NewTenant{Slug: slug, Name: slug + " Ltd"})
	if err != nil {
		t.Fatal(err)
	}
	s.user(t, tn.ID, "owner@"+slug+".test", authz.RoleOwner)
	return tn.ID
}

func (s *split) user(t *testing.T, id tenant.ID, email string, roles ...string) {
	t.Helper()
	_, err := s.admin.CreateUser(tenant.With(context.Background(), id), auth.NewUser{Email: email, Name: email, Roles: roles}, testPassword)
	if err != nil {
		t.Fatal(err)
	}
}

// login returns an access token from the auth process.
func (s *split) login(t *testing.T, slug, email string) string {
	t.Helper()
	return apitest.New(t, s.auth.URL(), nil).Login(slug, email, testPassword).Token()
}

// authCalls counts the masterdata process's calls to auth.
func (s *split) authCalls(t *testing.T) float64 {
	t.Helper()
	mfs, err := s.masterdata.App.Registry.Gather()
	if err != nil {
		t.Fatal(err)
	}
	var n float64
	for _, mf := range mfs {
		if mf.GetName() != "vextrus_service_client_calls_total" {
			continue
		}
		for _, m := range mf.GetMetric() {
			for _, l := range m.GetLabel() {
				if l.GetName() == "target" && l.GetValue() == Auth {
					n += m.GetCounter().GetValue()
				}
			}
		}
	}
	return n
}

// call sends body as JSON to url with credential (a token, or an API
// key) and headers given as name, value pairs.
func call(t *testing.T, method, url, credential string, body any, headers ...string) apitest.Response {
	t.Helper()
	return apitest.New(t, url, nil).WithToken(credential).Do(method, "", body, headers...)
}

// TestSplitProcessesAuthenticateThroughAuth runs auth, masterdata and the
// gateway as separate processes and checks that masterdata and the
// gateway authenticate for real: tokens verified locally, tenant status,
// custom roles and API keys from auth, suspensions by event.
func TestSplitProcessesAuthenticateThroughAuth(t *testing.T) {
	s := startSplit(t)
	customers := s.masterdata.URL() + "/api/v1/masterdata/customers"
	units := s.masterdata.URL() + "/api/v1/masterdata/units/builtin"
	alphaOwner := s.login(t, "alpha", "owner@alpha.test")
	betaOwner := s.login(t, "beta", "owner@beta.test")

	t.Run("a token from auth works in another process, with no call to auth per request", func(t *testing.T) {
		call(t, "GET", customers, alphaOwner, nil).Want(t, http.StatusOK)
		before := s.authCalls(t)
		for range 20 {
			call(t, "GET", customers, alphaOwner, nil).Want(t, http.StatusOK)
		}
		if n := s.authCalls(t) - before; n != 0 {
			t.Fatalf("%v calls to auth for 20 requests of a known tenant with system roles", n)
		}
		call(t, "GET", customers, "", nil).WantProblem(t, http.StatusUnauthorized, "UNAUTHENTICATED")
	})

	t.Run("a tenant-B token naming tenant A is refused", func(t *testing.T) {
		call(t, "GET", customers, betaOwner, nil, authn.TenantHeader, s.alpha.String()).WantProblem(t, http.StatusForbidden, "PERMISSION_DENIED")
	})

	t.Run("a custom role grants remotely what it grants in auth", func(t *testing.T) {
		call(t, "POST", s.auth.URL()+"/api/v1/auth/roles", alphaOwner,
			map[string]any{"name": "customer-desk", "description": "reads customers", "permissions": []string{"masterdata.customer.*"}}).
			Want(t, http.StatusCreated)
		s.user(t, s.alpha, "desk@alpha.test", "customer-desk")
		desk := s.login(t, "alpha", "desk@alpha.test")
		call(t, "GET", customers, desk, nil).Want(t, http.StatusOK)
		call(t, "GET", units, desk, nil).WantProblem(t, http.StatusForbidden, "PERMISSION_DENIED")
		before := s.authCalls(t)
		call(t, "GET", customers, desk, nil).Want(t, http.StatusOK)
		if n := s.authCalls(t) - before; n != 0 {
			t.Fatalf("%v calls to auth for a role set already resolved", n)
		}
	})

	t.Run("an API key made in auth works until revoked", func(t *testing.T) {
		made := call(t, "POST", s.auth.URL()+"/api/v1/auth/apikeys", alphaOwner,
			map[string]any{"name": "erp sync", "permissions": []string{"masterdata.customer.read"}})
		made.Want(t, http.StatusCreated)
		key, _ := made.Body["key"].(string)
		call(t, "GET", customers, "", nil, authn.APIKeyHeader, key).Want(t, http.StatusOK)
		call(t, "GET", customers, key, nil).Want(t, http.StatusOK)
		call(t, "GET", units, key, nil).WantProblem(t, http.StatusForbidden, "PERMISSION_DENIED")
		call(t, "POST", s.auth.URL()+"/api/v1/auth/apikeys/"+made.Body["id"].(string)+"/revoke", alphaOwner, nil).
			Want(t, http.StatusNoContent)
		testwait.For(t, 5*time.Second, "revoked key refused", func() bool {
			return call(t, "GET", customers, key, nil).Status == http.StatusUnauthorized
		})
		call(t, "GET", customers, "vx_"+strings.Repeat("A", 64), nil).WantProblem(t, http.StatusUnauthorized, "UNAUTHENTICATED")
	})

	t.Run("suspending a tenant in auth stops its tokens elsewhere at once", func(t *testing.T) {
		viaGateway := s.gateway.URL() + "/api/v1/masterdata/customers"
		// Both processes now hold beta as active, for an hour.
		call(t, "GET", customers, betaOwner, nil).Want(t, http.StatusOK)
		call(t, "GET", viaGateway, betaOwner, nil).Want(t, http.StatusOK)
		admin := s.login(t, auth.DefaultConfig().PlatformTenant, "owner@platform.test")
		tenants := s.auth.URL() + "/api/v1/auth/tenants/" + s.beta.String()
		call(t, "POST", tenants+"/suspend", admin, nil).Want(t, http.StatusOK)
		took := testwait.For(t, 15*time.Second, "suspended tenant refused by masterdata", func() bool {
			return call(t, "GET", customers, betaOwner, nil).Status == http.StatusUnauthorized
		})
		t.Logf("masterdata refused the suspended tenant after %v", took)
		call(t, "GET", customers, betaOwner, nil).WantProblem(t, http.StatusUnauthorized, "UNAUTHENTICATED")
		testwait.For(t, 15*time.Second, "suspended tenant refused by the gateway", func() bool {
			return call(t, "GET", viaGateway, betaOwner, nil).Status == http.StatusUnauthorized
		})
		call(t, "GET", customers, alphaOwner, nil).Want(t, http.StatusOK)

		call(t, "POST", tenants+"/reactivate", admin, nil).Want(t, http.StatusOK)
		testwait.For(t, 15*time.Second, "reactivated tenant accepted", func() bool {
			return call(t, "GET", customers, betaOwner, nil).Status == http.StatusOK
		})
	})

	t.Run("subgraphs apitest.Response only on the internal listener, where the gateway reaches them", func(t *testing.T) {
		sdl := map[string]string{"query": "{ _service { sdl } }"}
		for _, p := range []*Main{s.auth, s.masterdata, s.gateway} {
			for _, name := range []string{Auth, Masterdata, Rules, Workflow, Audit} {
				call(t, "POST", p.URL()+"/graphql/"+name, "", sdl).Want(t, http.StatusNotFound)
				call(t, "POST", p.URL()+"/graphql/"+name, alphaOwner, sdl).Want(t, http.StatusNotFound)
			}
		}
		call(t, "POST", s.masterdata.InternalURL()+"/graphql/masterdata", "", sdl).Want(t, http.StatusOK)
		got := call(t, "POST", s.gateway.URL()+"/graphql", alphaOwner, map[string]string{"query": "{ customers(first: 1) { edges { cursor } } me { email } }"})
		got.Want(t, http.StatusOK)
		if got.Body["errors"] != nil {
			t.Fatalf("the gateway did not reach the subgraphs: %v", got.Body)
		}
	})

	t.Run("the gateway in its own process refuses a token signed with a foreign key", func(t *testing.T) {
		viaGateway := s.gateway.URL() + "/api/v1/masterdata/customers"
		call(t, "GET", viaGateway, alphaOwner, nil).Want(t, http.StatusOK)
		jwks := call(t, "GET", s.auth.URL()+"/.well-known/jwks.json", "", nil)
		jwks.Want(t, http.StatusOK)
		realKid := jwks.Body["keys"].([]any)[0].(map[string]any)["kid"].(string)
		_, foreign, _ := ed25519.GenerateKey(rand.Reader)
		now := time.Now()
		for _, kid := range []string{realKid, "foreign"} {
			forged, err := authn.Sign(&authn.Claims{RegisteredClaims: jwt.RegisteredClaims{Issuer: authn.Issuer,
				Subject: uuid.NewString(), ID: uuid.NewString(), IssuedAt: jwt.NewNumericDate(now),
				ExpiresAt: jwt.NewNumericDate(now.Add(time.Minute))}, Tenant: s.alpha.String(), Roles: []string{authz.RoleOwner}}, kid, foreign)
			if err != nil {
				t.Fatal(err)
			}
			call(t, "GET", viaGateway, forged, nil).WantProblem(t, http.StatusUnauthorized, "UNAUTHENTICATED")
			call(t, "GET", customers, forged, nil).WantProblem(t, http.StatusUnauthorized, "UNAUTHENTICATED")
		}
	})

	t.Run("a logout in auth stops that session's access token elsewhere, not the user's other session", func(t *testing.T) {
		s.user(t, s.alpha, "clerk@alpha.test", authz.RoleViewer)
		leaving, staying := s.login(t, "alpha", "clerk@alpha.test"), s.login(t, "alpha", "clerk@alpha.test")
		viaGateway := s.gateway.URL() + "/api/v1/masterdata/customers"
		call(t, "GET", customers, leaving, nil).Want(t, http.StatusOK)
		call(t, "GET", viaGateway, leaving, nil).Want(t, http.StatusOK)
		call(t, "POST", s.auth.URL()+"/api/v1/auth/logout", leaving, nil).Want(t, http.StatusNoContent)
		// Auth itself refuses at once; the others on its event.
		call(t, "GET", s.auth.URL()+"/api/v1/auth/me", leaving, nil).WantProblem(t, http.StatusUnauthorized, "UNAUTHENTICATED")
		took := testwait.For(t, 15*time.Second, "the logged-out token refused by masterdata", func() bool {
			return call(t, "GET", customers, leaving, nil).Status == http.StatusUnauthorized
		})
		t.Logf("masterdata refused the logged-out token after %v", took)
		testwait.For(t, 15*time.Second, "the logged-out token refused by the gateway", func() bool {
			return call(t, "GET", viaGateway, leaving, nil).Status == http.StatusUnauthorized
		})
		call(t, "GET", customers, staying, nil).Want(t, http.StatusOK)
		call(t, "GET", viaGateway, staying, nil).Want(t, http.StatusOK)
	})

	t.Run("a record created with an API key names the key as its creator through the gateway", func(t *testing.T) {
		made := call(t, "POST", s.auth.URL()+"/api/v1/auth/apikeys", alphaOwner,
			map[string]any{"name": "tally import", "permissions": []string{"masterdata.customer.write", "masterdata.customer.read"}})
		made.Want(t, http.StatusCreated)
		key, keyID := made.Body["key"].(string), made.Body["id"].(string)
		call(t, "POST", customers, "", map[string]any{"code": "KEY-1", "name": "Meghna Traders", "type": "company",
			"bin": "0001234567899", "mobile": "01712345678"}, authn.APIKeyHeader, key).Want(t, http.StatusCreated)
		q := map[string]string{"query": `{ customers(first: 50) { edges { node { code createdBy { id kind name } } } } }`}
		ans := call(t, "POST", s.gateway.URL()+"/graphql", alphaOwner, q)
		ans.Want(t, http.StatusOK)
		if ans.Body["errors"] != nil {
			t.Fatalf("errors: %v", ans.Body["errors"])
		}
		var creator map[string]any
		for _, e := range ans.Body["data"].(map[string]any)["customers"].(map[string]any)["edges"].([]any) {
			if n := e.(map[string]any)["node"].(map[string]any); n["code"] == "KEY-1" {
				creator, _ = n["createdBy"].(map[string]any)
			}
		}
		if creator["id"] != keyID || creator["kind"] != "API_KEY" || creator["name"] != "tally import" {
			t.Fatalf("createdBy = %v, want the key %s as an API_KEY actor named tally import", creator, keyID)
		}
	})
}

// TestServeWithoutSettingsNeedsItsInternalURL: a served process whose
// services read tenant settings, without the settings module, must know
// where the settings service's internal listener is.
func TestServeWithoutSettingsNeedsItsInternalURL(t *testing.T) {
	const env = "VEXTRUS_SERVICES_SETTINGS_INTERNAL_URL"
	cases := []struct {
		targets []string
		needs   bool
	}{
		{[]string{Rules}, true},
		{[]string{Masterdata}, true},
		{[]string{Audit}, true},
		{[]string{Workflow}, true},
		{[]string{Settings}, false},
		{[]string{Rules, Settings}, false},
		{[]string{All}, false},
		{[]string{WorkflowWorker}, false}, // reads no tenant settings
		{[]string{Auth}, false},
	}
	for _, c := range cases {
		t.Run(strings.Join(c.targets, ","), func(t *testing.T) {
			err := New(DefaultConfig(), Serve, slog.New(slog.DiscardHandler)).Check(c.targets)
			named := err != nil && strings.Contains(err.Error(), env)
			if named != c.needs {
				t.Fatalf("names %s: %v, want %v; error:\n%v", env, named, c.needs, err)
			}
		})
	}
	cfg := DefaultConfig()
	cfg.Services = map[string]ServiceEndpoint{Settings: {InternalURL: "settings.vextrus.svc:8081"}}
	if err := New(cfg, Serve, slog.New(slog.DiscardHandler)).Check([]string{Rules}); err == nil || !strings.Contains(err.Error(), env) {
		t.Fatalf("a URL without scheme accepted: %v", err)
	}
	cfg.Services[Settings] = ServiceEndpoint{InternalURL: "http://settings.vextrus.svc:8081"}
	if err := New(cfg, Serve, slog.New(slog.DiscardHandler)).Check([]string{Rules}); err != nil && strings.Contains(err.Error(), env) {
		t.Fatalf("a set URL still reported:\n%v", err)
	}
}

func TestServeFinanceNeedsTheURLsOfTheServicesItCalls(t *testing.T) {
	check := func(targets ...string) string {
		err := New(DefaultConfig(), Serve, slog.New(slog.DiscardHandler)).Check(targets)
		if err == nil {
			return ""
		}
		return err.Error()
	}
	alone := check(Finance)
	for _, env := range []string{"VEXTRUS_SERVICES_RULES_URL", "VEXTRUS_SERVICES_WORKFLOW_URL", "VEXTRUS_SERVICES_MASTERDATA_URL"} {
		if !strings.Contains(alone, env) {
			t.Errorf("finance alone does not name %s:\n%s", env, alone)
		}
	}
	beside := check(Finance, Rules, Masterdata)
	if strings.Contains(beside, "VEXTRUS_SERVICES_RULES_URL") || strings.Contains(beside, "VEXTRUS_SERVICES_MASTERDATA_URL") ||
		!strings.Contains(beside, "VEXTRUS_SERVICES_WORKFLOW_URL") {
		t.Errorf("finance beside rules and masterdata:\n%s", beside)
	}
}
