package httpx

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// Proxies are the reverse proxies whose X-Forwarded-For is believed
// (http.trusted_proxies). The zero value believes no one.
type Proxies struct {
	nets []netip.Prefix
	// all believes every peer: the internal listener, which only the
	// gateway reaches (docs/security.md).
	all bool
}

// ParseProxies reads CIDRs or single addresses. Returns an error naming
// the first entry that is neither.
func ParseProxies(list []string) (Proxies, error) {
	var p Proxies
	for _, s := range list {
		s = strings.TrimSpace(s)
		if pfx, err := netip.ParsePrefix(s); err == nil {
			p.nets = append(p.nets, pfx.Masked())
			continue
		}
		a, err := netip.ParseAddr(s)
		if err != nil {
			return Proxies{}, fmt.Errorf("%q is neither a CIDR nor an address", s)
		}
		p.nets = append(p.nets, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
	}
	return p, nil
}

// TrustAll believes every peer's X-Forwarded-For. Only a listener that
// nothing but the gateway reaches may use it.
func TrustAll() Proxies { return Proxies{all: true} }

func (p Proxies) trusts(a netip.Addr) bool {
	if p.all {
		return true
	}
	a = a.Unmap()
	for _, n := range p.nets {
		if n.Contains(a) {
			return true
		}
	}
	return false
}

// Resolve returns the address of the client behind r: the peer, unless
// the peer is a trusted proxy; then the right-most X-Forwarded-For entry
// that is not a trusted proxy (entries left of it could be forged by the
// client), or the left-most entry when every one is trusted.
func (p Proxies) Resolve(r *http.Request) string {
	peer := peerAddr(r.RemoteAddr)
	a, err := netip.ParseAddr(peer)
	if err != nil || !p.trusts(a) {
		return peer
	}
	var hops []string
	for _, h := range r.Header.Values("X-Forwarded-For") {
		for _, e := range strings.Split(h, ",") {
			hops = append(hops, strings.TrimSpace(e))
		}
	}
	client := peer
	for i := len(hops) - 1; i >= 0; i-- {
		hop, err := netip.ParseAddr(peerAddr(hops[i]))
		if err != nil {
			// Garbage is not an address anyone can be limited by: stop at
			// the last hop that was one.
			break
		}
		client = hop.Unmap().String()
		if !p.trusts(hop) {
			break
		}
	}
	return client
}

// peerAddr strips the port of host:port; anything else stays as it is.
func peerAddr(s string) string {
	if host, _, err := net.SplitHostPort(s); err == nil {
		return host
	}
	return s
}

type clientAddrKey struct{}

// ClientAddress puts the client's address, as p resolves it, in the
// request context (ClientAddr) for rate limits, login throttling and
// session records.
func ClientAddress(p Proxies) Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ctx := context.WithValue(r.Context(), clientAddrKey{}, p.Resolve(r))
			next.ServeHTTP(w, r.WithContext(ctx))
		})
	}
}

// ClientAddr returns the client address ClientAddress resolved for r, or
// the peer address when no ClientAddress stage ran.
func ClientAddr(r *http.Request) string {
	if a, ok := r.Context().Value(clientAddrKey{}).(string); ok {
		return a
	}
	return peerAddr(r.RemoteAddr)
}
