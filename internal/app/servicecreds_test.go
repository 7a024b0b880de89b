package app

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/vextrus/vextrus/internal/auth"
	"github.com/vextrus/vextrus/internal/auth/authclient"
	"github.com/vextrus/vextrus/internal/platform/apitest"
	"github.com/vextrus/vextrus/internal/platform/authn"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/svcclient"
	"github.com/vextrus/vextrus/internal/platform/tenant"
	"github.com/vextrus/vextrus/internal/platform/testwait"
)

// probeGrants give the tests' "probe" service, which is no module, what a
// background job of master data's neighbours might need.
var probeGrants = auth.ServiceGrants{"probe": {"masterdata.customer.read", "masterdata.customer.write"}}

// TestSplitServiceCredentials runs auth and masterdata as separate
// processes: the masterdata process gets a probe service's tokens from
// auth's internal listener with the shared secret, and acts with exactly
// the probe's grant for one tenant.
func TestSplitServiceCredentials(t *testing.T) {
	s := startSplit(t)
	src, err := s.masterdata.App.ServiceCredentials("probe")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.masterdata.App.ServiceCredentials("intruder"); err == nil {
		t.Fatal("a source for a service without a grant")
	}
	ctx := context.Background()
	alpha, err := src.Act(ctx, s.alpha)
	if err != nil {
		t.Fatalf("mint through auth's internal listener: %v", err)
	}
	customers := s.masterdata.App.Client(Masterdata)
	alphaOwner := s.login(t, "alpha", "owner@alpha.test")

	t.Run("the service creates and reads the tenant's records, named as their creator", func(t *testing.T) {
		var made struct {
			ID        string `json:"id"`
			CreatedBy string `json:"createdBy"`
		}
		err := customers.Do(alpha, http.MethodPost, "/api/v1/masterdata/customers", map[string]any{"code": "SVC-1",
			"name": "Padma Traders", "type": "company", "bin": "0001234567899", "mobile": "01712345678"}, &made,
			svcclient.IdempotencyKey("svc-1"))
		if err != nil || made.CreatedBy != "service:probe" {
			t.Fatalf("create as the service: %v, createdBy %q", err, made.CreatedBy)
		}
		if err := customers.Do(alpha, http.MethodGet, "/api/v1/masterdata/customers/"+made.ID, nil, nil); err != nil {
			t.Fatalf("read back: %v", err)
		}
		q := map[string]string{"query": `{ customers(first: 50) { edges { node { code createdBy { id kind } } } } }`}
		ans := call(t, "POST", s.gateway.URL()+"/graphql", alphaOwner, q).Want(t, http.StatusOK)
		if ans.Body["errors"] != nil || !strings.Contains(string(ans.Raw), `{"id":"service:probe","kind":"SERVICE"}`) {
			t.Fatalf("the creator through the gateway: %s", ans.Raw)
		}
	})

	t.Run("exactly the grant: anything else is PERMISSION_DENIED", func(t *testing.T) {
		err := customers.Do(alpha, http.MethodGet, "/api/v1/masterdata/vendors", nil, nil)
		if !errs.Is(err, errs.PermissionDenied) {
			t.Fatalf("vendors: %v, want PERMISSION_DENIED", err)
		}
	})

	t.Run("the token of tenant A cannot read tenant B", func(t *testing.T) {
		tok, err := src.Token(ctx, s.alpha)
		if err != nil {
			t.Fatal(err)
		}
		call(t, "GET", s.masterdata.URL()+"/api/v1/masterdata/customers", tok.Raw, nil, authn.TenantHeader, s.beta.String()).
			WantProblem(t, http.StatusForbidden, "PERMISSION_DENIED")
		beta, err := src.Act(ctx, s.beta)
		if err != nil {
			t.Fatal(err)
		}
		var page struct {
			Items []struct{ Code string } `json:"items"`
		}
		if err := customers.Do(beta, http.MethodGet, "/api/v1/masterdata/customers", nil, &page); err != nil || len(page.Items) != 0 {
			t.Fatalf("tenant B's list with B's token: %v, %+v; want empty", err, page.Items)
		}
	})

	minter := func(secret string) authclient.ServiceTokenMinter {
		return authclient.ServiceTokenMinter{Secret: secret, Client: svcclient.New(Auth, svcclient.HTTP(s.auth.InternalURL(), nil),
			svcclient.Policy{}, svcclient.NewMetrics(nil))}
	}
	t.Run("a wrong secret is refused and mints nothing", func(t *testing.T) {
		if _, err := minter("not-the-secret").Mint(ctx, s.alpha, "probe"); !errs.Is(err, errs.Unauthenticated) {
			t.Fatalf("err %v, want UNAUTHENTICATED", err)
		}
		call(t, "POST", s.auth.InternalURL()+auth.ServiceTokenPath, "", map[string]string{"tenant": s.alpha.String(), "service": "probe"}).
			WantProblem(t, http.StatusUnauthorized, "UNAUTHENTICATED")
	})
	t.Run("the public listener does not mint", func(t *testing.T) {
		call(t, "POST", s.auth.URL()+auth.ServiceTokenPath, s.masterdata.App.Config.Auth.ServiceTokenSecret,
			map[string]string{"tenant": s.alpha.String(), "service": "probe"}).Want(t, http.StatusNotFound)
	})
	t.Run("an unknown service, a missing or suspended tenant get no token", func(t *testing.T) {
		m := minter(s.masterdata.App.Config.Auth.ServiceTokenSecret)
		if _, err := m.Mint(ctx, s.alpha, "intruder"); !errs.Is(err, errs.PermissionDenied) {
			t.Fatalf("unknown service: %v", err)
		}
		if _, err := m.Mint(ctx, tenant.New(), "probe"); !errs.Is(err, errs.NotFound) {
			t.Fatalf("missing tenant: %v", err)
		}
		if _, err := s.admin.SetTenantStatus(ctx, s.beta, auth.TenantSuspended); err != nil {
			t.Fatal(err)
		}
		if _, err := m.Mint(ctx, s.beta, "probe"); !errs.Is(err, errs.FailedPrecondition) {
			t.Fatalf("suspended tenant: %v", err)
		}
	})
}

