package orders_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/masterdata/mdclient"
	"github.com/vextrus/vextrus/internal/orders"
	"github.com/vextrus/vextrus/internal/orders/graph"
	"github.com/vextrus/vextrus/internal/platform/apitest"
	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/graphqlx"
	"github.com/vextrus/vextrus/internal/platform/httpx"
	"github.com/vextrus/vextrus/internal/platform/qty"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

const subgraph = "/graphql/orders"

// graphClient is a client of the fixture's service's subgraph calling as
// a user of t who holds perms, or every orders permission when perms is
// empty: the same stand-in for authentication as the REST tests'.
func (f *fixture) graphClient(tb testing.TB, t tenant.ID, perms ...string) *apitest.Client {
	tb.Helper()
	mux := http.NewServeMux()
	mux.Handle("POST "+subgraph, graph.Handler(f.svc, graphqlx.Options{}))
	caller := manager(t)
	if len(perms) > 0 {
		caller = as(t, "0190a0b0-0000-7000-8000-"+t.String()[24:], perms...)
	}
	p, _ := authz.From(caller)
	srv := httptest.NewServer(httpx.Chain(mux, httpx.RequestID, func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			next.ServeHTTP(w, r.WithContext(tenant.With(authz.With(r.Context(), p), t)))
		})
	}))
	tb.Cleanup(srv.Close)
	return apitest.New(tb, srv.URL, srv.Client())
}

// decode unmarshals field of data into v.
func decode(tb testing.TB, data map[string]json.RawMessage, field string, v any) {
	tb.Helper()
	if err := json.Unmarshal(data[field], v); err != nil {
		tb.Fatalf("%s: %s (%v)", field, data[field], err)
	}
}

// wantGraphError fails the test unless the answer's first error has code
// and blames field (when field is not empty).
func wantGraphError(tb testing.TB, r apitest.Response, code, field string) {
	tb.Helper()
	a := r.GraphQL(tb)
	if len(a.Errors) == 0 || a.Errors[0].Code() != code || field != "" && !slices.Contains(a.Errors[0].Fields(), field) {
		tb.Fatalf("answer %s, want %s naming %q", r.Raw, code, field)
	}
}

const createPurchase = `mutation($in: CreatePurchaseOrderInput!) {
	createPurchaseOrder(input: $in) { id number status vendor { id } vendorName amount { amount currency }
		location { code kind } lines { line product { id } productName quantity unitPrice { amount } amount { amount } } version }
}`

