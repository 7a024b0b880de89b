package app

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/vextrus/vextrus/api"
	"github.com/vextrus/vextrus/internal/auth/authclient"
	"github.com/vextrus/vextrus/internal/console"
	"github.com/vextrus/vextrus/internal/gateway"
	"github.com/vextrus/vextrus/internal/platform/config"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/httpx"
	"github.com/vextrus/vextrus/internal/platform/lifecycle"
)

// Gateway is the gateway module's name.
const Gateway = "gateway"

// initGateway composes the subgraphs of api/supergraph: each is called in
// process when its service runs here, else on that service's internal
// listener at services.<name>.internal_url. REST of services elsewhere is
// proxied to services.<name>.url, and so are the console's pages.
func (a *App) initGateway(ctx context.Context) (lifecycle.Service, error) {
	cfg := a.gatewayConfig(a.Config.Gateway)
	names, err := gateway.SubgraphNames(api.Supergraph)
	if err != nil {
		return nil, err
	}
	docs := api.OpenAPI()
	var ups []gateway.Upstream
	var svcs []gateway.Service
	for _, n := range names {
		ups = append(ups, a.upstream(n))
	}
	for n := range docs {
		svcs = append(svcs, gateway.Service{Name: n, URL: a.remoteURL(n)})
	}
	// The console as a target of its own: the gateway stays the one
	// process reached from outside and forwards its pages.
	if u := a.remoteURL(Console); u != "" {
		svcs = append(svcs, gateway.Service{Name: Console, URL: u, Prefix: console.Prefix + "/"})
	}
	var lim gateway.Limiter
	if a.Config.Redis.URL != "" {
		if lim, err = gateway.NewRedisLimiter(a.Config.Redis.URL); err != nil {
			return nil, err
		}
	}
	g, err := gateway.New(ctx, gateway.Deps{Config: cfg, Supergraph: api.Supergraph, Upstreams: ups, Services: svcs,
		OpenAPI: docs, Limiter: lim, Metrics: a.Registry, ClientMetrics: a.Clients, Logger: a.Logger.With("module", Gateway)})
	if err != nil {
		return nil, err
	}
	g.Routes(a.Mux)
	a.onReload(func(_, c *Config) {
		g.SetRates(a.gatewayConfig(c.Gateway))
		for _, n := range names {
			g.SetPolicy(n, c.Clients[n])
		}
	})
	a.edgeCORS.install(g.Edge)
	a.edgeLimit.install(g.Limit)
	// The entity cache drops a user or tenant when auth announces a
	// change to it; without Kafka, within entity_cache.ttl.
	var forgetEntity func(string)
	if cfg.EntityCache.TTL > 0 {
		forgetEntity = g.ForgetEntity
	}
	// Without auth here, and without a service whose authn module does it
	// (with idempotency keys), the gateway authenticates through auth
	// elsewhere: the same checks as every service, so a suspended tenant
	// or a foreign token stops at the edge. That module's listener of
	// auth's events serves the entity cache too.
	var listener lifecycle.Service
	if !a.Runs(Auth) && !a.Runs(RemoteAuthn) {
		if listener, err = a.remoteAuthn(false, forgetEntity); err != nil {
			return nil, err
		}
	} else if forgetEntity != nil && len(a.Config.Kafka.Brokers) > 0 {
		listener = authclient.NewListener(authclient.ListenerDeps{Kafka: a.Config.Kafka, ForgetEntity: forgetEntity,
			Logger: a.Logger.With("module", Gateway)})
	}
	banner := lifecycle.New(Gateway, lifecycle.Funcs{Starting: func(context.Context) error {
		if a.Mode == Dev {
			a.AddBanner("GraphQL", a.Server.URL()+"/graphql")
			a.AddBanner("REST docs", a.Server.URL()+"/docs/  (OpenAPI: /api/openapi.json)")
		}
		return nil
	}})
	if listener == nil {
		return banner, nil
	}
	return a.group(Gateway, banner, listener), nil
}

// gatewayConfig is cfg as this process's mode runs it: at start and at
// every reload.
func (a *App) gatewayConfig(cfg gateway.Config) gateway.Config {
	if a.Mode == Dev {
		cfg.Introspection, cfg.GraphiQL = true, true
		// Dev has one admin doing everything (and the bench drives it with
		// a thousand virtual users): limits stay on, a hundred times wider.
		cfg.TenantRate, cfg.TenantBurst = cfg.TenantRate*100, cfg.TenantBurst*100
		cfg.UserRate, cfg.UserBurst = cfg.UserRate*100, cfg.UserBurst*100
		cfg.AnonymousRate, cfg.AnonymousBurst = cfg.AnonymousRate*100, cfg.AnonymousBurst*100
	}
	return cfg
}

// upstream is how the gateway reaches subgraph name: the bare internal
// handler when the service runs here, its internal listener when it runs
// elsewhere, and a subgraph that answers UNAVAILABLE when it runs nowhere
// this process knows (dev running a few targets).
func (a *App) upstream(name string) gateway.Upstream {
	up := gateway.Upstream{Name: name, Policy: a.Config.Clients[name]}
	switch url := strings.TrimSuffix(a.Config.Services[name].InternalURL, "/"); {
	case a.Runs(name):
		up.Handler = a.subgraphs
	case url != "":
		up.URL = url + "/graphql/" + name
	default:
		up.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			httpx.WriteError(w, r, errs.E(errs.Unavailable, "the %s service runs in no process this gateway knows (services.%s.internal_url)", name, name))
		})
	}
	return up
}

// checkGateway requires the internal URL of every remote service that
// has a subgraph: the public listener never serves one.
func (a *App) checkGateway(c *Config, k *config.Checker) {
	a.checkRemoteAuthn(c, k)
	names, err := gateway.SubgraphNames(api.Supergraph)
	if err != nil {
		k.Add("gateway", "%v", err)
		return
	}
	for _, n := range names {
		ep := c.Services[n]
		if a.Runs(n) || ep.URL == "" && a.Mode == Dev {
			continue
		}
		key := "services." + n + ".internal_url"
		if ep.InternalURL == "" {
			k.Add(key, "required by the gateway: it reaches the %s subgraph on that service's internal listener (http.internal_addr)", n)
			continue
		}
		p, err := url.Parse(ep.InternalURL)
		k.Check(err == nil && (p.Scheme == "http" || p.Scheme == "https") && p.Host != "", key, "must be http(s)://host[:port][/prefix]")
	}
}

// remoteURL is the base URL of service name when it runs elsewhere.
func (a *App) remoteURL(name string) string {
	if a.Runs(name) {
		return ""
	}
	return strings.TrimSuffix(a.Config.Services[name].URL, "/")
}
