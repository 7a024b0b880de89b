package settings_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"

	"github.com/vextrus/vextrus/internal/platform/apitest"
	"github.com/vextrus/vextrus/internal/platform/authn"
	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/httpx"
	"github.com/vextrus/vextrus/internal/platform/tenant"
	"github.com/vextrus/vextrus/internal/platform/tenantsettings"
	"github.com/vextrus/vextrus/internal/settings"
)

// apiKeys authenticates test callers by API key.
type apiKeys map[string]*authz.Principal

func (k apiKeys) VerifyAPIKey(_ context.Context, key string) (*authz.Principal, error) {
	if p, ok := k[key]; ok {
		return p, nil
	}
	return nil, errs.E(errs.Unauthenticated, "unknown API key")
}

type activeTenants struct{}

func (activeTenants) Active(context.Context, tenant.ID) (bool, error) { return true, nil }

// server is the REST API (and internal routes and subgraph, when
// mounted) behind the real authentication middleware with API keys.
type server struct {
	*httptest.Server
	keys apiKeys
}

func serve(tb testing.TB, f *fixture, mount ...func(*http.ServeMux)) *server {
	tb.Helper()
	mux := http.NewServeMux()
	f.svc.Routes(mux)
	f.svc.InternalRoutes(mux)
	for _, m := range mount {
		m(mux)
	}
	s := &server{keys: apiKeys{}}
	auth := authn.Middleware(authn.Config{APIKeys: s.keys, Tenants: activeTenants{},
		Public: []string{settings.SnapshotPrefix}, Optional: []string{"/graphql", "/graphql/"}})
	s.Server = httptest.NewServer(httpx.Chain(mux, httpx.RequestID, auth))
	tb.Cleanup(s.Close)
	return s
}

// client returns a client calling as user of t holding perms.
func (s *server) client(tb testing.TB, t tenant.ID, user string, perms ...string) *apitest.Client {
	// The whole tenant id: UUIDv7s made in one millisecond share their start.
	key := "vx_" + user + "_" + t.String()
	p := &authz.Principal{UserID: user, Tenant: t, Permissions: map[string]bool{}, APIKey: true}
	for _, perm := range perms {
		p.Permissions[perm] = true
	}
	s.keys[key] = p
	return apitest.New(tb, s.URL, s.Client()).WithToken(key)
}

func (s *server) admin(tb testing.TB, t tenant.ID) *apitest.Client {
	return s.client(tb, t, "admin", settings.PermTenantRead, settings.PermTenantWrite, settings.PermFlagRead, settings.PermFlagWrite)
}

// replaceBody is a PUT body: the document's fields at the top level, and
// why.
func replaceBody(st tenantsettings.Settings, reason string) map[string]any {
	raw, _ := json.Marshal(st)
	var body map[string]any
	_ = json.Unmarshal(raw, &body)
	body["reason"] = reason
	return body
}

func TestRESTSettingsRoundTripWithETags(t *testing.T) {
	f := newFixture(t)
	srv := serve(t, f)
	api := srv.admin(t, tenant.New())
	r := api.Do("GET", "/api/v1/settings/tenant", nil).Want(t, http.StatusOK)
	if r.Header.Get("ETag") != `"0"` || r.Body["version"] != float64(0) || r.Body["updatedAt"] != nil {
		t.Fatalf("defaults: %s %s", r.Header.Get("ETag"), r.Raw)
	}
	next := company()
	next.Timezone, next.FiscalYearStartMonth = "UTC", 1
	r = api.Do("PUT", "/api/v1/settings/tenant", replaceBody(next, "calendar year"), "If-Match", `"0"`).Want(t, http.StatusOK)
	if r.Header.Get("ETag") != `"1"` {
		t.Fatalf("put etag %q", r.Header.Get("ETag"))
	}
	var got settings.DocumentJSON
	api.Do("GET", "/api/v1/settings/tenant", nil).Want(t, http.StatusOK).Decode(t, &got)
	if got.Version != 1 || got.Settings.Timezone != "UTC" || got.Settings.FiscalYearStartMonth != 1 || got.Reason != "calendar year" ||
		got.UpdatedBy != "admin" || got.UpdatedAt == nil || got.Settings.Company.BIN != "0012345670101" {
		t.Fatalf("read back %+v", got)
	}
	api.Do("GET", "/api/v1/settings/tenant", nil, "If-None-Match", `"1"`).Want(t, http.StatusNotModified)
	next.Locale = tenantsettings.LocaleBangla
	api.Do("PUT", "/api/v1/settings/tenant", replaceBody(next, "Bangla documents"), "If-Match", "*").Want(t, http.StatusOK)
	if r := api.Do("GET", "/api/v1/settings/tenant", nil); r.Header.Get("ETag") != `"2"` {
		t.Fatalf("after If-Match * : %s", r.Header.Get("ETag"))
	}
}

