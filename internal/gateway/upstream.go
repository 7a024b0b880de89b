package gateway

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/sony/gobreaker/v2"

	"github.com/vextrus/vextrus/internal/platform/svcclient"
)

// Upstream is how the engine reaches one subgraph.
type Upstream struct {
	// Name is the service name, as in the supergraph config.
	Name string
	// URL is the subgraph endpoint of a remote service; empty calls
	// Handler in process.
	URL string
	// Handler serves the subgraph in process: the server's whole chain, so
	// the call passes authentication like a remote one.
	Handler http.Handler
	// Policy gives the timeout and breaker settings (clients.<name>).
	Policy svcclient.Policy
}

// errBreakerOpen is returned while a subgraph's breaker is open; the
// engine reports the subgraph's fields as failed without calling it.
var errBreakerOpen = errors.New("circuit breaker open")

// upstreams routes the engine's fetches by URL to each subgraph's guarded
// transport. It is the Transport of the one http.Client the engine shares
// across requests, so what it holds about a caller is only the entity
// cache's entries, each keyed by the caller's credential.
type upstreams struct {
	byURL map[string]*guarded
	// entities is the entity cache, nil when gateway.entity_cache.ttl is 0.
	entities *entityCache
}

// guarded is one subgraph's transport behind its timeout and breaker.
type guarded struct {
	name    string
	rt      http.RoundTripper
	timeout time.Duration
	cb      *gobreaker.TwoStepCircuitBreaker[struct{}]
	// entities answers entity fetches of cached types; nil for a
	// subgraph none of whose types are cached.
	entities *cachedTypes
}

// inProcessURL is the URL the engine posts to for a subgraph served in
// this process; it never leaves the process.
func inProcessURL(name string) string { return "http://" + name + ".in-process/graphql/" + name }

func newUpstreams(list []Upstream, ec EntityCacheConfig, reg prometheus.Registerer) (*upstreams, []Subgraph, error) {
	state := prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "vextrus_gateway_subgraph_breaker_state",
		Help: "Breaker state per subgraph: 0 closed, 1 half-open, 2 open.",
	}, []string{"subgraph"})
	if reg != nil {
		if err := reg.Register(state); err != nil {
			return nil, nil, fmt.Errorf("register breaker metric: %w", err)
		}
	}
	cached, err := ec.byService()
	if err != nil {
		return nil, nil, err
	}
	u := &upstreams{byURL: map[string]*guarded{}}
	if ec.TTL > 0 {
		if u.entities, err = newEntityCache(ec, reg); err != nil {
			return nil, nil, err
		}
	}
	subs := make([]Subgraph, 0, len(list))
	for _, up := range list {
		p := up.Policy.WithDefaults()
		g := &guarded{name: up.Name, timeout: p.Timeout}
		if types := cached[up.Name]; u.entities != nil && types != nil {
			g.entities = &cachedTypes{cache: u.entities, name: up.Name, types: types}
			delete(cached, up.Name)
		}
		url := up.URL
		if url == "" {
			if up.Handler == nil {
				return nil, nil, fmt.Errorf("subgraph %s: neither a URL nor an in-process handler", up.Name)
			}
			url = inProcessURL(up.Name)
			g.rt = inProcess{h: up.Handler}
		} else {
			g.rt = http.DefaultTransport
		}
		state.WithLabelValues(up.Name).Set(0)
		g.cb = gobreaker.NewTwoStepCircuitBreaker[struct{}](gobreaker.Settings{
			Name:        up.Name,
			MaxRequests: p.BreakerHalfOpenMax,
			Timeout:     p.BreakerOpenFor,
			ReadyToTrip: func(c gobreaker.Counts) bool { return c.ConsecutiveFailures >= p.BreakerFailures },
			IsExcluded:  func(err error) bool { return errors.Is(err, errIgnored) },
			OnStateChange: func(name string, _, to gobreaker.State) {
				state.WithLabelValues(name).Set(float64(to))
			},
		})
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

// RoundTrip sends req to the subgraph its URL names.
func (u *upstreams) RoundTrip(req *http.Request) (*http.Response, error) {
	g, ok := u.byURL[req.URL.String()]
	if !ok {
		return nil, fmt.Errorf("no subgraph at %s", req.URL.Redacted())
	}
	return g.roundTrip(req)
}

// forgetEntity drops the cached entity with this id for every caller.
func (u *upstreams) forgetEntity(id string) {
	if u.entities != nil {
		u.entities.forget(id)
	}
}

// breakerState reports the state of a subgraph's breaker, for tests and
// health pages.
func (u *upstreams) breakerState(name string) (gobreaker.State, bool) {
	for _, g := range u.byURL {
		if g.name == name {
			return g.cb.State(), true
		}
	}
	return 0, false
}

func (g *guarded) roundTrip(req *http.Request) (*http.Response, error) {
	var fetch *entityFetch
	if g.entities != nil {
		var hit *http.Response
		if req, fetch, hit = g.entities.lookup(req); hit != nil {
			return hit, nil
		}
	}
	done, err := g.cb.Allow()
	if err != nil {
		return nil, fmt.Errorf("subgraph %s: %w", g.name, errBreakerOpen)
	}
	ctx, cancel := context.WithTimeout(req.Context(), g.timeout)
	resp, err := g.rt.RoundTrip(req.WithContext(ctx))
	switch {
	case err != nil:
		cancel()
		if req.Context().Err() != nil {
			// The caller went away: that says nothing about the subgraph.
			done(errIgnored)
			return nil, err
		}
		done(err)
		return nil, fmt.Errorf("subgraph %s: %w", g.name, err)
	case resp.StatusCode >= 500:
		done(errors.New(resp.Status))
	default:
		done(nil)
	}
	if fetch != nil {
		if err := g.entities.store(fetch, resp); err != nil {
			cancel()
			return nil, fmt.Errorf("subgraph %s: read response: %w", g.name, err)
		}
	}
	resp.Body = &cancelOnClose{ReadCloser: resp.Body, cancel: cancel}
	return resp, nil
}

// errIgnored marks attempts the breaker should not count.
var errIgnored = errors.New("outcome ignored")

// cancelOnClose ends an attempt's timeout once its body is read.
type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (c *cancelOnClose) Close() error {
	err := c.ReadCloser.Close()
	c.cancel()
	return err
}
