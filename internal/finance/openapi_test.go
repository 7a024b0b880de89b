package finance_test

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
	"github.com/vextrus/vextrus/internal/finance"
)

// self is the route that serves the document.
const self = "GET " + finance.Base + "/openapi.json"

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
	if !bytes.Equal(finance.OpenAPI(), api.OpenAPI()["finance"]) {
		t.Fatal("api/openapi/finance.json differs from internal/finance/openapi.json; copy one over the other")
	}
	var d openAPIDoc
	if err := json.Unmarshal(finance.OpenAPI(), &d); err != nil || d.OpenAPI != "3.1.0" {
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
	newFixture(t).svc.Routes(mux)
	var mounted []string
	for _, m := range finance.RouteMaps() {
		mounted = slices.AppendSeq(mounted, maps.Keys(m))
	}
	for _, route := range mounted {
		if route == self {
			// The route serving the document itself needs no entry in it.
			continue
		}
		if !documented[route] {
			t.Errorf("%s is mounted but not documented", route)
		}
		method, path, _ := strings.Cut(route, " ")
		req := httptest.NewRequest(method, strings.NewReplacer("{id}", "0190a0b0-0000-7000-8000-000000000001",
			"{starts}", "2026-07-01").Replace(path), nil)
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
		}
	}
	const prefix = "#/components/schemas/"
	for _, part := range strings.Split(string(finance.OpenAPI()), prefix)[1:] {
		if name := part[:strings.IndexByte(part, '"')]; d.Components.Schemas[name] == nil {
			t.Errorf("$ref to the undefined schema %s", name)
		}
	}
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
	if len(found) != len(finance.RouteMaps()) {
		t.Fatalf("route maps %v, but routes_export_test.go's RouteMaps lists %d: add the new one there", found, len(finance.RouteMaps()))
	}
}

// The document's schemas have the fields the handlers' JSON types
// write and read, no more and no fewer.
func TestOpenAPISchemasMatchTheJSONTypes(t *testing.T) {
	d := readOpenAPI(t)
	for name, types := range map[string][]any{
		"Account": {finance.AccountJSON{}}, "Journal": {finance.JournalJSON{}}, "Line": {finance.LineJSON{}}, "Period": {finance.PeriodJSON{}},
		"Party": {finance.PartyJSON{}}, "WithholdingTax": {finance.WithholdingTaxJSON{}}, "InvoiceLineInput": {finance.LineInputJSON{}},
		"InvoiceInput": {finance.InvoiceInputJSON{}}, "InvoiceLine": {finance.LineJSONOut{}}, "Invoice": {finance.InvoiceJSON{}},
		"Payment": {finance.PaymentJSON{}}, "Cheque": {finance.ChequeJSON{}}, "Wallet": {finance.WalletJSON{}}, "Allocation": {finance.AllocationJSON{}, finance.AllocationIn{}},
		"Proposal": {finance.ProposalJSON{}}, "StatementLine": {finance.StatementLineJSON{}}, "Statement": {finance.StatementJSON{}},
		"TrialBalanceRow": {finance.TrialBalanceRowJSON{}}, "TrialBalance": {finance.TrialBalanceJSON{}}, "LedgerEntry": {finance.LedgerEntryJSON{}},
		"Ledger": {finance.LedgerJSON{}}, "AgeingRow": {finance.AgeingRowJSON{}}, "AgeingBuckets": {finance.AgeingBucketsJSON{}},
		"Ageing": {finance.AgeingJSON{}}, "VATRegisterRow": {finance.VATRegisterRowJSON{}}, "VATAccount": {finance.VATAccountJSON{}},
		"VATSummary": {finance.VATSummaryJSON{}}, "Outstanding": {finance.OutstandingJSON{}}, "BillMatch": {finance.BillMatchJSON{}},
		"MatchedLine": {finance.MatchedLine{}}, "HoldReason": {finance.HoldReason{}},
		"AccountInput": {finance.AccountIn{}}, "AccountPatch": {finance.AccountPatchIn{}}, "JournalInput": {finance.JournalIn{}},
		"JournalPatch": {finance.JournalPatchIn{}}, "ReverseInput": {finance.ReverseIn{}}, "Reason": {finance.ReasonIn{}},
		"PaymentInput": {finance.PaymentIn{}},
	} {
		schema, _ := d.Components.Schemas[name].(map[string]any)
		props, _ := schema["properties"].(map[string]any)
		documented := slices.Sorted(maps.Keys(props))
		for _, v := range types {
			if got := jsonNames(reflect.TypeOf(v)); !slices.Equal(documented, got) {
				t.Errorf("schema %s has %v; %T has %v", name, documented, v, got)
			}
		}
	}
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