func TestRESTWritesNeedACurrentIfMatch(t *testing.T) {
	f := newFixture(t)
	srv := serve(t, f)
	api := srv.admin(t, tenant.New())
	body := replaceBody(company(), "first")
	api.Do("PUT", "/api/v1/settings/tenant", body).WantProblem(t, http.StatusPreconditionRequired, errs.FailedPrecondition)
	api.Do("PUT", "/api/v1/settings/tenant", body, "If-Match", `"0"`).Want(t, http.StatusOK)
	p := api.Do("PUT", "/api/v1/settings/tenant", body, "If-Match", `"0"`).WantProblem(t, http.StatusPreconditionFailed, errs.FailedPrecondition)
	if len(p.Errors) != 1 || p.Errors[0].Field != "If-Match" {
		t.Fatalf("stale: %+v", p)
	}
	flag := map[string]any{"state": map[string]any{"enabled": true, "rolloutPercent": 100}, "reason": "pilot"}
	api.Do("PUT", "/api/v1/settings/flags/notify.sms", flag).WantProblem(t, http.StatusPreconditionRequired, errs.FailedPrecondition)
	api.Do("PUT", "/api/v1/settings/flags/notify.sms", flag, "If-Match", `"0"`).Want(t, http.StatusOK)
	api.Do("PUT", "/api/v1/settings/flags/notify.sms", flag, "If-Match", `"7"`).WantProblem(t, http.StatusPreconditionFailed, errs.FailedPrecondition)
}

func TestRESTBadSettingsNameEveryFieldAndChangeNothing(t *testing.T) {
	f := newFixture(t)
	srv := serve(t, f)
	api := srv.admin(t, tenant.New())
	api.Do("PUT", "/api/v1/settings/tenant", replaceBody(company(), "first"), "If-Match", `"0"`).Want(t, http.StatusOK)
	before := api.Do("GET", "/api/v1/settings/tenant", nil).Raw

	bad := company()
	bad.Timezone, bad.FiscalYearStartMonth, bad.Company.BIN = "Mars/Olympus", 13, "123456789"
	bad.Numbering["proforma"] = tenantsettings.Numbering{Prefix: "PF", Pattern: "{seq}"}
	inv := bad.Numbering[tenantsettings.DocSalesInvoice]
	inv.Pattern = "{prefix}-{seq}-{seq}"
	bad.Numbering[tenantsettings.DocSalesInvoice] = inv
	fields := api.Do("PUT", "/api/v1/settings/tenant", replaceBody(bad, "oops"), "If-Match", `"1"`).
		Want(t, http.StatusBadRequest).Fields(t)
	for _, w := range []string{"timezone", "fiscalYearStartMonth", "company.bin",
		"numbering.proforma", "numbering.sales-invoice.pattern"} {
		if !slices.Contains(fields, w) {
			t.Errorf("%s not named in %v", w, fields)
		}
	}
	flag := map[string]any{"state": map[string]any{"enabled": true}, "reason": "fax"}
	if fields := api.Do("PUT", "/api/v1/settings/flags/notify.fax", flag, "If-Match", `"0"`).Want(t, http.StatusBadRequest).Fields(t); !slices.Equal(fields, []string{"key"}) {
		t.Errorf("unknown flag: %v", fields)
	}
	if fields := api.Do("GET", "/api/v1/settings/flags/notify.fax/enabled", nil).Want(t, http.StatusBadRequest).Fields(t); !slices.Equal(fields, []string{"flag"}) {
		t.Errorf("unknown flag evaluated: %v", fields)
	}
	after := api.Do("GET", "/api/v1/settings/tenant", nil)
	if string(after.Raw) != string(before) || after.Header.Get("ETag") != `"1"` {
		t.Fatalf("settings changed:\n%s\n%s", before, after.Raw)
	}
}

