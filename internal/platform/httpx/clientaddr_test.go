package httpx_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/vextrus/vextrus/internal/platform/httpx"
)

func TestClientAddressBelievesOnlyTrustedProxies(t *testing.T) {
	proxies, err := httpx.ParseProxies([]string{"10.0.0.0/8", "192.0.2.1"})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, peer, forwarded, want string
		proxies                     httpx.Proxies
	}{
		{"no proxies: the peer, whatever it forwards", "198.51.100.7:4000", "203.0.113.1", "198.51.100.7", httpx.Proxies{}},
		{"an untrusted peer cannot forge", "198.51.100.7:4000", "203.0.113.1", "198.51.100.7", proxies},
		{"a trusted proxy names the client", "10.1.2.3:4000", "203.0.113.1", "203.0.113.1", proxies},
		{"the right-most untrusted entry wins over a forged left one", "10.1.2.3:4000", "1.1.1.1, 203.0.113.1", "203.0.113.1", proxies},
		{"through two trusted proxies", "10.1.2.3:4000", "203.0.113.1, 192.0.2.1", "203.0.113.1", proxies},
		{"garbage stops the walk", "10.1.2.3:4000", "203.0.113.1, not-an-address, 10.9.9.9", "10.9.9.9", proxies},
		{"a trusted proxy that forwards nothing", "10.1.2.3:4000", "", "10.1.2.3", proxies},
		{"the internal listener believes the gateway", "127.0.0.1:0", "203.0.113.1", "203.0.113.1", httpx.TrustAll()},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got string
			h := httpx.ClientAddress(c.proxies)(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) { got = httpx.ClientAddr(r) }))
			req := httptest.NewRequest(http.MethodGet, "/", nil)
			req.RemoteAddr = c.peer
			if c.forwarded != "" {
				req.Header.Set("X-Forwarded-For", c.forwarded)
			}
			h.ServeHTTP(httptest.NewRecorder(), req)
			if got != c.want {
				t.Fatalf("client %q, want %q", got, c.want)
			}
		})
	}
	if _, err := httpx.ParseProxies([]string{"10.0.0.0/33"}); err == nil {
		t.Error("a bad CIDR was accepted")
	}
}
