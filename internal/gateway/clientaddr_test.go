package gateway_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/vextrus/vextrus/internal/gateway"
	"github.com/vextrus/vextrus/internal/platform/apitest"
	"github.com/vextrus/vextrus/internal/platform/httpx"
)

// anonymous sends an anonymous request as if through a proxy that says the
// client is forwarded.
func (e *env) anonymous(forwarded string) apitest.Response {
	e.t.Helper()
	return e.api.Do(http.MethodGet, "/api/openapi.json", nil, "X-Forwarded-For", forwarded)
}

func TestAnonymousFloodsAreLimitedPerClientAddress(t *testing.T) {
	limit := func(c *gateway.Config) { c.AnonymousRate, c.AnonymousBurst = 0.1, 3 }
	t.Run("a forged X-Forwarded-For from an untrusted peer changes nothing", func(t *testing.T) {
		e := newEnv(t, options{cfg: limit})
		for i := range 3 {
			if r := e.anonymous(fmt.Sprintf("203.0.113.%d", i)); r.Status != http.StatusOK {
				t.Fatalf("request %d: %d", i, r.Status)
			}
		}
		r := e.anonymous("203.0.113.99")
		if r.Status != http.StatusTooManyRequests || r.Header.Get("Retry-After") == "" {
			t.Fatalf("4th request under a new forged address: %d, Retry-After %q", r.Status, r.Header.Get("Retry-After"))
		}
	})
	t.Run("a trusted proxy's forwarded address is the client", func(t *testing.T) {
		proxies, err := httpx.ParseProxies([]string{"127.0.0.1"})
		if err != nil {
			t.Fatal(err)
		}
		e := newEnv(t, options{cfg: limit, proxies: proxies})
		for range 3 {
			if r := e.anonymous("203.0.113.7"); r.Status != http.StatusOK {
				t.Fatalf("%d", r.Status)
			}
		}
		// A forged entry left of what the proxy appended is ignored.
		r := e.anonymous("198.51.100.1, 203.0.113.7")
		if r.Status != http.StatusTooManyRequests || r.Header.Get("Retry-After") == "" {
			t.Fatalf("the flooding client: %d", r.Status)
		}
		if r := e.anonymous("203.0.113.8"); r.Status != http.StatusOK {
			t.Fatalf("another client behind the same proxy: %d", r.Status)
		}
	})
	t.Run("floods of GraphQL logins answer RATE_LIMITED", func(t *testing.T) {
		e := newEnv(t, options{cfg: limit})
		var last apitest.Response
		for range 4 {
			last = e.query("", `mutation { login(input: {tenant: "alpha", email: "x@alpha.test", password: "wrong"}) { accessToken } }`)
		}
		code, msg := last.FirstError()
		if last.Status != http.StatusTooManyRequests || code != "RATE_LIMITED" || last.Header.Get("Retry-After") == "" || !strings.Contains(msg, "client address") {
			t.Fatalf("status %d code %s message %q", last.Status, code, msg)
		}
	})
}

// TestFailedLoginsCountPerForwardedClient logs in wrongly through the
// gateway from one client behind a trusted proxy until auth blocks that
// address, whatever accounts it tries, while another client behind the
// same proxy still logs in: auth sees the address the gateway resolved.
func TestFailedLoginsCountPerForwardedClient(t *testing.T) {
	proxies, err := httpx.ParseProxies([]string{"127.0.0.1"})
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, options{proxies: proxies, addressFailures: 3})
	e.tenant("alpha", 1)
	login := func(client, email, pass string) apitest.Response {
		req := fmt.Sprintf(`{"query":"mutation { login(input: {tenant: \"alpha\", email: \"%s\", password: \"%s\"}) { accessToken } }"}`, email, pass)
		return e.api.Do(http.MethodPost, "/graphql", req, "X-Forwarded-For", client)
	}
	for i := range 3 {
		login("203.0.113.50", fmt.Sprintf("nobody%d@alpha.test", i), "wrong")
	}
	if code, _ := login("203.0.113.50", "user0@alpha.test", password).FirstError(); code != "RATE_LIMITED" {
		t.Fatalf("the failing client logged in: code %q", code)
	}
	if r := login("203.0.113.51", "user0@alpha.test", password); r.Body["errors"] != nil {
		t.Fatalf("another client behind the proxy was blocked: %s", r.Raw)
	}
}