func TestRESTTenantsAndPermissionsAreEnforced(t *testing.T) {
	f := newFixture(t)
	srv := serve(t, f)
	a, b := tenant.New(), tenant.New()
	next := company()
	next.Timezone = "UTC"
	srv.admin(t, a).Do("PUT", "/api/v1/settings/tenant", replaceBody(next, "a's"), "If-Match", `"0"`).Want(t, http.StatusOK)
	srv.admin(t, a).Do("PUT", "/api/v1/settings/flags/notify.sms",
		map[string]any{"state": map[string]any{"enabled": true, "rolloutPercent": 100}, "reason": "a's"}, "If-Match", `"0"`).Want(t, http.StatusOK)

	apiB := srv.admin(t, b)
	var gotB settings.DocumentJSON
	apiB.Do("GET", "/api/v1/settings/tenant", nil).Want(t, http.StatusOK).Decode(t, &gotB)
	if gotB.Version != 0 || gotB.Settings.Timezone != "Asia/Dhaka" {
		t.Fatalf("b sees %+v", gotB)
	}
	// A's tenant header with B's credential is refused before anything.
	apiB.Do("GET", "/api/v1/settings/tenant", nil, authn.TenantHeader, a.String()).WantProblem(t, http.StatusForbidden, errs.PermissionDenied)
	var flagB settings.FlagJSON
	apiB.Do("GET", "/api/v1/settings/flags/notify.sms", nil).Want(t, http.StatusOK).Decode(t, &flagB)
	if flagB.State != nil || flagB.On {
		t.Fatalf("b's flag %+v", flagB)
	}

	accountant := srv.client(t, a, "accountant", settings.PermTenantRead, settings.PermFlagRead)
	accountant.Do("GET", "/api/v1/settings/tenant", nil).Want(t, http.StatusOK)
	accountant.Do("PUT", "/api/v1/settings/tenant", replaceBody(company(), "no right"), "If-Match", `"1"`).
		WantProblem(t, http.StatusForbidden, errs.PermissionDenied)
	accountant.Do("PUT", "/api/v1/settings/flags/notify.sms", map[string]any{"state": map[string]any{}, "reason": "no right"},
		"If-Match", `"1"`).WantProblem(t, http.StatusForbidden, errs.PermissionDenied)
	// Evaluating needs only a signed-in user of the tenant.
	nobody := srv.client(t, a, "clerk")
	nobody.Do("GET", "/api/v1/settings/flags", nil).WantProblem(t, http.StatusForbidden, errs.PermissionDenied)
	if r := nobody.Do("GET", "/api/v1/settings/flags/notify.sms/enabled", nil).Want(t, http.StatusOK); r.Body["enabled"] != true {
		t.Fatalf("enabled for a's clerk: %s", r.Raw)
	}
	apitest.New(t, srv.URL, srv.Client()).Do("GET", "/api/v1/settings/flags/notify.sms/enabled", nil).
		WantProblem(t, http.StatusUnauthorized, errs.Unauthenticated)
}

