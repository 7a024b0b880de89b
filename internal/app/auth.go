package app

import (
	"context"
	"fmt"
	"net/http"

	"github.com/vextrus/vextrus/internal/auth"
	"github.com/vextrus/vextrus/internal/auth/graph"
	"github.com/vextrus/vextrus/internal/platform/authn"
	"github.com/vextrus/vextrus/internal/platform/config"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/graphqlx"
	"github.com/vextrus/vextrus/internal/platform/httpx"
	"github.com/vextrus/vextrus/internal/platform/idempotency"
	"github.com/vextrus/vextrus/internal/platform/lifecycle"
)

// Auth is the auth module's name.
const Auth = "auth"

// DevTenant and DevAdmin are the tenant and user `vextrus dev` seeds.
const (
	DevTenant = "demo"
	DevAdmin  = "admin@demo.local"
)

// publicOnly answers while no authentication is installed: only the
// public paths pass, everything else is UNAVAILABLE.
func publicOnly(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, p := range authn.DefaultPublic {
			if r.URL.Path == p {
				next.ServeHTTP(w, r)
				return
			}
		}
		httpx.WriteError(w, r, errs.E(errs.Unavailable, "authentication is not available in this process"))
	})
}

func (a *App) initAuth(ctx context.Context) (lifecycle.Service, error) {
	reg := a.Permissions
	if err := reg.Register(auth.Permissions...); err != nil {
		return nil, err
	}
	outbox, err := eventsOutbox()
	if err != nil {
		return nil, err
	}
	svc, err := auth.New(auth.Deps{DB: a.DB, Events: outbox, Logger: a.Logger.With("module", Auth), Config: a.Config.Auth, Registry: reg})
	if err != nil {
		return nil, err
	}
	svc.Routes(a.Mux)
	a.Mux.Handle("POST "+auth.GraphQLPath, graph.Handler(svc, graphqlx.Options{Introspection: a.Mode == Dev}))
	cfg := svc.Authn()
	cfg.Public = append(append([]string{}, authn.DefaultPublic...), auth.PublicPaths...)
	cfg.Optional = []string{"/graphql", "/graphql/"}
	// authn, then idempotency: keys belong to the verified tenant.
	a.gate.install(authn.Middleware(cfg), httpx.Idempotency(idempotency.New(a.DB)))
	service := lifecycle.New(Auth, lifecycle.Funcs{
		Starting: func(ctx context.Context) error {
			if err := svc.Start(ctx); err != nil {
				return err
			}
			if a.Mode == Dev {
				return a.seedDev(ctx, svc)
			}
			return nil
		},
		Running: svc.Run,
	})
	// The relay publishes what auth appends to its outbox.
	return a.group(Auth, service, a.newRelay(outbox)), nil
}

// seedDev creates the demo tenant and its owner once and shows the login.
func (a *App) seedDev(ctx context.Context, svc *auth.Service) error {
	t, err := svc.EnsureDevTenant(ctx, DevTenant, "Demo Trading Ltd", DevAdmin, a.Config.Dev.AdminPassword)
	if err != nil {
		return fmt.Errorf("seed dev tenant: %w", err)
	}
	a.AddBanner("Tenant", fmt.Sprintf("%s (%s)", t.Slug, t.ID))
	a.AddBanner("Login", fmt.Sprintf("%s / %s  (tenant %s; POST /api/v1/auth/login)", DevAdmin, a.Config.Dev.AdminPassword, DevTenant))
	return nil
}

// checkAuth reports the auth settings serve needs; dev seals its keys
// with a fixed development key instead.
func (a *App) checkAuth(c *Config, k *config.Checker) {
	if a.Mode == Dev {
		return
	}
	requireSet(k, "token signing keys at rest (base64 of 32 random bytes)", "auth.key_encryption_key", c.Auth.KeyEncryptionKey)
}

func eventsOutbox() (*events.Outbox, error) { return events.NewOutbox(Auth) }
