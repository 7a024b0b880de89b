package masterdata_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// storeQueries is how many batched lookups of resource the store ran.
func (e *env) storeQueries(resource string) float64 {
	e.t.Helper()
	mfs, err := e.metrics.Gather()
	if err != nil {
		e.t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != "vextrus_masterdata_store_queries_total" {
			continue
		}
		for _, m := range mf.GetMetric() {
			for _, l := range m.GetLabel() {
				if l.GetName() == "resource" && l.GetValue() == resource {
					return m.GetCounter().GetValue()
				}
			}
		}
	}
	return 0
}

func TestEntitiesResolveInOneBatch(t *testing.T) {
	e := newEnv(t)
	c := e.newCaller(tenant.New())
	res := c.Do("POST", "/api/v1/masterdata/customers/import?wait=true", customersCSV(t, 100), "Content-Type", "text/csv")
	if res.Status != 200 {
		t.Fatalf("import: %d %s", res.Status, res.Raw)
	}
	var page struct{ Items []customerJSON }
	c.Do("GET", "/api/v1/masterdata/customers?limit=100", nil).Decode(t, &page)
	if len(page.Items) != 100 {
		t.Fatalf("%d customers", len(page.Items))
	}
	reps := make([]any, len(page.Items))
	for i, it := range page.Items {
		reps[i] = map[string]any{"__typename": "Customer", "id": it.ID}
	}
	before := e.storeQueries("customers")
	got := c.gql(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { id code createdBy { id } } } }`,
		map[string]any{"r": reps})
	if len(got.Errors) != 0 {
		t.Fatalf("errors: %+v", got.Errors)
	}
	if n := e.storeQueries("customers") - before; n != 1 {
		t.Fatalf("100 representations took %v store queries, want 1", n)
	}
	var ents []struct {
		ID        string
		Code      string
		CreatedBy struct{ ID string }
	}
	if err := json.Unmarshal(got.Data["_entities"], &ents); err != nil {
		t.Fatal(err)
	}
	for i, en := range ents {
		if en.ID != page.Items[i].ID || en.CreatedBy.ID != c.user {
			t.Fatalf("entity %d: %+v, want %s by %s", i, en, page.Items[i].ID, c.user)
		}
	}
}

func TestGraphQLMutations(t *testing.T) {
	e := newEnv(t)
	c := e.newCaller(tenant.New())
	unit := c.gql(`mutation { createUnit(input: {code: "Bundle", name: "Bundle of rods", dimension: "count"}) { id code version builtin } }`, nil)
	if len(unit.Errors) != 0 || string(unit.Data["createUnit"]) == "" {
		t.Fatalf("createUnit: %+v", unit)
	}
	prod := c.gql(`mutation($in: ProductInput!) { createProduct(input: $in) { id sku unit hsCode version defaultPrice { amount currency } createdBy { id } } }`,
		map[string]any{"in": map[string]any{"sku": "ROD-10", "name": "MS rod 10mm", "nameBn": "রড ১০ মিমি", "unit": "bundle",
			"hsCode": "7214.20.00", "vatCategory": "standard", "defaultPrice": map[string]any{"amount": "95000.00", "currency": "BDT"}}})
	if len(prod.Errors) != 0 {
		t.Fatalf("createProduct: %+v", prod.Errors)
	}
	var p struct {
		ID, SKU, Unit, HsCode string
		Version               int
		DefaultPrice          struct{ Amount, Currency string }
	}
	if err := json.Unmarshal(prod.Data["createProduct"], &p); err != nil {
		t.Fatal(err)
	}
	if p.Unit != "bundle" || p.HsCode != "72142000" || p.DefaultPrice.Amount != "95000.00" {
		t.Fatalf("product: %+v", p)
	}
	t.Run("update with expectedVersion, then stale", func(t *testing.T) {
		q := `mutation($id: ID!, $v: Int!) { updateProduct(id: $id, expectedVersion: $v, patch: {sdRateBps: 1000, defaultPrice: null}) { version sdRateBps defaultPrice { amount } } }`
		ok := c.gql(q, map[string]any{"id": p.ID, "v": 1})
		if len(ok.Errors) != 0 || string(ok.Data["updateProduct"]) != `{"version":2,"sdRateBps":1000,"defaultPrice":null}` {
			t.Fatalf("update: %s %+v", ok.Data["updateProduct"], ok.Errors)
		}
		stale := c.gql(q, map[string]any{"id": p.ID, "v": 1})
		if codes := stale.Codes(); len(codes) != 1 || codes[0] != "CONFLICT" {
			t.Fatalf("stale update: %+v", stale)
		}
	})
	t.Run("invalid input names the field", func(t *testing.T) {
		bad := c.gql(`mutation { createCustomer(input: {code: "X-1", name: "X", tin: "12"}) { id } }`, nil)
		if codes := bad.Codes(); len(codes) != 1 || codes[0] != "INVALID_ARGUMENT" || fmt.Sprint(bad.Errors[0].Extensions["fields"]) == "" {
			t.Fatalf("bad input: %+v", bad)
		}
		raw, _ := json.Marshal(bad.Errors[0].Extensions["fields"])
		if string(raw) == "" || !json.Valid(raw) || !strings.Contains(string(raw), `"field":"tin"`) {
			t.Fatalf("fields: %s", raw)
		}
	})
	t.Run("a NUL character is refused naming where it is, and nothing is written", func(t *testing.T) {
		events := func() (n int) {
			for _, c := range e.outbox(c.tenant) {
				n += c
			}
			return n
		}
		before := events()
		for _, tc := range []struct{ name, query, field string }{
			{"variable", `mutation($in: CustomerInput!) { createCustomer(input: $in) { id } }`, "variables.in.name"},
			{"literal", `mutation { createCustomer(input: {code: "NUL-2", name: "a\u0000b"}) { id } }`, "input.name"},
		} {
			bad := c.gql(tc.query, map[string]any{"in": map[string]any{"code": "NUL-1", "name": "a\x00b"}})
			raw, _ := json.Marshal(bad.Errors)
			if codes := bad.Codes(); len(codes) != 1 || codes[0] != "INVALID_ARGUMENT" || !strings.Contains(string(raw), `"field":"`+tc.field+`"`) {
				t.Fatalf("%s: %s", tc.name, raw)
			}
		}
		if after := events(); after != before {
			t.Fatalf("events written: %d, want %d", after, before)
		}
	})
	t.Run("archive and restore", func(t *testing.T) {
		a := c.gql(`mutation($id: ID!) { archiveProduct(id: $id) { archivedAt version } }`, map[string]any{"id": p.ID})
		r := c.gql(`mutation($id: ID!) { restoreProduct(id: $id, expectedVersion: 3) { archivedAt version } }`, map[string]any{"id": p.ID})
		if len(a.Errors)+len(r.Errors) != 0 || string(r.Data["restoreProduct"]) != `{"archivedAt":null,"version":4}` {
			t.Fatalf("archive %+v, restore %s %+v", a, r.Data["restoreProduct"], r.Errors)
		}
	})
	t.Run("reference data", func(t *testing.T) {
		got := c.gql(`{ builtinUnits { code builtin } divisions { key districts { key } } }`, nil)
		var data struct {
			BuiltinUnits []struct{ Code string }
			Divisions    []struct{ Districts []struct{ Key string } }
		}
		raw, _ := json.Marshal(got.Data)
		if err := json.Unmarshal(raw, &data); err != nil {
			t.Fatal(err)
		}
		districts := 0
		for _, d := range data.Divisions {
			districts += len(d.Districts)
		}
		if len(data.BuiltinUnits) != 9 || len(data.Divisions) != 8 || districts != 64 {
			t.Fatalf("%d units, %d divisions, %d districts", len(data.BuiltinUnits), len(data.Divisions), districts)
		}
	})
}
