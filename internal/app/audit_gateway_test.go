package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/api"
	"github.com/vextrus/vextrus/internal/audit"
	"github.com/vextrus/vextrus/internal/audit/graph"
	"github.com/vextrus/vextrus/internal/gateway"
	"github.com/vextrus/vextrus/internal/platform/apitest"
	"github.com/vextrus/vextrus/internal/platform/authn"
	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/db/dbtest"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/graphqlx"
	"github.com/vextrus/vextrus/internal/platform/httpx"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

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

// auditReader is a principal of t holding perms.
func auditReader(t tenant.ID, perms ...string) *authz.Principal {
	p := &authz.Principal{UserID: "auditor-" + t.String()[:8], Tenant: t, Permissions: map[string]bool{}}
	for _, perm := range perms {
		p.Permissions[perm] = true
	}
	return p
}

// recordAudit stores n events of tenant t in the audit log, a minute
// apart, and returns their ids newest first, the order the log lists.
func recordAudit(tb testing.TB, pool *db.Pool, svc *audit.Service, t tenant.ID, n int) []string {
	tb.Helper()
	start := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	evs := make([]events.Event, n)
	ids := make([]string, n)
	for i := range evs {
		evs[i] = events.Event{ID: uuid.Must(uuid.NewV7()).String(), Source: "shop", Type: "vextrus.shop.order.placed.v1",
			Subject: fmt.Sprintf("po-%d", i), Time: start.Add(time.Duration(i) * time.Minute), Tenant: t,
			Data: json.RawMessage(fmt.Sprintf(`{"n": %d}`, i+1))}
		ids[n-1-i] = evs[i].ID
	}
	err := pool.InTenantTx(tenant.With(context.Background(), t), func(ctx context.Context, tx *db.Tx) error {
		return svc.Record(ctx, tx, evs)
	})
	if err != nil {
		tb.Fatal(err)
	}
	return ids
}

// TestGatewayAnswersAuditEvents queries the committed supergraph at
// /graphql, the gateway reaching the audit subgraph in process through the
// same authentication as a client, as the app wires it.
func TestGatewayAnswersAuditEvents(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t, db.PlatformSchema, audit.Schema)
	own, err := events.NewOutbox("audit")
	if err != nil {
		t.Fatal(err)
	}
	svc, err := audit.New(audit.Deps{DB: d.App, Events: own, Config: audit.DefaultConfig()})
	if err != nil {
		t.Fatal(err)
	}
	a, b := tenant.New(), tenant.New()
	idsA, idsB := recordAudit(t, d.App, svc, a, 4), recordAudit(t, d.App, svc, b, 3)
	keys := apiKeys{"vx_a": auditReader(a, audit.PermEventRead), "vx_b": auditReader(b, audit.PermEventRead), "vx_none": auditReader(a)}

	// The subgraph has its own mux behind authentication alone, as on the
	// internal listener; the public mux has only the gateway.
	authenticate := authn.Middleware(authn.Config{APIKeys: keys, Tenants: activeTenants{}, Optional: []string{"/graphql", "/graphql/"}})
	subgraphs := http.NewServeMux()
	subgraphs.Handle("POST /graphql/audit", graph.Handler(svc, graphqlx.Options{}))
	inProcess := httpx.Chain(subgraphs, httpx.RequestID, authenticate)
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
	mux := http.NewServeMux()
	gw.Routes(mux)
	chain := httpx.Chain(httpx.Routed(mux), httpx.RequestID, authenticate)
	srv := httptest.NewServer(chain)
	t.Cleanup(srv.Close)
	client := apitest.New(t, srv.URL, srv.Client())

	const page = `query($after: String) { auditEvents(first: 3, after: $after) {
		edges { node { id subject } } pageInfo { hasNextPage endCursor } } }`
	query := func(key string, vars map[string]any) apitest.GraphQLAnswer {
		t.Helper()
		return client.WithHeader(authn.APIKeyHeader, key).GraphQL("/graphql", page, vars).GraphQL(t)
	}
	list := func(key string) []string {
		t.Helper()
		var out []string
		var after any
		for range 10 {
			ans := query(key, map[string]any{"after": after})
			var conn struct {
				Edges []struct {
					Node struct{ ID string }
				}
				PageInfo struct {
					HasNextPage bool
					EndCursor   *string
				}
			}
			if err := json.Unmarshal(ans.Data["auditEvents"], &conn); err != nil || len(ans.Errors) > 0 {
				t.Fatalf("auditEvents through the gateway: %s %+v", ans.Data["auditEvents"], ans.Errors)
			}
			for _, edge := range conn.Edges {
				out = append(out, edge.Node.ID)
			}
			if !conn.PageInfo.HasNextPage {
				return out
			}
			after = *conn.PageInfo.EndCursor
		}
		t.Fatal("pages do not end")
		return nil
	}
	if got := list("vx_a"); !slices.Equal(got, idsA) {
		t.Errorf("tenant A through the gateway: %v, want %v", got, idsA)
	}
	if got := list("vx_b"); !slices.Equal(got, idsB) {
		t.Errorf("tenant B through the gateway: %v, want %v", got, idsB)
	}
	if codes := query("vx_none", nil).Codes(); !slices.Equal(codes, []string{"PERMISSION_DENIED"}) {
		t.Errorf("without audit.event.read: %v", codes)
	}
	ans := query("vx_a", map[string]any{"after": "nonsense!"})
	if len(ans.Errors) != 1 || ans.Errors[0].Code() != "INVALID_ARGUMENT" || !slices.Equal(ans.Errors[0].Fields(), []string{"after"}) {
		t.Errorf("a bad cursor: %+v, want INVALID_ARGUMENT naming after", ans.Errors)
	}
}
