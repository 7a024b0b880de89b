package gateway_test

import (
	"encoding/json"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/vextrus/vextrus/internal/gateway"
	"github.com/vextrus/vextrus/internal/platform/apitest"
)

// browse GETs path as a browser asking for a page would.
func (e *env) browse(path string) apitest.Response {
	e.t.Helper()
	return e.api.Do(http.MethodGet, path, nil, "Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
}

var assetRef = regexp.MustCompile(`(?:src|href)="([^"]*)"`)

// pageFiles lists the URLs of the files html loads (inline data: URLs
// load nothing).
func pageFiles(html string) []string {
	var out []string
	for _, m := range assetRef.FindAllStringSubmatch(html, -1) {
		if !strings.HasPrefix(m[1], "data:") {
			out = append(out, m[1])
		}
	}
	return out
}

// TestGraphiQLIsServedFromTheBinary: in dev, a browser opening /graphql
// gets GraphiQL, whose page loads React, ReactDOM, GraphiQL's bundle and
// stylesheet and its start script from this server only, each cached for
// good under a URL that changes with its content.
func TestGraphiQLIsServedFromTheBinary(t *testing.T) {
	e := newEnv(t, options{cfg: func(c *gateway.Config) { c.GraphiQL, c.Introspection = true, true }})
	page := e.browse("/graphql")
	if page.Status != http.StatusOK || !strings.HasPrefix(page.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("GET /graphql: %d %s", page.Status, page.Header.Get("Content-Type"))
	}
	html := string(page.Raw)
	if m := regexp.MustCompile(`(?i)(https?:)?//[a-z0-9.-]+`).FindString(html); m != "" {
		t.Errorf("the page names another host: %s", m)
	}
	csp := page.Header.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'none'", "script-src 'self'", "connect-src 'self'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("Content-Security-Policy %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-eval") || strings.Contains(html, "<script>") {
		t.Errorf("the page runs inline or eval'd script: CSP %q", csp)
	}

	// Each file the page loads, and a line of its content that only that
	// file has.
	want := map[string]struct{ contentType, content string }{
		"react.production.min.js":     {"text/javascript", "@license React"},
		"react-dom.production.min.js": {"text/javascript", "react-dom.production.min.js"},
		"graphiql.min.js":             {"text/javascript", ".GraphiQL=t(e.React,e.ReactDOM)"},
		"graphiql.min.css":            {"text/css", ".graphiql-container"},
		"graphiql-start.js":           {"text/javascript", "GraphiQL.createFetcher({ url: '/graphql' })"},
	}
	refs := pageFiles(html)
	if len(refs) != len(want) {
		t.Fatalf("the page loads %d files, want %d: %q", len(refs), len(want), refs)
	}
	for _, url := range refs {
		if !strings.HasPrefix(url, "/graphql/assets/") {
			t.Errorf("%s is not served by the gateway", url)
			continue
		}
		name := url[strings.LastIndex(url, "/")+1:]
		w, ok := want[name]
		if !ok {
			t.Errorf("unexpected file %s", url)
			continue
		}
		r := e.do(http.MethodGet, url, "", nil)
		switch {
		case r.Status != http.StatusOK:
			t.Errorf("%s: %d", url, r.Status)
		case !strings.HasPrefix(r.Header.Get("Content-Type"), w.contentType):
			t.Errorf("%s: Content-Type %s, want %s", url, r.Header.Get("Content-Type"), w.contentType)
		case !strings.Contains(r.Header.Get("Cache-Control"), "immutable"):
			t.Errorf("%s: Cache-Control %q is not long-lived", url, r.Header.Get("Cache-Control"))
		case !strings.Contains(string(r.Raw), w.content):
			t.Errorf("%s does not hold %q", url, w.content)
		}
		// Another hash is another version: not found, never served
		// under a URL that promises other content.
		hash := strings.Split(strings.TrimPrefix(url, "/graphql/assets/"), "/")[0]
		if r := e.do(http.MethodGet, strings.Replace(url, hash, strings.Repeat("0", len(hash)), 1), "", nil); r.Status != http.StatusNotFound {
			t.Errorf("%s under a stale hash: %d, want 404", name, r.Status)
		}
	}

	// The console's queries are ordinary POSTs; a JSON client asking GET
	// /graphql still gets GraphQL, not the page.
	if r := e.do(http.MethodGet, "/graphql?query=%7B__typename%7D", "", nil); r.Status == http.StatusOK && strings.Contains(string(r.Raw), "<html") {
		t.Errorf("a GET without Accept: text/html got the page")
	}
}

// TestGraphiQLIsOffByDefault: without gateway.graphiql (production),
// neither the page nor its files are served.
func TestGraphiQLIsOffByDefault(t *testing.T) {
	on := newEnv(t, options{cfg: func(c *gateway.Config) { c.GraphiQL = true }})
	refs := pageFiles(string(on.browse("/graphql").Raw))
	if len(refs) == 0 {
		t.Fatal("no files on the page")
	}
	off := newEnv(t, options{})
	if r := off.browse("/graphql"); strings.Contains(string(r.Raw), "<html") {
		t.Errorf("GET /graphql served the page with GraphiQL off: %d", r.Status)
	}
	for _, url := range refs {
		if r := off.do(http.MethodGet, url, "", nil); r.Status != http.StatusNotFound {
			t.Errorf("%s with GraphiQL off: %d, want 404", url, r.Status)
		}
	}
	for _, path := range []string{"/docs/graphiql.html", "/docs/graphiql/graphiql/graphiql.min.js"} {
		if r := off.do(http.MethodGet, path, "", nil); r.Status != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", path, r.Status)
		}
	}
}

