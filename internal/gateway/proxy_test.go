package gateway_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/vextrus/vextrus/internal/gateway"
)

// The web console runs as a target of its own behind the gateway, the one
// process reached from outside: its pages and form posts arrive at the
// console with their path, cookies and the client's address unchanged.
func TestPagesOfAServiceElsewhereAreForwardedUnderItsPrefix(t *testing.T) {
	type seen struct{ path, cookie, forwardedFor string }
	got := make(chan seen, 1)
	console := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, _ := r.Cookie("vx_session")
		v := seen{path: r.URL.Path, forwardedFor: r.Header.Get("X-Forwarded-For")}
		if c != nil {
			v.cookie = c.Value
		}
		got <- v
		io.WriteString(w, "<h1>inbox</h1>")
	}))
	defer console.Close()
	e := newEnv(t, options{services: []gateway.Service{{Name: "console", URL: console.URL, Prefix: "/console/"}}})

	req, _ := http.NewRequest(http.MethodGet, e.srv.URL+"/console/approvals?state=waiting", nil)
	req.AddCookie(&http.Cookie{Name: "vx_session", Value: "s1"})
	res, err := e.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || string(body) != "<h1>inbox</h1>" {
		t.Fatalf("GET /console/approvals: %d %q", res.StatusCode, body)
	}
	v := <-got
	if v.path != "/console/approvals" || v.cookie != "s1" || v.forwardedFor != "127.0.0.1" {
		t.Errorf("the console saw %+v, want the path, the session cookie and the client's address", v)
	}

	// Outside the prefix nothing reaches the console.
	res, err = e.srv.Client().Get(e.srv.URL + "/consoles")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	select {
	case v := <-got:
		t.Errorf("GET /consoles reached the console as %+v", v)
	default:
		if res.StatusCode == http.StatusOK {
			t.Errorf("GET /consoles: 200")
		}
	}
}
