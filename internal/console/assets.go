package console

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"net/http"
	"path"
	"time"

	"github.com/vextrus/vextrus/internal/documents/pdf"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

// The console's own static files and htmx as vendored by go generate.
//
//go:embed assets/console.css assets/console.js assets/htmx/htmx.min.js assets/htmx/LICENSE
var embedded embed.FS

// asset is one static file with its content type and version.
type asset struct {
	body  []byte
	ctype string
	etag  string
}

// assetSet is every static file by the name it is served under.
type assetSet map[string]asset

// fonts are served from the documents' PDF fonts: the same bytes.
var fonts = []string{"NotoSans-Regular", "NotoSans-Bold", "NotoSansBengali-Regular", "NotoSansBengali-Bold"}

func loadAssets() (assetSet, error) {
	set := assetSet{}
	add := func(name, ctype string, b []byte) {
		sum := sha256.Sum256(b)
		set[name] = asset{body: b, ctype: ctype, etag: `"` + hex.EncodeToString(sum[:8]) + `"`}
	}
	for name, ctype := range map[string]string{"console.css": "text/css; charset=utf-8",
		"console.js": "text/javascript; charset=utf-8", "htmx/htmx.min.js": "text/javascript; charset=utf-8",
		"htmx/LICENSE": "text/plain; charset=utf-8"} {
		b, err := embedded.ReadFile("assets/" + name)
		if err != nil {
			return nil, errs.Wrap(errs.Internal, err, "console asset %s", name)
		}
		add(name, ctype, b)
	}
	for _, f := range fonts {
		b, err := pdf.FontFile(f)
		if err != nil {
			return nil, errs.Wrap(errs.Internal, err, "console font %s", f)
		}
		add("fonts/"+f+".ttf", "font/ttf", b)
	}
	return set, nil
}

// url is the address of asset name, its version in the query so a
// browser may keep it for a year.
func (s assetSet) url(name string) string {
	a := s[name]
	return Prefix + "/assets/" + name + "?v=" + a.etag[1:len(a.etag)-1]
}

// serveAsset answers GET /console/assets/{name...}.
func (c *Console) serveAsset(w http.ResponseWriter, r *http.Request) {
	name := path.Clean(r.PathValue("name"))
	a, ok := c.assets[name]
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", a.ctype)
	if r.URL.Query().Get("v") != "" {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", "public, max-age=86400")
	}
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("ETag", a.etag)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(a.body))
}