// TestGraphiQLSchemaQueryRuns: GraphiQL's schema query, deeper than
// gateway.max_depth, runs where introspection is on and is refused where
// it is off.
func TestGraphiQLSchemaQueryRuns(t *testing.T) {
	query, err := os.ReadFile("testdata/graphiql-introspection.graphql")
	if err != nil {
		t.Fatal(err)
	}
	body := map[string]any{"query": string(query), "operationName": "IntrospectionQuery"}
	e := newEnv(t, options{cfg: func(c *gateway.Config) { c.Introspection = true }})
	a := e.tenant("alpha", 1)[0]
	r := e.post("/graphql", a.token, body)
	var out struct {
		Data struct {
			Schema struct {
				QueryType struct{ Name string }
				Types     []struct{ Name string }
			} `json:"__schema"`
		}
		Errors []any
	}
	if err := json.Unmarshal(r.Raw, &out); err != nil || r.Status != http.StatusOK || out.Errors != nil {
		t.Fatalf("status %d: %.300s", r.Status, r.Raw)
	}
	names := map[string]bool{}
	for _, typ := range out.Data.Schema.Types {
		names[typ.Name] = true
	}
	if out.Data.Schema.QueryType.Name != "Query" || !names["User"] || !names["Note"] {
		t.Errorf("the schema lacks the supergraph's types: %.300s", r.Raw)
	}

	// Only introspection is exempt from the depth limit.
	deep := "{ me " + strings.Repeat("{ tenant ", 19) + "{ id }" + strings.Repeat(" }", 19) + " }"
	if code, msg := e.query(a.token, deep).FirstError(); code != "INVALID_ARGUMENT" || !strings.Contains(msg, "gateway.max_depth") {
		t.Errorf("a deep data query: %s %q", code, msg)
	}
	off := newEnv(t, options{})
	b := off.tenant("alpha", 1)[0]
	if code, _ := off.post("/graphql", b.token, body).FirstError(); code != "PERMISSION_DENIED" {
		t.Errorf("with introspection off: %s, want PERMISSION_DENIED", code)
	}
}
