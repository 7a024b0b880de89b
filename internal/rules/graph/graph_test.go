package graph_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/vextrus/vextrus/internal/platform/apitest"
	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/db/dbtest"
	"github.com/vextrus/vextrus/internal/platform/graphqlx"
	"github.com/vextrus/vextrus/internal/platform/tenant"
	"github.com/vextrus/vextrus/internal/rules"
	"github.com/vextrus/vextrus/internal/rules/graph"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// subgraph serves the rules subgraph for a seeded tenant whose caller
// holds perms.
func subgraph(tb testing.TB, perms ...string) func(query string) apitest.GraphQLAnswer {
	tb.Helper()
	d := dbtest.New(tb, db.PlatformSchema, rules.Schema)
	svc, err := rules.New(rules.Deps{DB: d.App})
	if err != nil {
		tb.Fatal(err)
	}
	t := tenant.New()
	if err := svc.SeedDefaults(context.Background(), t); err != nil {
		tb.Fatal(err)
	}
	p := &authz.Principal{UserID: "u1", Tenant: t, Permissions: map[string]bool{}}
	for _, perm := range perms {
		p.Permissions[perm] = true
	}
	h := graph.Handler(svc, graphqlx.Options{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, r.WithContext(authz.With(r.Context(), p)))
	}))
	tb.Cleanup(srv.Close)
	api := apitest.New(tb, srv.URL, srv.Client())
	return func(query string) apitest.GraphQLAnswer {
		tb.Helper()
		return api.GraphQL("/graphql/rules", query, nil).GraphQL(tb)
	}
}

func TestEvaluateRuleAnswersTheSeededChain(t *testing.T) {
	q := subgraph(t, rules.PermRead, rules.PermEvaluate)
	a := q(`{ evaluateRule(key: "approval.chain.invoice", input: {amount: "6000000"}, at: "2026-01-01") {
		output version matched { row description } } }`)
	if len(a.Errors) > 0 {
		t.Fatalf("errors: %+v", a.Errors)
	}
	var got struct {
		EvaluateRule struct {
			Output  map[string][]map[string]any
			Version int
			Matched []struct{ Row int }
		}
	}
	raw, _ := json.Marshal(a.Data)
	json.Unmarshal(raw, &got)
	levels := got.EvaluateRule.Output["levels"]
	if len(levels) != 5 || levels[4]["role"] != "ceo" || got.EvaluateRule.Version != 1 || len(got.EvaluateRule.Matched) != 5 {
		t.Fatalf("evaluateRule = %s", raw)
	}
	a = q(`{ ruleSet(key: "vat.rate") { key versions { number status effectiveFrom rows { condition } } } }`)
	if len(a.Errors) > 0 || !strings.Contains(string(a.Data["ruleSet"]), `"effectiveFrom":"2019-07-01"`) {
		t.Fatalf("ruleSet = %s %+v", a.Data["ruleSet"], a.Errors)
	}
}

func TestMutationsCarryThePlatformErrorCodes(t *testing.T) {
	q := subgraph(t, rules.PermRead, rules.PermWrite)
	a := q(`mutation { createRuleDraft(key: "vat.rate", input: {hitPolicy: FIRST, effectiveFrom: "2027-07-01", reference: "x",
		rows: [{condition: "category > 5", outputs: [{field: "rate", expression: "15"}, {field: "treatment", expression: "\"s\""},
		{field: "sdRate", expression: "0"}]}]}) { number } }`)
	if len(a.Errors) != 1 || a.Errors[0].Code() != "INVALID_ARGUMENT" ||
		!strings.Contains(toJSON(a.Errors[0].Extensions["fields"]), "rows[0].condition") {
		t.Fatalf("type error: %+v", a.Errors)
	}
	a = q(`mutation { publishRuleVersion(key: "vat.rate", version: 1) { number } }`)
	if len(a.Errors) != 1 || a.Errors[0].Code() != "PERMISSION_DENIED" {
		t.Fatalf("publish without permission: %+v", a.Errors)
	}
}

func toJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
