package gateway

import (
	"net/http"

	"github.com/cespare/xxhash/v2"

	"github.com/vextrus/vextrus/internal/platform/httpx"
)

// identityHeaders decide who a subgraph answers for: they are hashed into
// the engine's de-duplication keys, so two requests share a subgraph
// fetch or a whole response only when they carry the same credential.
var identityHeaders = []string{"Authorization", "X-Api-Key", "X-Tenant-Id"}

// contextHeaders follow the request for logs and traces. They are left out
// of the hash on purpose: hashing a per-request id would turn
// de-duplication off altogether; a shared fetch carries the first
// caller's ids.
var contextHeaders = []string{"X-Request-Id", "Traceparent", "Tracestate"}

// forwardedFor carries the client's address to subgraphs (auth counts
// failed logins per address). The gateway sets it from the address its
// own chain resolved, never from what the client sent; only the internal
// listener, which nothing but the gateway reaches, believes it. Like the
// context headers it stays out of the hash: mutations, such as login, are
// never de-duplicated.
const forwardedFor = "X-Forwarded-For"

// subgraphHeaders is the engine's per-request header builder
// (resolve.SubgraphHeadersBuilder): the only way a caller's headers reach
// a subgraph. Nothing per request is set on the shared HTTP client.
type subgraphHeaders struct {
	h    http.Header
	hash uint64
}

// newSubgraphHeaders picks the forwarded headers of r, with trace context
// from the server span (so the subgraph's span is its child) when present.
func newSubgraphHeaders(r *http.Request, requestID, traceparent string) *subgraphHeaders {
	h := make(http.Header, len(identityHeaders)+len(contextHeaders))
	d := xxhash.New()
	for _, k := range identityHeaders {
		if v := r.Header.Get(k); v != "" {
			h.Set(k, v)
			_, _ = d.WriteString(k + ":" + v + "\n")
		}
	}
	for _, k := range contextHeaders {
		if v := r.Header.Get(k); v != "" {
			h.Set(k, v)
		}
	}
	if requestID != "" {
		h.Set("X-Request-Id", requestID)
	}
	h.Set(forwardedFor, httpx.ClientAddr(r))
	if traceparent != "" {
		h.Set("Traceparent", traceparent)
	}
	return &subgraphHeaders{h: h, hash: d.Sum64()}
}

// HeadersForSubgraph returns a copy for every fetch: the engine's HTTP
// client adds its own headers to the map it is given.
func (s *subgraphHeaders) HeadersForSubgraph(string) (http.Header, uint64) {
	return s.h.Clone(), s.hash
}

// HashAll is part of the key of inbound request de-duplication.
func (s *subgraphHeaders) HashAll() uint64 { return s.hash }