// TestGraphQLPurchaseOrdersNameTheirEntitiesAndFields: a draft created
// through the subgraph references the vendor and product by id, with its
// location read here; lists page as Relay connections, also from a
// vendor reached as an entity; and mistakes name the input's fields.
func TestGraphQLPurchaseOrdersNameTheirEntitiesAndFields(t *testing.T) {
	f := newFixture(t)
	tn := newTenant(t)
	api := f.graphClient(t, tn)
	site := f.location(t, manager(tn), "SITE-PADMA", orders.LocationProjectSite)
	cement := f.catalog.product("Cement, 50 kg bag", "bag")
	vendor := f.catalog.vendor(mdclient.Party{Name: "Shah Cement Ltd"})
	in := map[string]any{"vendorId": vendor, "locationId": site.ID, "deliveryDate": "2026-12-20", "department": "Civil Works",
		"lines": []any{map[string]any{"productId": cement, "quantity": "40", "unitPrice": map[string]any{"amount": "500.00", "currency": "BDT"}}}}

	var po struct {
		ID, Status, VendorName string
		Number                 *string
		Vendor                 struct{ ID string }
		Amount                 struct{ Amount, Currency string }
		Location               struct{ Code, Kind string }
		Lines                  []struct {
			Line        int
			Product     struct{ ID string }
			ProductName string
			Quantity    string
		}
	}
	for range 3 {
		decode(t, api.GraphQL(subgraph, createPurchase, map[string]any{"in": in}).Data(t), "createPurchaseOrder", &po)
	}
	if po.Status != "DRAFT" || po.Number != nil || po.Vendor.ID != vendor.String() || po.VendorName != "Shah Cement Ltd" ||
		po.Amount.Amount != "20000.00" || po.Amount.Currency != "BDT" || po.Location.Code != "SITE-PADMA" ||
		po.Location.Kind != "PROJECT_SITE" || len(po.Lines) != 1 || po.Lines[0].Product.ID != cement.String() ||
		po.Lines[0].Quantity != "40" {
		t.Fatalf("created: %+v", po)
	}

	type page struct {
		Edges []struct {
			Cursor string
			Node   struct{ ID string }
		}
		PageInfo struct {
			HasNextPage bool
			EndCursor   *string
		}
	}
	var first, rest page
	list := `query($after: String) { purchaseOrders(first: 2, after: $after, status: DRAFT, vendorId: "` + vendor.String() +
		`") { edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }`
	decode(t, api.GraphQL(subgraph, list, nil).Data(t), "purchaseOrders", &first)
	if len(first.Edges) != 2 || !first.PageInfo.HasNextPage || *first.PageInfo.EndCursor != first.Edges[1].Cursor ||
		first.Edges[0].Node.ID != po.ID {
		t.Fatalf("first page: %+v, want the 2 newest and more", first)
	}
	decode(t, api.GraphQL(subgraph, list, map[string]any{"after": first.Edges[1].Cursor}).Data(t), "purchaseOrders", &rest)
	if len(rest.Edges) != 1 || rest.PageInfo.HasNextPage || rest.PageInfo.EndCursor != nil {
		t.Fatalf("second page: %+v, want the last order", rest)
	}

	t.Run("a vendor entity lists its orders", func(t *testing.T) {
		var ents []struct{ PurchaseOrders page }
		q := `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Vendor { purchaseOrders(first: 5) {
			edges { cursor node { id } } pageInfo { hasNextPage } } } } }`
		reps := []any{map[string]any{"__typename": "Vendor", "id": vendor}, map[string]any{"__typename": "Vendor", "id": uuid.New()}}
		decode(t, api.GraphQL(subgraph, q, map[string]any{"reps": reps}).Data(t), "_entities", &ents)
		if len(ents) != 2 || len(ents[0].PurchaseOrders.Edges) != 3 || len(ents[1].PurchaseOrders.Edges) != 0 {
			t.Fatalf("entities: %+v, want the vendor's 3 orders and none of an unknown vendor", ents)
		}
	})
	t.Run("mistakes name the input's fields", func(t *testing.T) {
		bad := map[string]any{"vendorId": vendor, "locationId": site.ID, "deliveryDate": "2026-12-20",
			"lines": []any{map[string]any{"productId": "cement", "quantity": "-1", "unitPrice": map[string]any{"amount": "5", "currency": "BDT"}}}}
		wantGraphError(t, api.GraphQL(subgraph, createPurchase, map[string]any{"in": bad}), "INVALID_ARGUMENT", "input.lines[0].productId")
		bad["lines"] = []any{map[string]any{"productId": cement, "quantity": "-1", "unitPrice": map[string]any{"amount": "5", "currency": "BDT"}}}
		wantGraphError(t, api.GraphQL(subgraph, createPurchase, map[string]any{"in": bad}), "INVALID_ARGUMENT", "input.lines[0].quantity")
		bad["lines"] = []any{map[string]any{"productId": cement, "quantity": "1", "unitPrice": map[string]any{"amount": "5", "currency": "XYZ"}}}
		wantGraphError(t, api.GraphQL(subgraph, createPurchase, map[string]any{"in": bad}), "INVALID_ARGUMENT", "input.lines[0].unitPrice.currency")
		wantGraphError(t, api.GraphQL(subgraph, `{ purchaseOrders(first: 201) { edges { cursor } } }`, nil), "INVALID_ARGUMENT", "first")
		wantGraphError(t, api.GraphQL(subgraph, `{ purchaseOrders(after: "nope") { edges { cursor } } }`, nil), "INVALID_ARGUMENT", "after")
	})
	t.Run("a missing order, a NUL, a caller without the permission and an engine-less submit are refused", func(t *testing.T) {
		wantGraphError(t, api.GraphQL(subgraph, `query($id: ID!) { purchaseOrder(id: $id) { id } }`,
			map[string]any{"id": uuid.New()}), "NOT_FOUND", "")
		nul := map[string]any{"vendorId": vendor, "locationId": site.ID, "deliveryDate": "2026-12-20", "memo": "a\x00b",
			"lines": in["lines"]}
		wantGraphError(t, api.GraphQL(subgraph, createPurchase, map[string]any{"in": nul}), "INVALID_ARGUMENT", "variables.in.memo")
		reader := f.graphClient(t, tn, orders.PermStockRead)
		wantGraphError(t, reader.GraphQL(subgraph, `{ purchaseOrders { edges { cursor } } }`, nil), "PERMISSION_DENIED", "")
		wantGraphError(t, api.GraphQL(subgraph, `mutation($id: ID!) { submitPurchaseOrder(id: $id) { status } }`,
			map[string]any{"id": po.ID}), "FAILED_PRECONDITION", "")
	})
}

