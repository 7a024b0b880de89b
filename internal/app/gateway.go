package app

import (
	"context"
	"strings"

	"github.com/vextrus/vextrus/api"
	"github.com/vextrus/vextrus/internal/auth/authclient"
	"github.com/vextrus/vextrus/internal/gateway"
	"github.com/vextrus/vextrus/internal/platform/lifecycle"
)

// Gateway is the gateway module's name.
const Gateway = "gateway"

// initGateway composes the subgraphs of api/supergraph: each is called in
// process when its service runs here or has no URL, else at
// services.<name>.url. REST of services elsewhere is proxied.
func (a *App) initGateway(ctx context.Context) (lifecycle.Service, error) {
	cfg := a.Config.Gateway
	if a.Mode == Dev {
		cfg.Introspection, cfg.GraphiQL = true, true
		// Dev has one admin doing everything (and the bench drives it with
		// a thousand virtual users): limits stay on, a hundred times wider.
		cfg.TenantRate, cfg.TenantBurst = cfg.TenantRate*100, cfg.TenantBurst*100
		cfg.UserRate, cfg.UserBurst = cfg.UserRate*100, cfg.UserBurst*100
	}
	names, err := gateway.SubgraphNames(api.Supergraph)
	if err != nil {
		return nil, err
	}
	docs := api.OpenAPI()
	var ups []gateway.Upstream
	var svcs []gateway.Service
	for _, n := range names {
		up := gateway.Upstream{Name: n, Policy: a.Config.Clients[n]}
		if url := a.remoteURL(n); url != "" {
			up.URL = url + "/graphql/" + n
		} else {
			up.Handler = a.Server.Handler()
		}
		ups = append(ups, up)
	}
	for n := range docs {
		svcs = append(svcs, gateway.Service{Name: n, URL: a.remoteURL(n)})
	}
	var lim gateway.Limiter
	if a.Config.Redis.URL != "" {
		if lim, err = gateway.NewRedisLimiter(a.Config.Redis.URL); err != nil {
			return nil, err
		}
	}
	g, err := gateway.New(ctx, gateway.Deps{Config: cfg, Supergraph: api.Supergraph, Upstreams: ups, Services: svcs,
		OpenAPI: docs, Limiter: lim, Registry: a.Registry, Logger: a.Logger.With("module", Gateway)})
	if err != nil {
		return nil, err
	}
	g.Routes(a.Mux)
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

// remoteURL is the base URL of service name when it runs elsewhere.
func (a *App) remoteURL(name string) string {
	if a.Runs(name) {
		return ""
	}
	return strings.TrimSuffix(a.Config.Services[name].URL, "/")
}