// TestServiceCredentialsNeedAuthsInternalURLAndSecret: a served process
// whose module has a grant, without auth, must say where auth's internal
// listener is and hold the shared secret.
func TestServiceCredentialsNeedAuthsInternalURLAndSecret(t *testing.T) {
	check := func(cfg Config, targets ...string) string {
		a := New(cfg, Serve, slog.New(slog.DiscardHandler))
		d := a.defs[Masterdata]
		d.grant = []string{"finance.invoice.read"}
		a.defs[Masterdata] = d
		err := a.Check(targets)
		if err == nil {
			return ""
		}
		return err.Error()
	}
	cfg := DefaultConfig()
	got := check(cfg, Masterdata)
	for _, key := range []string{"VEXTRUS_SERVICES_AUTH_INTERNAL_URL", "VEXTRUS_AUTH_SERVICE_TOKEN_SECRET"} {
		if !strings.Contains(got, key) {
			t.Errorf("without auth: %s not named in\n%s", key, got)
		}
	}
	if got := check(cfg, Auth, Masterdata); strings.Contains(got, "SERVICE_TOKEN_SECRET") || strings.Contains(got, "AUTH_INTERNAL_URL") {
		t.Errorf("with auth in the process:\n%s", got)
	}
	cfg.Services = map[string]ServiceEndpoint{Auth: {URL: "http://auth:8080", InternalURL: "http://auth:8081"}}
	cfg.Auth.ServiceTokenSecret = "s3cret"
	if got := check(cfg, Masterdata); strings.Contains(got, "SERVICE_TOKEN_SECRET") || strings.Contains(got, "AUTH_INTERNAL_URL") {
		t.Errorf("configured:\n%s", got)
	}
}