// TestGraphQLStockMovesAndReadsByProductAndLocation: stock put in a
// warehouse reads by product entity and as a connection; an issue and a
// transfer through the subgraph move it, and too little on hand is
// refused naming the product.
func TestGraphQLStockMovesAndReadsByProductAndLocation(t *testing.T) {
	f := newFixture(t)
	tn := newTenant(t)
	api := f.graphClient(t, tn)
	var store struct{ ID, Code, Kind string }
	decode(t, api.GraphQL(subgraph, `mutation { createLocation(input: {code: "WH-TEJ", name: "Tejgaon store", kind: WAREHOUSE}) { id code kind } }`,
		nil).Data(t), "createLocation", &store)
	site := f.location(t, manager(tn), "SITE-PADMA", orders.LocationProjectSite)
	rod := f.catalog.product("MS rod 12 mm", "kg")
	storeID := uuid.MustParse(store.ID)
	if err := orders.Move(f.svc, manager(tn), orders.Movement{ProductID: rod, LocationID: storeID, Kind: orders.MoveReceipt,
		Quantity: 100 * qty.Scale, UnitCost: 95_00, SourceType: orders.SourceGoodsReceipt, SourceID: uuid.New(), SourceLine: 1,
		OccurredOn: day("2026-12-01")}); err != nil {
		t.Fatal(err)
	}

	var doc struct {
		Number, Kind string
		Location     struct{ Code string }
		ToLocation   *struct{ Code string }
		Lines        []struct {
			Quantity string
			Value    struct{ Amount string }
		}
	}
	move := `mutation($in: TransferStockInput!) { transferStock(input: $in) { number kind location { code } toLocation { code }
		lines { quantity value { amount } } } }`
	decode(t, api.GraphQL(subgraph, move, map[string]any{"in": map[string]any{"fromLocationId": store.ID, "toLocationId": site.ID,
		"lines": []any{map[string]any{"productId": rod, "quantity": "30"}}}}).Data(t), "transferStock", &doc)
	if doc.Kind != "TRANSFER" || doc.Location.Code != "WH-TEJ" || doc.ToLocation == nil || doc.ToLocation.Code != "SITE-PADMA" ||
		len(doc.Lines) != 1 || doc.Lines[0].Value.Amount != "2850.00" {
		t.Fatalf("transfer: %+v", doc)
	}
	issue := `mutation($in: IssueStockInput!) { issueStock(input: $in) { number kind toLocation { code } lines { quantity } } }`
	decode(t, api.GraphQL(subgraph, issue, map[string]any{"in": map[string]any{"locationId": site.ID, "project": "Padma bridge",
		"lines": []any{map[string]any{"productId": rod, "quantity": "10"}}}}).Data(t), "issueStock", &doc)
	if doc.Kind != "ISSUE" || doc.ToLocation != nil {
		t.Fatalf("issue: %+v", doc)
	}
	wantGraphError(t, api.GraphQL(subgraph, issue, map[string]any{"in": map[string]any{"locationId": site.ID, "project": "Padma bridge",
		"lines": []any{map[string]any{"productId": rod, "quantity": "21"}}}}), "FAILED_PRECONDITION", "")

	var ents []struct {
		Stock []struct {
			OnHand, Available string
			Location          struct{ Code string }
			AverageCost       struct{ Amount string }
		}
	}
	q := `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Product { stock { onHand available location { code } averageCost { amount } } } } }`
	decode(t, api.GraphQL(subgraph, q, map[string]any{"reps": []any{map[string]any{"__typename": "Product", "id": rod}}}).Data(t), "_entities", &ents)
	if len(ents) != 1 || len(ents[0].Stock) != 2 {
		t.Fatalf("the rod's stock: %+v, want two locations", ents)
	}
	got := map[string]string{}
	for _, l := range ents[0].Stock {
		got[l.Location.Code] = l.OnHand + "@" + l.AverageCost.Amount
	}
	if got["WH-TEJ"] != "70@95.00" || got["SITE-PADMA"] != "20@95.00" {
		t.Fatalf("the rod's stock by location: %v", got)
	}

	var levels struct {
		Edges []struct {
			Node struct{ ProductID, OnHand string }
		}
		PageInfo struct{ HasNextPage bool }
	}
	decode(t, api.GraphQL(subgraph, `query($p: ID, $l: ID) { stock(productId: $p, locationId: $l) { edges { node { productId onHand } } pageInfo { hasNextPage } } }`,
		map[string]any{"p": rod, "l": site.ID}).Data(t), "stock", &levels)
	if len(levels.Edges) != 1 || levels.Edges[0].Node.OnHand != "20" || levels.PageInfo.HasNextPage {
		t.Fatalf("stock at the site: %+v", levels)
	}
	var moves struct {
		Edges []struct {
			Node struct{ Kind, Quantity string }
		}
	}
	decode(t, api.GraphQL(subgraph, `query($l: ID) { stockMovements(locationId: $l) { edges { node { kind quantity } } } }`,
		map[string]any{"l": site.ID}).Data(t), "stockMovements", &moves)
	var kinds []string
	for _, e := range moves.Edges {
		kinds = append(kinds, e.Node.Kind+" "+e.Node.Quantity)
	}
	if strings.Join(kinds, ",") != "ISSUE -10,TRANSFER_IN 30" {
		t.Fatalf("movements at the site: %v, want the issue then the transfer, newest first", kinds)
	}
	var locs struct {
		Edges []struct{ Node struct{ Code string } }
	}
	decode(t, api.GraphQL(subgraph, `{ locations(kind: WAREHOUSE) { edges { node { code } } } }`, nil).Data(t), "locations", &locs)
	if len(locs.Edges) != 1 || locs.Edges[0].Node.Code != "WH-TEJ" {
		t.Fatalf("warehouses: %+v", locs)
	}
}
