package gateway

import (
	"embed"
	"encoding/json"
	"io/fs"
	"net/http"
	"strings"

	"github.com/vextrus/vextrus/internal/platform/errs"
)

// assets are the docs pages and the GraphiQL console (graphiql.go),
// embedded so the binary serves them without any CDN.
//
//go:embed assets
var assets embed.FS

// docsFiles are the files /docs/ serves; the console's are served only
// where GraphiQL is on.
var docsFiles = map[string]bool{"docs.html": true, "docs.js": true, "style.css": true}

// docsHandler serves /docs/: the REST reference over /api/openapi.json and
// its script and styles.
func docsHandler() http.Handler {
	sub, _ := fs.Sub(assets, "assets") // a literal directory go:embed guarantees
	files := http.FileServerFS(sub)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/docs/")
		if name == "" {
			name = "docs.html"
		}
		if !docsFiles[name] {
			http.NotFound(w, r)
			return
		}
		r2 := r.Clone(r.Context())
		r2.URL.Path = "/" + name
		w.Header().Set("Cache-Control", "no-cache")
		files.ServeHTTP(w, r2)
	})
}

// serveGraphQLGet serves GraphiQL to a browser in dev, and otherwise
// runs a query given in the URL (GraphQL over HTTP GET; mutations need
// POST), which is how persisted queries are cached by proxies.
func (g *Gateway) serveGraphQLGet(w http.ResponseWriter, r *http.Request) {
	if g.console != nil && strings.Contains(r.Header.Get("Accept"), "text/html") {
		g.console.servePage(w)
		return
	}
	req, err := getRequest(r)
	if err == nil {
		err = g.run(w, r, req)
	}
	if err != nil {
		writeErrors(w, r, err)
	}
}

// getRequest reads a GraphQL request from the URL of a GET.
func getRequest(r *http.Request) (*gqlRequest, error) {
	q := r.URL.Query()
	req := &gqlRequest{Query: q.Get("query"), OperationName: q.Get("operationName")}
	if v := q.Get("variables"); v != "" {
		req.Variables = json.RawMessage(v)
	}
	if e := q.Get("extensions"); e != "" {
		if err := json.Unmarshal([]byte(e), &req.Extensions); err != nil {
			return nil, errs.Field("extensions", "is not JSON: %s", err.Error())
		}
	}
	return req, nil
}
