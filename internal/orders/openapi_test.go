package orders_test

import (
	"bytes"
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/vextrus/vextrus/api"
	"github.com/vextrus/vextrus/internal/orders"
)

// self is the route that serves the document.
const self = "GET " + orders.Base + "/openapi.json"

// openAPIDoc is the part of the document the tests read.
type openAPIDoc struct {
	OpenAPI    string                               `json:"openapi"`
	Paths      map[string]map[string]map[string]any `json:"paths"`
	Components struct {
		Schemas map[string]any `json:"schemas"`
	} `json:"components"`
}

func readOpenAPI(t *testing.T) openAPIDoc {
	t.Helper()
	if !bytes.Equal(orders.OpenAPI(), api.OpenAPI()["orders"]) {
		t.Fatal("api/openapi/orders.json differs from internal/orders/openapi.json; copy one over the other")
	}
	var d openAPIDoc
	if err := json.Unmarshal(orders.OpenAPI(), &d); err != nil || d.OpenAPI != "3.1.0" {
		t.Fatalf("not an OpenAPI 3.1 document: %v", err)
	}
	return d
}

// The served document and the committed contract must not drift apart,
// and every route the service mounts is documented, with its problems.
func TestOpenAPIDocumentsEveryRoute(t *testing.T) {
	d := readOpenAPI(t)
	documented := map[string]bool{}
	for path, ops := range d.Paths {
		for method := range ops {
			documented[strings.ToUpper(method)+" "+path] = true
		}
	}
	mux := http.NewServeMux()
	orders.MountRoutes(mux)
	if _, pattern := mux.Handler(httptest.NewRequest(http.MethodGet, orders.Base+"/openapi.json", nil)); pattern != self {
		t.Errorf("Routes does not serve the document at %s (the mux answers %q)", self, pattern)
	}
	var mounted []string
	for _, m := range orders.RouteMaps() {
		mounted = slices.AppendSeq(mounted, maps.Keys(m))
	}
	for _, route := range mounted {
		if !documented[route] {
			t.Errorf("%s is mounted but not documented", route)
		}
		method, path, _ := strings.Cut(route, " ")
		req := httptest.NewRequest(method, strings.ReplaceAll(path, "{id}", "0190a0b0-0000-7000-8000-000000000001"), nil)
		if _, pattern := mux.Handler(req); pattern != route {
			t.Errorf("%s is not what Routes mounts (the mux answers %q)", route, pattern)
		}
		delete(documented, route)
	}
	for route := range documented {
		t.Errorf("%s is documented but not mounted", route)
	}
	for path, ops := range d.Paths {
		for method, op := range ops {
			responses, _ := op["responses"].(map[string]any)
			if responses["401"] == nil || responses["403"] == nil {
				t.Errorf("%s %s documents no 401 and 403 problems", method, path)
			}
			if op["requestBody"] != nil && responses["400"] == nil {
				t.Errorf("%s %s takes a body but documents no 400 problem", method, path)
			}
			if method == "post" && !declaresIdempotencyKey(op) {
				t.Errorf("POST %s does not declare Idempotency-Key", path)
			}
		}
	}
	const prefix = "#/components/schemas/"
	for _, part := range strings.Split(string(orders.OpenAPI()), prefix)[1:] {
		if name := part[:strings.IndexByte(part, '"')]; d.Components.Schemas[name] == nil {
			t.Errorf("$ref to the undefined schema %s", name)
		}
	}
}

func declaresIdempotencyKey(op map[string]any) bool {
	params, _ := op["parameters"].([]any)
	for _, p := range params {
		if m, _ := p.(map[string]any); m["name"] == "Idempotency-Key" && m["in"] == "header" {
			return true
		}
	}
	return false
}

// RouteMaps must list every route map of the package: a new one is a
// method of *Service returning map[string]httpx.HandlerFunc.
func TestRouteMapsListsEveryRouteMap(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var found []string
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Recv == nil || fn.Type.Results == nil || len(fn.Type.Results.List) != 1 {
				continue
			}
			res := fn.Type.Results.List[0].Type
			if string(src[fset.Position(res.Pos()).Offset:fset.Position(res.End()).Offset]) == "map[string]httpx.HandlerFunc" {
				found = append(found, fn.Name.Name)
			}
		}
	}
	if len(found) != len(orders.RouteMaps()) {
		t.Fatalf("route maps %v, but routes_export_test.go's RouteMaps lists %d: add the new one there", found, len(orders.RouteMaps()))
	}
}

