package mailbox

import (
	"encoding/json"
	"html/template"
	"net/http"
	"slices"
	"strconv"
)

// Handler serves the mailbox: GET <prefix> an HTML list (newest first),
// with ?format=json (or Accept: application/json) the mail as JSON, and
// GET <prefix>/{id} one message's HTML body. dev mounts it at
// /dev/mailbox; it has no authentication and must never be served
// outside dev.
func (b *Box) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", b.list)
	mux.HandleFunc("GET /{id}", b.one)
	return mux
}

func (b *Box) list(w http.ResponseWriter, r *http.Request) {
	mails := b.All()
	slices.Reverse(mails)
	if r.URL.Query().Get("format") == "json" || r.Header.Get("Accept") == "application/json" {
		w.Header().Set("Content-Type", "application/json")
		if mails == nil {
			mails = []Mail{}
		}
		_ = json.NewEncoder(w).Encode(mails)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = listPage.Execute(w, mails)
}

func (b *Box) one(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.Atoi(r.PathValue("id"))
	if err != nil {
		http.NotFound(w, r)
		return
	}
	for _, m := range b.All() {
		if m.ID == id {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			// The message is the platform's own rendering; the sandbox
			// keeps any script in it from running on dev's origin.
			w.Header().Set("Content-Security-Policy", "sandbox")
			if m.HTML != "" {
				_, _ = w.Write([]byte(m.HTML))
			} else {
				_ = textPage.Execute(w, m)
			}
			return
		}
	}
	http.NotFound(w, r)
}

var listPage = template.Must(template.New("list").Parse(`<!doctype html>
<html><head><meta charset="utf-8"><title>Dev mailbox</title>
<style>body{font-family:sans-serif;margin:2em}td,th{padding:.3em .8em;text-align:left;border-bottom:1px solid #ddd}pre{white-space:pre-wrap}</style>
</head><body><h1>Dev mailbox</h1><p>{{len .}} message(s), newest first. <a href="?format=json">JSON</a></p>
<table><tr><th>#</th><th>Received</th><th>To</th><th>Subject</th></tr>
{{range .}}<tr><td>{{.ID}}</td><td>{{.At.Format "2006-01-02 15:04:05"}}</td><td>{{range .To}}{{.}} {{end}}</td>
<td><a href="{{.ID}}">{{.Subject}}</a><details><summary>text</summary><pre>{{.Text}}</pre></details></td></tr>
{{end}}</table></body></html>
`))

var textPage = template.Must(template.New("text").Parse(`<!doctype html><meta charset="utf-8"><pre>{{.Text}}</pre>`))
