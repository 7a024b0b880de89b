package gateway_test

import (
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/vextrus/vextrus/internal/platform/svcclient"
	"github.com/vextrus/vextrus/internal/platform/testwait"
)

// TestSubgraphOutage stops the notes subgraph mid-test: its fields answer
// UNAVAILABLE naming the service while auth's still resolve, the breaker
// opens, and once notes is back the breaker lets a probe through and
// closes.
func TestSubgraphOutage(t *testing.T) {
	policy := svcclient.Policy{Timeout: 2 * time.Second, BreakerFailures: 3, BreakerOpenFor: 300 * time.Millisecond}
	e := newEnv(t, options{remoteNotes: true, policy: policy})
	a := e.tenant("alpha", 1)[0]
	const q = "{ me { id } notes { id } }"
	if r := e.query(a.token, q); r.Body["errors"] != nil {
		t.Fatalf("before the outage: %s", r.Raw)
	}

	addr := e.notesSrv.Listener.Addr().String()
	e.notesSrv.Close()
	for range 3 {
		r := e.query(a.token, q)
		data, _ := r.Body["data"].(map[string]any)
		me, _ := data["me"].(map[string]any)
		if r.Status != http.StatusOK || me["id"] != a.userID || data["notes"] != nil {
			t.Fatalf("during the outage: status %d %s", r.Status, r.Raw)
		}
		errs := r.GraphQLErrors()
		if len(errs) == 0 || errs[0].Code() != "UNAVAILABLE" || errs[0].Extensions["service"] != "notes" {
			t.Fatalf("error %s, want UNAVAILABLE from notes", r.Raw)
		}
	}
	if !e.gw.BreakerOpen("notes") {
		t.Fatal("the breaker stayed closed after 3 failures")
	}

	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("restart notes on %s: %v", addr, err)
	}
	restarted := httptest.NewUnstartedServer(e.notesHandler)
	restarted.Listener.Close()
	restarted.Listener = ln
	restarted.Start()
	t.Cleanup(restarted.Close)
	testwait.For(t, 10*time.Second, "notes to answer again", func() bool {
		r := e.query(a.token, q)
		return r.Body["errors"] == nil
	})
	if e.gw.BreakerOpen("notes") {
		t.Fatal("the breaker is still open after notes answered")
	}
}

// TestSubgraphRefusingTheTokenIsUnauthenticated: a subgraph that refuses
// the caller's token (it expired between the edge's check and the
// subgraph's, on a loaded system) answers its fields UNAUTHENTICATED, the
// code on which a client signs in again, not INTERNAL.
func TestSubgraphRefusingTheTokenIsUnauthenticated(t *testing.T) {
	e := newEnv(t, options{remoteNotes: true})
	a := e.tenant("alpha", 1)[0]
	addr := e.notesSrv.Listener.Addr().String()
	e.notesSrv.Close()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("listen on %s: %v", addr, err)
	}
	refusing := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="vextrus", error="invalid_token"`)
		w.Header().Set("Content-Type", "application/problem+json")
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write([]byte(`{"title":"Unauthorized","status":401,"code":"UNAUTHENTICATED","detail":"the token has expired"}`))
	}))
	refusing.Listener.Close()
	refusing.Listener = ln
	refusing.Start()
	t.Cleanup(refusing.Close)

	r := e.query(a.token, "{ me { id } notes { id } }")
	errs := r.GraphQLErrors()
	if r.Status != http.StatusOK || len(errs) == 0 || errs[0].Code() != "UNAUTHENTICATED" {
		t.Fatalf("a subgraph refusing the token: status %d %s, want its fields UNAUTHENTICATED", r.Status, r.Raw)
	}
}
