package app

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/vextrus/vextrus/api"
	"github.com/vextrus/vextrus/internal/auth"
	"github.com/vextrus/vextrus/internal/gateway"
	"github.com/vextrus/vextrus/internal/platform/authn"
	"github.com/vextrus/vextrus/internal/platform/lifecycle"
	"github.com/vextrus/vextrus/internal/platform/tenant"
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
	if !a.Runs(Auth) {
		if a.Config.Services[Auth].URL == "" {
			return nil, errors.New("services.auth.url is required: the gateway verifies tokens with auth's JWKS")
		}
		a.gate.install(authn.Middleware(a.remoteAuthn()))
	}
	return lifecycle.New(Gateway, lifecycle.Funcs{Starting: func(context.Context) error {
		if a.Mode == Dev {
			a.AddBanner("GraphQL", a.Server.URL()+"/graphql")
			a.AddBanner("REST docs", a.Server.URL()+"/docs/  (OpenAPI: /api/openapi.json)")
		}
		return nil
	}}), nil
}

// remoteURL is the base URL of service name when it runs elsewhere.
func (a *App) remoteURL(name string) string {
	if a.Runs(name) {
		return ""
	}
	return strings.TrimSuffix(a.Config.Services[name].URL, "/")
}

// remoteAuthn verifies tokens at a gateway running without auth: keys from
// auth's JWKS (cached, refetched for an unknown kid). Tenant status and
// permissions are the owning service's to check, since it verifies the
// forwarded token again.
func (a *App) remoteAuthn() authn.Config {
	jwks := authn.HTTPJWKS(&http.Client{Timeout: 5 * time.Second}, a.Config.Services[Auth].URL+"/.well-known/jwks.json")
	return authn.Config{
		Verifier: authn.NewVerifier(authn.NewCachedKeys(jwks, 5*time.Minute), nil),
		Tenants:  edgeTenants{},
		Roles:    edgeTenants{},
		Public:   append(append([]string{}, authn.DefaultPublic...), auth.PublicPaths...),
		Optional: []string{"/graphql"},
	}
}

// edgeTenants lets the edge accept any tenant and grant no permissions:
// the service behind it decides both on the same token.
type edgeTenants struct{}

func (edgeTenants) Active(context.Context, tenant.ID) (bool, error) { return true, nil }

func (edgeTenants) Permissions(context.Context, tenant.ID, []string) (map[string]bool, error) {
	return map[string]bool{}, nil
}
