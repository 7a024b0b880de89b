package settings_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"testing"

	"github.com/vextrus/vextrus/internal/platform/apitest"
	"github.com/vextrus/vextrus/internal/platform/graphqlx"
	"github.com/vextrus/vextrus/internal/platform/tenant"
	"github.com/vextrus/vextrus/internal/platform/tenantsettings"
	"github.com/vextrus/vextrus/internal/settings"
	"github.com/vextrus/vextrus/internal/settings/graph"
)

const subgraph = "/graphql/settings"

func serveGraph(tb testing.TB, f *fixture) *server {
	tb.Helper()
	return serve(tb, f, func(mux *http.ServeMux) { mux.Handle("POST "+subgraph, graph.Handler(f.svc, graphqlx.Options{})) })
}

// input is st as the mutation's TenantSettingsInput.
func input(tb testing.TB, st tenantsettings.Settings) map[string]any {
	tb.Helper()
	raw, err := json.Marshal(st)
	if err != nil {
		tb.Fatal(err)
	}
	var in map[string]any
	if err := json.Unmarshal(raw, &in); err != nil {
		tb.Fatal(err)
	}
	var numbering []map[string]any
	for doc, n := range st.Numbering {
		numbering = append(numbering, map[string]any{"documentType": doc, "prefix": n.Prefix, "pattern": n.Pattern,
			"resetEachFiscalYear": n.ResetEachFiscalYear})
	}
	in["numbering"] = numbering
	return in
}

const update = `mutation($in: TenantSettingsInput!, $v: Int!, $why: String!) {
	updateTenantSettings(input: $in, expectedVersion: $v, reason: $why) { version timezone fiscalYearStartMonth company { bin } }
}`

const setFlag = `mutation($key: String!, $v: Int!, $pct: Int!) {
	setFeatureFlag(key: $key, state: {enabled: true, rolloutPercent: $pct, killed: false}, reason: "rollout", expectedVersion: $v) { version on state { rolloutBy } }
}`

func TestGraphQLSettingsRoundTripAndStaleVersion(t *testing.T) {
	f := newFixture(t)
	api := serveGraph(t, f).admin(t, tenant.New())
	next := company()
	next.Timezone, next.FiscalYearStartMonth = "UTC", 1
	var got struct {
		Version              int
		Timezone             string
		FiscalYearStartMonth int
		Company              struct{ BIN string }
	}
	data := api.GraphQL(subgraph, update, map[string]any{"in": input(t, next), "v": 0, "why": "calendar year"}).Data(t)
	if err := json.Unmarshal(data["updateTenantSettings"], &got); err != nil || got.Version != 1 || got.Timezone != "UTC" ||
		got.FiscalYearStartMonth != 1 || got.Company.BIN != "0012345670101" {
		t.Fatalf("update: %s (%v)", data["updateTenantSettings"], err)
	}
	var read struct {
		Version   int
		Reason    string
		Numbering []struct{ DocumentType, Prefix string }
	}
	data = api.GraphQL(subgraph, `{ tenantSettings { version reason numbering { documentType prefix } } }`, nil).Data(t)
	if err := json.Unmarshal(data["tenantSettings"], &read); err != nil || read.Version != 1 || read.Reason != "calendar year" ||
		len(read.Numbering) != len(tenantsettings.DocumentTypes) || read.Numbering[0].DocumentType != tenantsettings.DocSalesInvoice ||
		read.Numbering[0].Prefix != "PBEL" {
		t.Fatalf("read: %s (%v)", data["tenantSettings"], err)
	}
	if code, _ := api.GraphQL(subgraph, update, map[string]any{"in": input(t, company()), "v": 0, "why": "stale"}).FirstError(); code != "CONFLICT" {
		t.Fatalf("stale update: %s", code)
	}
}

func TestGraphQLBadInputNamesTheInputFieldsAndChangesNothing(t *testing.T) {
	f := newFixture(t)
	tid := tenant.New()
	api := serveGraph(t, f).admin(t, tid)
	api.GraphQL(subgraph, update, map[string]any{"in": input(t, company()), "v": 0, "why": "first"}).Data(t)
	bad := company()
	bad.Timezone, bad.FiscalYearStartMonth, bad.Company.BIN = "Asia/Atlantis", 13, "123456789"
	errors := api.GraphQL(subgraph, update, map[string]any{"in": input(t, bad), "v": 1, "why": "bad"}).GraphQLErrors()
	if len(errors) != 1 || errors[0].Code() != "INVALID_ARGUMENT" {
		t.Fatalf("errors: %+v", errors)
	}
	fields := errors[0].Fields()
	for _, w := range []string{"input.timezone", "input.fiscalYearStartMonth", "input.company.bin"} {
		if !slices.Contains(fields, w) {
			t.Errorf("%s not named in %v", w, fields)
		}
	}
	errors = api.GraphQL(subgraph, setFlag, map[string]any{"key": "notify.fax", "v": 0, "pct": 10}).GraphQLErrors()
	if len(errors) != 1 || !slices.Equal(errors[0].Fields(), []string{"key"}) {
		t.Fatalf("unknown flag: %+v", errors)
	}
	if d, _ := f.svc.Get(admin(tid)); d.Version != 1 || d.Settings.Timezone != "Asia/Dhaka" {
		t.Fatalf("settings changed: v%d %s", d.Version, d.Settings.Timezone)
	}
}

