package gateway

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"
)

// The GraphiQL console (dev): assets/graphiql.html and graphiql-start.js
// are this project's; assets/graphiql/ holds the prebuilt bundles of
// GraphiQL, React and ReactDOM with their licenses, copied from the npm
// packages pinned in web/graphiql by `go generate` and committed. Nothing is
// loaded from another host.

// consolePrefix is where the console's files are served. Each URL carries
// a hash of the file's content, so a file is cached for good and a new
// build's page asks for new URLs.
const consolePrefix = "/graphql/assets/"

// consoleCSP allows the page only its own scripts and styles and calls to
// this origin. GraphiQL sets inline styles and its stylesheet embeds its
// fonts and icons as data: URLs; no script runs inline or from eval.
const consoleCSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data:; font-src 'self' data:; connect-src 'self'; " +
	"base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// console is the rendered page and the files it loads.
type console struct {
	page  []byte
	files map[string]consoleFile // by URL path
}

type consoleFile struct {
	data        []byte
	contentType string
}

// newConsole hashes the console's files and renders the page with their
// URLs.
func newConsole() (*console, error) {
	c := &console{files: map[string]consoleFile{}}
	urls := map[string]string{} // by name under assets/
	add := func(name string) error {
		data, err := assets.ReadFile("assets/" + name)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		url := consolePrefix + hex.EncodeToString(sum[:8]) + "/" + name
		c.files[url] = consoleFile{data: data, contentType: contentType(name)}
		urls[name] = url
		return nil
	}
	if err := add("graphiql-start.js"); err != nil {
		return nil, err
	}
	err := fs.WalkDir(assets, "assets/graphiql", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		return add(strings.TrimPrefix(p, "assets/"))
	})
	if err != nil {
		return nil, err
	}
	asset := func(name string) (string, error) {
		if u, ok := urls[name]; ok {
			return u, nil
		}
		return "", fmt.Errorf("assets/%s is missing", name)
	}
	tmpl, err := template.New("graphiql.html").Funcs(template.FuncMap{"asset": asset}).ParseFS(assets, "assets/graphiql.html")
	if err != nil {
		return nil, err
	}
	var page bytes.Buffer
	if err := tmpl.Execute(&page, urls); err != nil {
		return nil, err
	}
	c.page = page.Bytes()
	return c, nil
}

func contentType(name string) string {
	switch path.Ext(name) {
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".md":
		return "text/markdown; charset=utf-8"
	}
	return "text/plain; charset=utf-8" // the LICENSE files
}

// servePage writes the console's page.
func (c *console) servePage(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", consoleCSP)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cache-Control", "no-cache")
	h.Set("Vary", "Accept")
	_, _ = w.Write(c.page)
}

// serveFile serves one of the page's files; a URL whose hash is not the
// current content's is not found, so an old page never caches new bytes
// under an old URL.
func (c *console) serveFile(w http.ResponseWriter, r *http.Request) {
	f, ok := c.files[r.URL.Path]
	if !ok {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", f.contentType)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("ETag", `"`+strings.Split(strings.TrimPrefix(r.URL.Path, consolePrefix), "/")[0]+`"`)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(f.data))
}
