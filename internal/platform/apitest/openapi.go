package apitest

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

	"github.com/vextrus/vextrus/internal/platform/httpx"
)

// OpenAPIDoc is the part of a service's OpenAPI document the checks read.
type OpenAPIDoc struct {
	OpenAPI    string                               `json:"openapi"`
	Paths      map[string]map[string]map[string]any `json:"paths"`
	Components struct {
		Schemas map[string]any `json:"schemas"`
	} `json:"components"`
}

// OpenAPIService is what CheckOpenAPI checks of one service.
type OpenAPIService struct {
	// Name is the service's name: its committed copy is
	// api/openapi/<Name>.json.
	Name string
	// Doc is the document the service serves; Copy the committed one.
	Doc, Copy []byte
	// Mux has the service's routes mounted; Self is the route serving
	// the document.
	Mux  *http.ServeMux
	Self string
	// RouteMaps are the service's route maps (method and pattern keys).
	RouteMaps []map[string]httpx.HandlerFunc
	// PathValues fills a route's path parameters to ask Mux for it.
	PathValues *strings.Replacer
	// IdempotencyKeys requires every POST to declare Idempotency-Key.
	IdempotencyKeys bool
}

// CheckOpenAPI checks that the served and committed documents are the
// same OpenAPI 3.1 document, that every mounted route is documented and
// only those, that each documents its 401 and 403 problems (and 400 when
// it takes a body), and that every schema reference resolves. It returns
// the document.
func CheckOpenAPI(t *testing.T, s OpenAPIService) OpenAPIDoc {
	t.Helper()
	if !bytes.Equal(s.Doc, s.Copy) {
		t.Fatalf("api/openapi/%s.json differs from the document the service serves; copy one over the other", s.Name)
	}
	var d OpenAPIDoc
	if err := json.Unmarshal(s.Doc, &d); err != nil || d.OpenAPI != "3.1.0" {
		t.Fatalf("not an OpenAPI 3.1 document: %v", err)
	}
	documented := map[string]bool{}
	for path, ops := range d.Paths {
		for method := range ops {
			documented[strings.ToUpper(method)+" "+path] = true
		}
	}
	askMux := func(route string) string {
		method, path, _ := strings.Cut(route, " ")
		_, pattern := s.Mux.Handler(httptest.NewRequest(method, s.PathValues.Replace(path), nil))
		return pattern
	}
	if got := askMux(s.Self); got != s.Self {
		t.Errorf("Routes does not serve the document at %s (the mux answers %q)", s.Self, got)
	}
	for _, m := range s.RouteMaps {
		for route := range m {
			if route == s.Self {
				// The route serving the document needs no entry in it.
				continue
			}
			if !documented[route] {
				t.Errorf("%s is mounted but not documented", route)
			}
			if got := askMux(route); got != route {
				t.Errorf("%s is not what Routes mounts (the mux answers %q)", route, got)
			}
			delete(documented, route)
		}
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
			if s.IdempotencyKeys && method == "post" && !declaresIdempotencyKey(op) {
				t.Errorf("POST %s does not declare Idempotency-Key", path)
			}
		}
	}
	const prefix = "#/components/schemas/"
	for _, part := range strings.Split(string(s.Doc), prefix)[1:] {
		if name := part[:strings.IndexByte(part, '"')]; d.Components.Schemas[name] == nil {
			t.Errorf("$ref to the undefined schema %s", name)
		}
	}
	return d
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

// Properties are the sorted property names of the document's schema
// name.
func (d OpenAPIDoc) Properties(name string) []string {
	schema, _ := d.Components.Schemas[name].(map[string]any)
	props, _ := schema["properties"].(map[string]any)
	return slices.Sorted(maps.Keys(props))
}

// CheckSchemas checks that each schema has exactly the JSON fields of
// each of its Go types.
func (d OpenAPIDoc) CheckSchemas(t *testing.T, types map[string][]reflect.Type) {
	t.Helper()
	for name, ts := range types {
		documented := d.Properties(name)
		for _, typ := range ts {
			if got := JSONNames(typ); !slices.Equal(documented, got) {
				t.Errorf("schema %s has %v; %s has %v", name, documented, typ, got)
			}
		}
	}
}

// JSONNames are the JSON names of t's fields, embedded structs'
// inlined, sorted.
func JSONNames(t reflect.Type) []string {
	var out []string
	for f := range t.Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch {
		case name == "-":
		case f.Anonymous && name == "":
			out = append(out, JSONNames(f.Type)...)
		case name != "":
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

// CheckRouteMapsListed checks that want route maps are listed: the
// package in the working directory has exactly want methods returning
// map[string]httpx.HandlerFunc (a new one must join the list).
func CheckRouteMapsListed(t *testing.T, want int) {
	t.Helper()
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
	if len(found) != want {
		t.Fatalf("route maps %v, but routes_export_test.go's RouteMaps lists %d: add the new one there", found, want)
	}
}
