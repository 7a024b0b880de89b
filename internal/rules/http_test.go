package rules_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/vextrus/vextrus/internal/platform/apitest"
	"github.com/vextrus/vextrus/internal/platform/httpx"
)

// serve mounts the REST API behind a stand-in for token verification that
// puts ctx's principal in every request.
func serve(tb testing.TB, f *fixture, ctx context.Context) *httptest.Server {
	tb.Helper()
	mux := http.NewServeMux()
	f.svc.Routes(mux)
	srv := httptest.NewServer(httpx.Chain(mux, httpx.RequestID, func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			next.ServeHTTP(w, r.WithContext(ctx))
		})
	}))
	tb.Cleanup(srv.Close)
	return srv
}

// call sends body as JSON and decodes a non-empty answer into out.
func call(tb testing.TB, srv *httptest.Server, method, path, body string, out any) int {
	tb.Helper()
	r := apitest.New(tb, srv.URL, srv.Client()).Do(method, path, body)
	if out != nil && len(r.Raw) > 0 {
		r.Decode(tb, out)
	}
	return r.Status
}

func TestRESTEvaluateAnswersOutputVersionAndMatchedRows(t *testing.T) {
	f := newFixture(t)
	srv := serve(t, f, admin(f.seeded(t)))
	var got struct {
		Output  map[string][]map[string]any `json:"output"`
		Version int                         `json:"version"`
		Matched []struct{ Row int }         `json:"matched"`
	}
	status := call(t, srv, "POST", "/api/v1/rules/approval.chain.invoice/evaluate",
		`{"input":{"amount":"750000.00","department":"FIN"},"at":"2026-01-15"}`, &got)
	levels := got.Output["levels"]
	if status != 200 || got.Version != 1 || len(levels) != 3 || levels[2]["role"] != "finance_manager" ||
		levels[2]["mode"] != "any" || levels[2]["slaHours"] != float64(48) || len(got.Matched) != 3 || got.Matched[2].Row != 2 {
		t.Fatalf("status %d, answer %+v", status, got)
	}
}

func TestRESTNamesTheBadFieldAndTheBadCell(t *testing.T) {
	f := newFixture(t)
	srv := serve(t, f, admin(f.seeded(t)))
	var p httpx.Problem
	if status := call(t, srv, "POST", "/api/v1/rules/approval.chain.invoice/evaluate", `{"input":{"amount":12.345678}}`, &p); status != 400 ||
		p.Code != "INVALID_ARGUMENT" || len(p.Errors) != 1 || p.Errors[0].Field != "input.amount" {
		t.Fatalf("bad input: %d %+v", status, p)
	}
	if status := call(t, srv, "POST", "/api/v1/rules/vat.rate/evaluate", `{"input":{"supplyType":"local","category":"x"},"at":"2001-01-01"}`, &p); status != 412 ||
		p.Code != "FAILED_PRECONDITION" {
		t.Fatalf("no version in force: %d %+v", status, p)
	}
	set := `{"key":"discount.rate","name":"Discount","inputSchema":[{"name":"qty","type":"int","required":true}],
		"outputSchema":[{"name":"percent","type":"decimal"}]}`
	if status := call(t, srv, "POST", "/api/v1/rules/rulesets", set, nil); status != 201 {
		t.Fatalf("create set: %d", status)
	}
	draft := `{"hitPolicy":"FIRST","effectiveFrom":"2026-01-01","reference":"policy",
		"rows":[{"condition":"qty >= 10 &&","outputs":{"percent":"5"}}],"tests":[]}`
	status := call(t, srv, "POST", "/api/v1/rules/rulesets/discount.rate/versions", draft, &p)
	if status != 400 || len(p.Errors) != 1 || p.Errors[0].Field != "rows[0].condition" || !strings.Contains(p.Errors[0].Message, "column") {
		t.Fatalf("malformed cell: %d %+v", status, p)
	}
	draft = strings.Replace(draft, "qty >= 10 &&", "qty >= 10", 1)
	draft = strings.Replace(draft, `"tests":[]`, `"tests":[{"name":"ten get five","input":{"qty":10},"expected":{"percent":"6"}}]`, 1)
	if status := call(t, srv, "POST", "/api/v1/rules/rulesets/discount.rate/versions", draft, nil); status != 201 {
		t.Fatalf("create draft: %d", status)
	}
	status = call(t, srv, "POST", "/api/v1/rules/rulesets/discount.rate/versions/1/publish", "", &p)
	if status != 412 || !strings.Contains(p.Detail, `"ten get five"`) {
		t.Fatalf("publish failing test: %d %+v", status, p)
	}
}

func TestRESTBatchEvaluatesEachRequestOnItsOwn(t *testing.T) {
	f := newFixture(t)
	srv := serve(t, f, admin(f.seeded(t)))
	var got struct {
		Items []struct {
			Output map[string]any `json:"output"`
			Error  *httpx.Problem `json:"error"`
		} `json:"items"`
	}
	status := call(t, srv, "POST", "/api/v1/rules/vat.rate/evaluate-batch", `{"requests":[
		{"input":{"supplyType":"export","category":"garments"}},
		{"input":{"supplyType":"local"}},
		{"input":{"supplyType":"local","category":"rice"},"at":"2025-03-01"}]}`, &got)
	if status != 200 || len(got.Items) != 3 || got.Items[0].Output["treatment"] != "zero_rated" ||
		got.Items[1].Error == nil || got.Items[1].Error.Errors[0].Field != "input.category" || got.Items[2].Output["treatment"] != "exempt" {
		t.Fatalf("batch: %d %+v", status, got)
	}
	var list struct {
		Items      []struct{ Key string } `json:"items"`
		NextCursor *string                `json:"nextCursor"`
	}
	if status := call(t, srv, "GET", "/api/v1/rules/rulesets?limit=4", "", &list); status != 200 || len(list.Items) != 4 || list.NextCursor == nil {
		t.Fatalf("list: %d %+v", status, list)
	}
	if status := call(t, srv, "GET", "/api/v1/rules/rulesets?limit=4&cursor="+*list.NextCursor, "", &list); status != 200 ||
		len(list.Items) != 4 || list.NextCursor != nil {
		t.Fatalf("second page: %d %+v", status, list)
	}
}

func TestRESTChangesOfARuleSetNeedTheCurrentETag(t *testing.T) {
	f := newFixture(t)
	srv := serve(t, f, admin(f.seeded(t)))
	api := apitest.New(t, srv.URL, srv.Client())
	set := `{"key":"rebate.rate","name":"Rebate","inputSchema":[{"name":"qty","type":"int","required":true}],
		"outputSchema":[{"name":"percent","type":"decimal"}]}`
	created := api.Do("POST", "/api/v1/rules/rulesets", set)
	etag := created.Header.Get("ETag")
	if created.Status != 201 || etag == "" {
		t.Fatalf("create: %d %q", created.Status, etag)
	}
	const item = "/api/v1/rules/rulesets/rebate.rate"
	for _, c := range []struct {
		name    string
		headers []string
		status  int
	}{
		{"without If-Match", nil, 428},
		{"with a tag never issued", []string{"If-Match", `"rev-1"`}, 412},
		{"with a stale tag", []string{"If-Match", `"99"`}, 412},
		{"with the current tag", []string{"If-Match", etag}, 200},
		{"with the tag the change replaced", []string{"If-Match", etag}, 412},
	} {
		r := api.Do("PATCH", item, `{"name":"Rebate 2026"}`, c.headers...)
		if r.Status != c.status {
			t.Fatalf("%s: %d %s, want %d", c.name, r.Status, r.Raw, c.status)
		}
	}
}
