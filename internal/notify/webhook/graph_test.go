package webhook_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/vextrus/vextrus/internal/notify/graph"
	"github.com/vextrus/vextrus/internal/platform/apitest"
	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/graphqlx"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// graphAs serves notify's subgraph, with its webhook fields, to requests
// made by p.
func (e *env) graphAs(t *testing.T, p *authz.Principal) *apitest.Client {
	t.Helper()
	h := graph.HandlerWith(nil, e.svc, graphqlx.Options{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, r.WithContext(authz.With(r.Context(), p)))
	}))
	t.Cleanup(srv.Close)
	return apitest.New(t, srv.URL, srv.Client())
}

func TestGraphQLManagesWebhooksWithinTheTenant(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a, b := tenant.New(), tenant.New()
	pa, _ := authzPrincipal(admin(a))
	pb, _ := authzPrincipal(admin(b))
	ga, gb := e.graphAs(t, pa), e.graphAs(t, pb)

	created := ga.GraphQL("/", `mutation { createWebhookEndpoint(input: {url: "https://erp.example.com/h", eventTypes: ["vextrus.finance.*"]}) {
		secret endpoint { id status version eventTypes } } }`, nil).GraphQL(t)
	if len(created.Errors) > 0 {
		t.Fatalf("create: %+v", created.Errors)
	}
	var c struct {
		Secret   string
		Endpoint struct {
			ID, Status string
			Version    int
		}
	}
	if err := json.Unmarshal(created.Data["createWebhookEndpoint"], &c); err != nil {
		t.Fatal(err)
	}
	if c.Secret == "" || c.Endpoint.Status != "active" || c.Endpoint.Version != 1 {
		t.Fatalf("created %s", created.Data["createWebhookEndpoint"])
	}
	e.record(t, event(a, invoiceApproved, map[string]int{"n": 1}))

	q := `query($id: ID!) { webhookEndpoint(id: $id) { id url } webhookEndpoints { items { id } }
		webhookDeliveries(endpointId: $id) { items { eventType status } } }`
	got := ga.GraphQL("/", q, map[string]any{"id": c.Endpoint.ID}).GraphQL(t)
	if len(got.Errors) > 0 || string(got.Data["webhookEndpoint"]) == "null" {
		t.Fatalf("A reads: %s %+v", got.Data, got.Errors)
	}
	var ds struct {
		Items []struct{ EventType, Status string }
	}
	_ = json.Unmarshal(got.Data["webhookDeliveries"], &ds)
	if len(ds.Items) != 1 || ds.Items[0].EventType != invoiceApproved {
		t.Fatalf("A's deliveries: %s", got.Data["webhookDeliveries"])
	}

	other := gb.GraphQL("/", `query($id: ID!) { webhookEndpoint(id: $id) { id } webhookEndpoints { items { id } } }`,
		map[string]any{"id": c.Endpoint.ID}).GraphQL(t)
	if string(other.Data["webhookEndpoint"]) != "null" || string(other.Data["webhookEndpoints"]) != `{"items":[]}` {
		t.Fatalf("B sees %s", other.Data)
	}
	stale := ga.GraphQL("/", `mutation($id: ID!) { updateWebhookEndpoint(id: $id, input: {status: "paused"}, expectedVersion: 7) { version } }`,
		map[string]any{"id": c.Endpoint.ID}).GraphQL(t)
	if codes := stale.Codes(); len(codes) != 1 || codes[0] != "CONFLICT" {
		t.Fatalf("stale update: %+v", stale.Errors)
	}
	del := gb.GraphQL("/", `mutation($id: ID!) { deleteWebhookEndpoint(id: $id) }`, map[string]any{"id": c.Endpoint.ID}).GraphQL(t)
	if codes := del.Codes(); len(codes) != 1 || codes[0] != "NOT_FOUND" {
		t.Fatalf("B deletes A's endpoint: %+v", del.Errors)
	}
}
