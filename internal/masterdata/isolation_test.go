package masterdata_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/vextrus/vextrus/internal/masterdata"
	"github.com/vextrus/vextrus/internal/platform/apitest"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// gql posts a GraphQL operation to the masterdata subgraph.
func (c *caller) gql(query string, vars map[string]any) apitest.GraphQLAnswer {
	c.e.t.Helper()
	return c.GraphQL(masterdata.GraphQLPath, query, vars).GraphQL(c.e.t)
}

func TestTenantIsolation(t *testing.T) {
	e := newEnv(t)
	a, b := e.newCaller(tenant.New()), e.newCaller(tenant.New())
	var mine customerJSON
	a.Do("POST", "/api/v1/masterdata/customers", customer("SHARED-1")).Decode(t, &mine)
	// B has a customer with the same code: codes are unique per tenant.
	if res := b.Do("POST", "/api/v1/masterdata/customers", customer("SHARED-1")); res.Status != http.StatusCreated {
		t.Fatalf("B's own customer with the same code: %d %s", res.Status, res.Raw)
	}
	item := "/api/v1/masterdata/customers/" + mine.ID

	notFound := []struct {
		name, method, path string
		body               any
		headers            []string
	}{
		{"get", "GET", item, nil, nil},
		{"patch", "PATCH", item, map[string]any{"name": "Taken over"}, []string{"If-Match", `"1"`}},
		{"archive", "POST", item + "/archive", nil, nil},
		{"restore", "POST", item + "/restore", nil, nil},
	}
	for _, tc := range notFound {
		t.Run("B gets NOT_FOUND on "+tc.name, func(t *testing.T) {
			res := b.Do(tc.method, tc.path, tc.body, tc.headers...)
			if res.Status != http.StatusNotFound || res.Problem(t).Code != "NOT_FOUND" {
				t.Fatalf("%d %s", res.Status, res.Raw)
			}
		})
	}
	never := func(t *testing.T, what string, body []byte) {
		t.Helper()
		if strings.Contains(string(body), mine.ID) {
			t.Fatalf("A's customer appears in B's %s: %s", what, body)
		}
	}
	t.Run("B's list, search and filters never show A's records", func(t *testing.T) {
		for _, q := range []string{"", "?q=rahman", "?q=SHARED-1", "?q=0001234560101", "?q=রহমান", "?archived=any", "?district=dhaka", "?tag=vip"} {
			res := b.Do("GET", "/api/v1/masterdata/customers"+q, nil)
			if res.Status != http.StatusOK {
				t.Fatalf("list %s: %d %s", q, res.Status, res.Raw)
			}
			never(t, "list "+q, res.Raw)
			if q != "" && !strings.Contains(string(res.Raw), `"SHARED-1"`) {
				t.Fatalf("B's own customer missing from %s: %s", q, res.Raw)
			}
		}
	})
	t.Run("B's export never has A's records", func(t *testing.T) {
		res := b.Do("GET", "/api/v1/masterdata/customers/export", nil)
		never(t, "export", res.Raw)
		if strings.Count(strings.TrimSpace(string(res.Raw)), "\n") != 1 {
			t.Fatalf("export: %s", res.Raw)
		}
	})
	t.Run("B's batch lookup leaves A's id out", func(t *testing.T) {
		res := b.Do("POST", "/api/v1/masterdata/customers/lookup", map[string]any{"ids": []string{mine.ID}})
		never(t, "lookup", res.Raw)
	})
	t.Run("B's GraphQL reads never show A's records", func(t *testing.T) {
		got := b.gql(`query($id: ID!) { customer(id: $id) { id } }`, map[string]any{"id": mine.ID})
		if len(got.Codes()) != 1 || got.Codes()[0] != "NOT_FOUND" {
			t.Fatalf("customer: %+v", got)
		}
		got = b.gql(`query($ids: [ID!]!) { customersByIds(ids: $ids) { id } customers(filter: {search: "rahman"}) { edges { node { id code } } } }`,
			map[string]any{"ids": []string{mine.ID}})
		raw, _ := json.Marshal(got.Data)
		never(t, "GraphQL lists", raw)
		if len(got.Errors) != 0 || !strings.Contains(string(raw), "SHARED-1") {
			t.Fatalf("B's own customer missing: %s %+v", raw, got.Errors)
		}
	})
	t.Run("B's entity fetch does not resolve A's customer", func(t *testing.T) {
		got := b.gql(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { id code } } }`,
			map[string]any{"r": []any{map[string]any{"__typename": "Customer", "id": mine.ID}}})
		raw, _ := json.Marshal(got.Data)
		never(t, "entity fetch", raw)
		if len(got.Codes()) != 1 || got.Codes()[0] != "NOT_FOUND" {
			t.Fatalf("entity fetch: %+v", got)
		}
	})
}
