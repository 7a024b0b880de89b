package gateway

import (
	"context"
	"fmt"
	"net/http"
	neturl "net/url"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"go.opentelemetry.io/otel/trace"

	"github.com/vextrus/vextrus/internal/platform/svcclient"
)

// Upstream is how the engine reaches one subgraph.
type Upstream struct {
	// Name is the service name, as in the supergraph config.
	Name string
	// URL is the subgraph endpoint of a remote service, on its internal
	// listener; empty calls Handler in process.
	URL string
	// Handler serves the subgraph in process: the service's subgraph
	// behind authentication alone, so the call is verified like a remote
	// one without being logged, measured and traced a second time.
	Handler http.Handler
	// Policy gives the timeout, breaker and concurrency settings
	// (clients.<name>); the engine's fetches are never retried.
	Policy svcclient.Policy
}

// upstreams routes the engine's fetches by URL to each subgraph's
// platform service client (svcclient), the one that gives every call
// between services its transport, breaker, concurrency bound and
// timeout. It is the Transport of the one http.Client the engine shares
// across requests, so what it holds about a caller is only the entity
// cache's entries, each keyed by the caller's credential.
type upstreams struct {
	byURL map[string]*upstream
	// entities is the entity cache, nil when gateway.entity_cache.ttl is 0.
	entities *entityCache
}

// upstream is one subgraph's client.
type upstream struct {
	name   string
	client *svcclient.Client
	rt     http.RoundTripper
	// entities answers entity fetches of cached types; nil for a
	// subgraph none of whose types are cached.
	entities *cachedTypes
}

// inProcessURL is the URL the engine posts to for a subgraph served in
// this process; it never leaves the process.
func inProcessURL(name string) string { return "http://" + name + ".in-process/graphql/" + name }

func newUpstreams(list []Upstream, ec EntityCacheConfig, reg prometheus.Registerer, m *svcclient.Metrics) (*upstreams, []Subgraph, error) {
	cached, err := ec.byService()
	if err != nil {
		return nil, nil, err
	}
	u := &upstreams{byURL: map[string]*upstream{}}
	if ec.TTL > 0 {
		if u.entities, err = newEntityCache(ec, reg); err != nil {
			return nil, nil, err
		}
	}
	subs := make([]Subgraph, 0, len(list))
	for _, up := range list {
		url, tr := up.URL, svcclient.Transport(nil)
		switch {
		case url != "":
			// The engine's requests carry the whole path already.
			tr = svcclient.HTTP(origin(url), nil)
		case up.Handler != nil:
			url, tr = inProcessURL(up.Name), svcclient.InProcess(up.Handler)
		default:
			return nil, nil, fmt.Errorf("subgraph %s: neither a URL nor an in-process handler", up.Name)
		}
		// Named apart from the service's REST client: the subgraph's
		// breaker is its own.
		c := svcclient.New(up.Name+"-subgraph", tr, up.Policy, m)
		g := &upstream{name: up.Name, client: c, rt: c.RoundTripper()}
		if types := cached[up.Name]; u.entities != nil && types != nil {
			g.entities = &cachedTypes{cache: u.entities, name: up.Name, types: types}
			delete(cached, up.Name)
		}
		u.byURL[url] = g
		subs = append(subs, Subgraph{Name: up.Name, URL: url})
	}
	if u.entities != nil {
		for name := range cached {
			return nil, nil, fmt.Errorf("gateway.entity_cache.types: no subgraph %q", name)
		}
	}
	return u, subs, nil
}

// setPolicy changes the policy of subgraph name's client.
func (u *upstreams) setPolicy(name string, p svcclient.Policy) {
	for _, g := range u.byURL {
		if g.name == name {
			g.client.SetPolicy(p)
		}
	}
}

// origin is the scheme and host of raw, or raw when it does not parse
// (svcclient.HTTP then reports it on every call).
func origin(raw string) string {
	u, err := neturl.Parse(raw)
	if err != nil {
		return raw
	}
	return u.Scheme + "://" + u.Host
}

// RoundTrip sends req to the subgraph its URL names. The request keeps
// the engine's deadline and cancellation but none of the caller's context
// values: like a remote subgraph, one in process learns who calls only
// from the headers the engine's per-request builder set, which its authn
// middleware verifies. Only the caller's span is kept, so the fetch's
// client span (svcclient) is its child; the subgraph itself continues the
// trace from the Traceparent header, as a remote one does.
func (u *upstreams) RoundTrip(req *http.Request) (*http.Response, error) {
	g, ok := u.byURL[req.URL.String()]
	if !ok {
		return nil, fmt.Errorf("no subgraph at %s", req.URL.Redacted())
	}
	ctx := context.Context(valueless{req.Context()})
	if span := trace.SpanFromContext(req.Context()); span.IsRecording() {
		ctx = trace.ContextWithSpan(ctx, span)
	}
	req = req.WithContext(ctx)
	var fetch *entityFetch
	if g.entities != nil {
		var hit *http.Response
		if req, fetch, hit = g.entities.lookup(req); hit != nil {
			return hit, nil
		}
	}
	resp, err := g.rt.RoundTrip(req)
	if err != nil {
		return nil, fmt.Errorf("subgraph %s: %w", g.name, err)
	}
	if fetch != nil {
		if err := g.entities.store(fetch, resp); err != nil {
			return nil, fmt.Errorf("subgraph %s: read response: %w", g.name, err)
		}
	}
	return resp, nil
}

// forgetEntity drops the cached entity with this id for every caller.
func (u *upstreams) forgetEntity(id string) {
	if u.entities != nil {
		u.entities.forget(id)
	}
}

// breakerOpen reports whether the breaker of subgraph name is open.
func (u *upstreams) breakerOpen(name string) (open, ok bool) {
	for _, g := range u.byURL {
		if g.name == name {
			return g.client.BreakerOpen(), true
		}
	}
	return false, false
}

// valueless passes deadline and cancellation through but no values.
type valueless struct{ parent context.Context }

func (v valueless) Deadline() (time.Time, bool) { return v.parent.Deadline() }
func (v valueless) Done() <-chan struct{}       { return v.parent.Done() }
func (v valueless) Err() error                  { return v.parent.Err() }
func (v valueless) Value(any) any               { return nil }