func TestGraphQLFlagsTenantsAndPermissions(t *testing.T) {
	f := newFixture(t)
	srv := serveGraph(t, f)
	a, b := tenant.New(), tenant.New()
	apiA := srv.admin(t, a)
	data := apiA.GraphQL(subgraph, setFlag, map[string]any{"key": "notify.sms", "v": 0, "pct": 100}).Data(t)
	if string(data["setFeatureFlag"]) != `{"version":1,"on":true,"state":{"rolloutBy":"user"}}` {
		t.Fatalf("set flag: %s", data["setFeatureFlag"])
	}
	const flags = `{ featureFlags { key default on version state { enabled } } sms: isEnabled(flag: "notify.sms") }`
	var got struct {
		FeatureFlags []struct {
			Key         string
			Default, On bool
			Version     int
			State       *struct{ Enabled bool }
		}
		SMS bool `json:"sms"`
	}
	raw, _ := json.Marshal(apiA.GraphQL(subgraph, flags, nil).Data(t))
	if err := json.Unmarshal(raw, &got); err != nil || len(got.FeatureFlags) != 2 || !got.SMS ||
		got.FeatureFlags[1].Key != "notify.sms" || !got.FeatureFlags[1].On || got.FeatureFlags[1].State == nil {
		t.Fatalf("a's flags: %s (%v)", raw, err)
	}
	raw, _ = json.Marshal(srv.admin(t, b).GraphQL(subgraph, flags, nil).Data(t))
	if err := json.Unmarshal(raw, &got); err != nil || got.SMS || got.FeatureFlags[1].On || got.FeatureFlags[1].State != nil {
		t.Fatalf("b's flags: %s (%v)", raw, err)
	}

	reader := srv.client(t, a, "accountant", settings.PermTenantRead, settings.PermFlagRead)
	if code, _ := reader.GraphQL(subgraph, update, map[string]any{"in": input(t, company()), "v": 0, "why": "no"}).FirstError(); code != "PERMISSION_DENIED" {
		t.Fatalf("reader updates settings: %s", code)
	}
	if code, _ := reader.GraphQL(subgraph, setFlag, map[string]any{"key": "notify.sms", "v": 1, "pct": 0}).FirstError(); code != "PERMISSION_DENIED" {
		t.Fatalf("reader sets a flag: %s", code)
	}
	clerk := srv.client(t, a, "clerk")
	if data := clerk.GraphQL(subgraph, `{ isEnabled(flag: "notify.sms") }`, nil).Data(t); string(data["isEnabled"]) != "true" {
		t.Fatalf("clerk: %s", data["isEnabled"])
	}
	if code, _ := clerk.GraphQL(subgraph, `{ tenantSettings { version } }`, nil).FirstError(); code != "PERMISSION_DENIED" {
		t.Fatalf("clerk reads settings: %s", code)
	}
	if code, _ := apitest.New(t, srv.URL, srv.Client()).GraphQL(subgraph, `{ isEnabled(flag: "notify.sms") }`, nil).FirstError(); code != "UNAUTHENTICATED" {
		t.Fatalf("anonymous isEnabled: %s", code)
	}
}

func TestGraphQLResetsAFlagToItsDefault(t *testing.T) {
	f := newFixture(t)
	api := serveGraph(t, f).admin(t, tenant.New())
	api.GraphQL(subgraph, setFlag, map[string]any{"key": "notify.sms", "v": 0, "pct": 100}).Data(t)
	const reset = `mutation($v: Int!) { resetFeatureFlag(key: "notify.sms", reason: "pilot over", expectedVersion: $v) { version on state { enabled } } }`
	if code, msg := api.GraphQL(subgraph, reset, map[string]any{"v": 0}).FirstError(); code != "CONFLICT" {
		t.Fatalf("a stale reset: %s %s", code, msg)
	}
	data := api.GraphQL(subgraph, reset, map[string]any{"v": 1}).Data(t)
	if string(data["resetFeatureFlag"]) != `{"version":2,"on":false,"state":null}` {
		t.Fatalf("reset: %s", data["resetFeatureFlag"])
	}
}