// The document's schemas have the fields the handlers' JSON types
// write and read, no more and no fewer.
func TestOpenAPISchemasMatchTheJSONTypes(t *testing.T) {
	d := readOpenAPI(t)
	receiptLine := reflect.TypeFor[orders.ReceiptInputJSON]()
	lines, _ := receiptLine.FieldByName("Lines")
	for name, types := range map[string][]reflect.Type{
		"Location": {reflect.TypeFor[orders.LocationJSON]()}, "LocationInput": {reflect.TypeFor[orders.LocationIn]()},
		"LocationPatch": {reflect.TypeFor[orders.LocationPatchIn]()}, "StockLevel": {reflect.TypeFor[orders.StockLevelJSON]()},
		"StockMovement": {reflect.TypeFor[orders.StockMovementJSON]()}, "StockDocument": {reflect.TypeFor[orders.StockDocumentJSON]()},
		"StockDocumentLine": {reflect.TypeFor[orders.StockDocumentLineJSON]()}, "StockLineInput": {reflect.TypeFor[orders.StockLineIn]()},
		"IssueInput": {reflect.TypeFor[orders.IssueIn]()}, "TransferInput": {reflect.TypeFor[orders.TransferIn]()},
		"OrderLineInput": {reflect.TypeFor[orders.LineJSON]()}, "PurchaseOrderInput": {reflect.TypeFor[orders.PurchaseInputJSON]()},
		"PurchaseLine": {reflect.TypeFor[orders.PurchaseLineJSON]()}, "OrderBill": {reflect.TypeFor[orders.OrderBillJSON]()},
		"PurchaseOrder": {reflect.TypeFor[orders.PurchaseOrderJSON]()}, "Reason": {reflect.TypeFor[orders.ReasonIn]()},
		"ReceiptInput": {receiptLine}, "ReceiptLineInput": {lines.Type.Elem()}, "ReceiptLine": {reflect.TypeFor[orders.ReceiptLineJSON]()},
		"Receipt": {reflect.TypeFor[orders.ReceiptJSON]()}, "Requisition": {reflect.TypeFor[orders.RequisitionJSON]()},
		"RequisitionLine": {reflect.TypeFor[orders.RequisitionLineJSON]()}, "SalesLineInput": {reflect.TypeFor[orders.SalesLineInputJSON]()},
		"QuotationInput": {reflect.TypeFor[orders.QuotationInputJSON]()}, "SalesLine": {reflect.TypeFor[orders.SalesLineJSON]()},
		"CreditCheck": {reflect.TypeFor[orders.CreditCheckJSON]()}, "SalesOrder": {reflect.TypeFor[orders.SalesOrderJSON]()},
		"DeliveryLineInput": {reflect.TypeFor[orders.DeliveryLineInputJSON]()}, "DeliveryInput": {reflect.TypeFor[orders.DeliveryInputJSON]()},
		"DeliveryLine": {reflect.TypeFor[orders.DeliveryLineJSON]()}, "Delivery": {reflect.TypeFor[orders.DeliveryJSON]()},
	} {
		documented := properties(d, name)
		for _, v := range types {
			if got := jsonNames(v); !slices.Equal(documented, got) {
				t.Errorf("schema %s has %v; %v has %v", name, documented, v, got)
			}
		}
	}
	// A requisition is created from the members a client may set of the
	// type the API answers; the server refuses the others.
	all := jsonNames(reflect.TypeFor[orders.RequisitionJSON]())
	for _, name := range properties(d, "RequisitionInput") {
		if !slices.Contains(all, name) {
			t.Errorf("schema RequisitionInput has %s, which RequisitionJSON does not read", name)
		}
	}
}

// properties are the sorted property names of the schema name.
func properties(d openAPIDoc, name string) []string {
	schema, _ := d.Components.Schemas[name].(map[string]any)
	props, _ := schema["properties"].(map[string]any)
	return slices.Sorted(maps.Keys(props))
}

// jsonNames are the JSON names of t's fields, embedded structs' inlined,
// sorted.
func jsonNames(t reflect.Type) []string {
	var out []string
	for f := range t.Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch {
		case name == "-":
		case f.Anonymous && name == "":
			out = append(out, jsonNames(f.Type)...)
		case name != "":
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}
