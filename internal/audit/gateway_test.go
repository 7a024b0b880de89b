package audit_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"

	"github.com/vextrus/vextrus/api"
	"github.com/vextrus/vextrus/internal/audit"
	"github.com/vextrus/vextrus/internal/audit/graph"
	"github.com/vextrus/vextrus/internal/gateway"
	"github.com/vextrus/vextrus/internal/platform/authn"
	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/graphqlx"
	"github.com/vextrus/vextrus/internal/platform/httpx"
	"github.com/vextrus/vextrus/internal/platform/tenant"
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

// TestGatewayAnswersAuditEvents queries the committed supergraph at
// /graphql, the gateway reaching the audit subgraph in process through the
// same authentication as a client, as the app wires it.
func TestGatewayAnswersAuditEvents(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a, b := tenant.New(), tenant.New()
	evsA, evsB := e.seed(t, a, 4), e.seed(t, b, 3)
	keys := apiKeys{"vx_a": principal(a, audit.PermEventRead), "vx_b": principal(b, audit.PermEventRead), "vx_none": principal(a)}

	mux := http.NewServeMux()
	mux.Handle("POST /graphql/audit", graph.Handler(e.svc, graphqlx.Options{}))
	var chain http.Handler
	inProcess := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { chain.ServeHTTP(w, r) })
	names, err := gateway.SubgraphNames(api.Supergraph)
	if err != nil {
		t.Fatal(err)
	}
	var ups []gateway.Upstream
	for _, n := range names {
		ups = append(ups, gateway.Upstream{Name: n, Handler: inProcess})
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	gw, err := gateway.New(ctx, gateway.Deps{Config: gateway.DefaultConfig(), Supergraph: api.Supergraph, Upstreams: ups,
		OpenAPI: api.OpenAPI()})
	if err != nil {
		t.Fatal(err)
	}
	gw.Routes(mux)
	chain = httpx.Chain(httpx.Routed(mux), httpx.RequestID,
		authn.Middleware(authn.Config{APIKeys: keys, Tenants: activeTenants{}, Optional: []string{"/graphql"}}))
	srv := httptest.NewServer(chain)
	t.Cleanup(srv.Close)

	query := func(key, q string, vars map[string]any) gqlAnswer {
		t.Helper()
		body, _ := json.Marshal(map[string]any{"query": q, "variables": vars})
		req, _ := http.NewRequest("POST", srv.URL+"/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set(authn.APIKeyHeader, key)
		res, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var ans gqlAnswer
		if err := json.NewDecoder(res.Body).Decode(&ans); err != nil {
			t.Fatalf("status %d: %v", res.StatusCode, err)
		}
		return ans
	}
	const page = `query($after: String) { auditEvents(first: 3, after: $after) {
		edges { node { id subject } } pageInfo { hasNextPage endCursor } } }`
	list := func(key string) []string {
		t.Helper()
		var out []string
		var after any
		for range 10 {
			ans := query(key, page, map[string]any{"after": after})
			var conn connection
			if err := json.Unmarshal(ans.Data["auditEvents"], &conn); err != nil || len(ans.Errors) > 0 {
				t.Fatalf("auditEvents through the gateway: %s %+v", ans.Data["auditEvents"], ans.Errors)
			}
			for _, edge := range conn.Edges {
				out = append(out, edge.Node["id"].(string))
			}
			if !conn.PageInfo.HasNextPage {
				return out
			}
			after = *conn.PageInfo.EndCursor
		}
		t.Fatal("pages do not end")
		return nil
	}
	if got, want := list("vx_a"), (filter{}).want(evsA); !reflect.DeepEqual(got, want) {
		t.Errorf("tenant A through the gateway: %v, want %v", got, want)
	}
	if got, want := list("vx_b"), (filter{}).want(evsB); !reflect.DeepEqual(got, want) {
		t.Errorf("tenant B through the gateway: %v, want %v", got, want)
	}
	if ans := query("vx_none", page, nil); len(ans.Errors) != 1 || ans.Errors[0].Extensions.Code != "PERMISSION_DENIED" {
		t.Errorf("without audit.event.read: %+v", ans.Errors)
	}
	ans := query("vx_a", page, map[string]any{"after": "nonsense!"})
	if len(ans.Errors) != 1 || ans.Errors[0].Extensions.Code != "INVALID_ARGUMENT" ||
		len(ans.Errors[0].Extensions.Fields) != 1 || ans.Errors[0].Extensions.Fields[0].Field != "after" {
		t.Errorf("a bad cursor: %+v, want INVALID_ARGUMENT naming after", ans.Errors)
	}
}
