package gateway

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/vextrus/vextrus/internal/platform/svcclient"
)

// Deps is what the gateway is built from.
type Deps struct {
	Config Config
	// Supergraph is the router execution config `wgc router compose`
	// wrote (api/supergraph/supergraph.json).
	Supergraph []byte
	// Upstreams reach the subgraphs; every subgraph of Supergraph needs one.
	Upstreams []Upstream
	// Services are the services behind the gateway: a URL proxies
	// /api/v1/<name>/ (or the service's Prefix) to it,
	// none leaves the routes the service mounted in this process.
	Services []Service
	// OpenAPI holds each service's OpenAPI 3.1 document, by service name.
	OpenAPI map[string][]byte
	// Limiter backs the rate limits; nil keeps buckets in memory.
	Limiter Limiter
	// Metrics receives the gateway's metrics; nil registers none.
	Metrics prometheus.Registerer
	// ClientMetrics records the subgraph calls and breakers; nil records
	// none.
	ClientMetrics *svcclient.Metrics
	Logger        *slog.Logger
}

// Service is one service behind the gateway: a REST API at
// /api/v1/<Name>/, or the pages under Prefix.
type Service struct {
	Name string
	// URL is the base URL of a service in another process; "" when it
	// runs in this one and has mounted its own routes.
	URL string
	// Prefix is the path the gateway forwards to URL, unchanged;
	// "" is the REST API's /api/v1/<Name>/. The web console, a target
	// of its own, is forwarded from /console/.
	Prefix string
}

// prefix is the path forwarded to s.
func (s Service) prefix() string {
	if s.Prefix != "" {
		return s.Prefix
	}
	return "/api/v1/" + s.Name + "/"
}

// Gateway serves the federated graph, REST routing and the edge policy.
type Gateway struct {
	cfg       Config
	exec      *executor
	up        *upstreams
	limits    Limits
	persisted *persisted
	// operations are the requests already parsed, checked and planned.
	operations *operations
	edge       *edge
	openapi    []byte
	services   []Service
	// console is GraphiQL, nil unless gateway.graphiql.
	console *console
	logger  *slog.Logger
}

// New builds the gateway; ctx bounds the engine's background work.
func New(ctx context.Context, d Deps) (*Gateway, error) {
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	up, subs, err := newUpstreams(d.Upstreams, d.Config.EntityCache, d.Metrics, d.ClientMetrics)
	if err != nil {
		return nil, err
	}
	sg, err := loadSupergraph(ctx, d.Supergraph, subs, &http.Client{Transport: up})
	if err != nil {
		return nil, err
	}
	exec, err := newExecutor(ctx, sg, d.Config.MaxConcurrency)
	if err != nil {
		return nil, fmt.Errorf("executor: %w", err)
	}
	pers, err := newPersisted(d.Config.PersistedFile, d.Config.PersistedOnly)
	if err != nil {
		return nil, err
	}
	doc, err := mergeOpenAPI(d.OpenAPI)
	if err != nil {
		return nil, err
	}
	lim := d.Limiter
	if lim == nil {
		lim = NewMemoryLimiter()
	}
	c := d.Config
	var con *console
	if c.GraphiQL {
		if con, err = newConsole(); err != nil {
			return nil, fmt.Errorf("graphiql: %w", err)
		}
	}
	return &Gateway{
		cfg: c, exec: exec, up: up, persisted: pers, operations: newOperations(), openapi: doc, services: d.Services, logger: d.Logger, console: con,
		limits: Limits{MaxDepth: c.MaxDepth, MaxAliases: c.MaxAliases, MaxRootFields: c.MaxRootFields, MaxCost: c.MaxCost},
		edge:   newEdge(c, lim),
	}, nil
}

// ForgetEntity drops the cached entity with this id (a user's, a
// tenant's...) for every caller: the owning service announced a change to
// it. The app calls it for auth's events (auth.ChangesEntity).
func (g *Gateway) ForgetEntity(id string) { g.up.forgetEntity(id) }

// Subgraphs lists the composed subgraphs in supergraph order.
func (g *Gateway) Subgraphs() []string { return g.exec.sg.names }

// BreakerOpen reports whether the breaker of subgraph name is open.
func (g *Gateway) BreakerOpen(name string) bool {
	open, ok := g.up.breakerOpen(name)
	return ok && open
}

// Routes mounts the GraphQL endpoint (with GraphiQL when enabled), the
// proxies to services in other processes (REST, the console's pages), the
// merged OpenAPI document and the docs pages.
func (g *Gateway) Routes(mux *http.ServeMux) {
	mux.HandleFunc("POST /graphql", g.serveGraphQL)
	mux.HandleFunc("GET /graphql", g.serveGraphQLGet)
	mux.HandleFunc("GET /api/openapi.json", g.serveOpenAPI)
	mux.Handle("GET /docs/", docsHandler())
	if g.console != nil {
		mux.HandleFunc("GET "+consolePrefix, g.console.serveFile)
	}
	for _, s := range g.services {
		if s.URL != "" {
			mux.Handle(s.prefix(), newProxy(s))
		}
	}
}

// SetRates makes the rate limits of cfg (tenant, user and anonymous rates
// and bursts, the settings tagged live) those of the next requests; the
// rest of cfg takes a new gateway.
func (g *Gateway) SetRates(cfg Config) { g.edge.setRates(cfg) }

// SetPolicy makes p the policy of the next fetches from subgraph name
// (svcclient.Client.SetPolicy says which settings change); an unknown
// name changes nothing.
func (g *Gateway) SetPolicy(name string, p svcclient.Policy) { g.up.setPolicy(name, p) }

// Edge is the server-chain stage of the edge policy before
// authentication: CORS, so preflight requests are answered without a
// credential.
func (g *Gateway) Edge(next http.Handler) http.Handler { return g.edge.cors(next) }

// Limit is the stage after authentication: rate limits per tenant and per
// user, which need the verified caller.
func (g *Gateway) Limit(next http.Handler) http.Handler { return g.edge.rateLimit(next) }