// TestEveryModuleGrantIsValid keeps the modules' grants within the
// catalogue and out of auth's administration.
func TestEveryModuleGrantIsValid(t *testing.T) {
	a := New(DefaultConfig(), Dev, slog.New(slog.DiscardHandler))
	if _, err := a.serviceGrants(); err != nil {
		t.Fatal(err)
	}
	a.extraGrants = auth.ServiceGrants{"probe": {"auth.user.write"}}
	if _, err := a.serviceGrants(); err == nil {
		t.Fatal("a grant of auth.user.write was accepted")
	}
	a.extraGrants = auth.ServiceGrants{"probe": {"masterdata.nothing.read"}}
	if _, err := a.serviceGrants(); err == nil {
		t.Fatal("a grant of an unknown permission was accepted")
	}
}

// TestInProcessServiceCredentialsAreAudited runs auth, masterdata and the
// audit log in one process: the source mints with auth's service
// directly, a record the probe service creates through the in-process
// client names it as creator, and the audit log records it as the actor.
func TestInProcessServiceCredentialsAreAudited(t *testing.T) {
	ctx := context.Background()
	cfg := DefaultConfig()
	cfg.HTTP.Addr, cfg.HTTP.InternalAddr = "127.0.0.1:0", "127.0.0.1:0"
	cfg.Temporal.Address = "127.0.0.1:1" // nothing here runs Temporal: do not embed one
	cfg.Auth.Argon2 = auth.Argon2Params{MemoryKiB: 8 * 1024, Iterations: 1, Parallelism: 1}
	m, err := NewMain(ctx, Options{Targets: []string{Auth, Masterdata, Audit}, Config: &cfg, grants: probeGrants})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	demo, _, err := m.App.authSvc.TenantBySlug(ctx, DevTenant)
	if err != nil {
		t.Fatal(err)
	}
	src, err := m.App.ServiceCredentials("probe")
	if err != nil {
		t.Fatal(err)
	}
	probe, err := src.Act(ctx, demo)
	if err != nil {
		t.Fatalf("mint in process: %v", err)
	}
	var made struct {
		ID        string `json:"id"`
		CreatedBy string `json:"createdBy"`
	}
	err = m.App.Client(Masterdata).Do(probe, http.MethodPost, "/api/v1/masterdata/customers", map[string]any{"code": "SVC-1",
		"name": "Jamuna Traders", "type": "company", "bin": "0001234567899", "mobile": "01712345678"}, &made, svcclient.IdempotencyKey("svc-1"))
	if err != nil || made.CreatedBy != "service:probe" {
		t.Fatalf("create as the service: %v, createdBy %q", err, made.CreatedBy)
	}
	if err := m.App.Client(Masterdata).Do(probe, http.MethodGet, "/api/v1/masterdata/vendors", nil, nil); !errs.Is(err, errs.PermissionDenied) {
		t.Fatalf("vendors with the probe's grant: %v, want PERMISSION_DENIED", err)
	}
	admin := apitest.New(t, m.URL(), nil).Login(DevTenant, DevAdmin, cfg.Dev.AdminPassword)
	var page struct {
		Items []struct {
			Type  string `json:"type"`
			Actor string `json:"actor"`
		} `json:"items"`
	}
	testwait.For(t, 30*time.Second, "the audit entry of the service's customer", func() bool {
		admin.Do(http.MethodGet, "/api/v1/audit/events?limit=10&subject="+made.ID, nil).Want(t, http.StatusOK).Decode(t, &page)
		return len(page.Items) > 0
	})
	if e := page.Items[0]; e.Type != "vextrus.masterdata.customer.created.v1" || e.Actor != "service:probe" {
		t.Fatalf("audit entry %+v, want customer.created by service:probe", e)
	}
}