func TestRESTFlagListIsTheCatalogWithStateAndEvaluation(t *testing.T) {
	f := newFixture(t)
	srv := serve(t, f)
	api := srv.admin(t, tenant.New())
	api.Do("PUT", "/api/v1/settings/flags/documents.bangla-mushak",
		map[string]any{"state": map[string]any{"enabled": true, "killed": true, "rolloutPercent": 100}, "reason": "printer trouble"},
		"If-Match", `"0"`).Want(t, http.StatusOK)
	var page httpx.Page[settings.FlagJSON]
	api.Do("GET", "/api/v1/settings/flags", nil).Want(t, http.StatusOK).Decode(t, &page)
	if len(page.Items) != 2 || page.NextCursor != nil {
		t.Fatalf("page %+v", page)
	}
	mushak, sms := page.Items[0], page.Items[1]
	if mushak.Key != "documents.bangla-mushak" || !mushak.Default || mushak.On || mushak.State == nil || !mushak.State.Killed ||
		mushak.Version != 1 || mushak.Reason != "printer trouble" {
		t.Fatalf("killed flag %+v", mushak)
	}
	if sms.Key != "notify.sms" || sms.Default || sms.On || sms.State != nil || sms.Version != 0 {
		t.Fatalf("default flag %+v", sms)
	}
}

func TestTheSnapshotIsServedForAnyTenantWithoutACredential(t *testing.T) {
	f := newFixture(t)
	srv := serve(t, f)
	tid := tenant.New()
	srv.admin(t, tid).Do("PUT", "/api/v1/settings/tenant", replaceBody(company(), "first"), "If-Match", `"0"`).Want(t, http.StatusOK)
	r := apitest.New(t, srv.URL, srv.Client()).Do("GET", "/internal/settings/snapshot/"+tid.String(), nil).Want(t, http.StatusOK)
	var snap tenantsettings.Snapshot
	if err := json.Unmarshal(r.Raw, &snap); err != nil || snap.Version != 1 || snap.Settings.Company.TIN != "354128760914" {
		t.Fatalf("snapshot %s (%v)", r.Raw, err)
	}
	if fields := apitest.New(t, srv.URL, srv.Client()).Do("GET", "/internal/settings/snapshot/not-a-tenant", nil).
		Want(t, http.StatusBadRequest).Fields(t); !slices.Equal(fields, []string{"tenant"}) {
		t.Fatalf("bad tenant: %v", fields)
	}
}

func TestRESTResetsAFlagToItsDefault(t *testing.T) {
	f := newFixture(t)
	srv := serve(t, f)
	api := srv.admin(t, tenant.New())
	state := map[string]any{"state": map[string]any{"enabled": true, "rolloutPercent": 100}, "reason": "pilot"}
	api.Do("PUT", "/api/v1/settings/flags/notify.sms", state, "If-Match", `"0"`).Want(t, http.StatusOK)
	reset := map[string]any{"reason": "pilot over"}
	api.Do("POST", "/api/v1/settings/flags/notify.sms/reset", reset).WantProblem(t, http.StatusPreconditionRequired, errs.FailedPrecondition)
	api.Do("POST", "/api/v1/settings/flags/notify.sms/reset", reset, "If-Match", `"7"`).WantProblem(t, http.StatusPreconditionFailed, errs.FailedPrecondition)
	r := api.Do("POST", "/api/v1/settings/flags/notify.sms/reset", reset, "If-Match", `"1"`).Want(t, http.StatusOK)
	if r.Header.Get("ETag") != `"2"` || r.Body["state"] != nil || r.Body["on"] != false {
		t.Fatalf("reset: %s %s", r.Header.Get("ETag"), r.Raw)
	}
	if r := api.Do("GET", "/api/v1/settings/flags/notify.sms/enabled", nil).Want(t, http.StatusOK); r.Body["enabled"] != false {
		t.Fatalf("enabled after the reset: %s", r.Raw)
	}
}
