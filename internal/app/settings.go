package app

import (
	"context"
	"fmt"

	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/graphqlx"
	"github.com/vextrus/vextrus/internal/platform/lifecycle"
	"github.com/vextrus/vextrus/internal/settings"
	"github.com/vextrus/vextrus/internal/settings/graph"
)

// Settings is the settings service module's name.
const Settings = "settings"

// initSettings runs the settings service: its REST API and GraphQL
// subgraph, the snapshot other processes' settings clients read on the
// internal listener, the relay of its outbox, and the consumer that gives
// every new tenant its settings (and, in dev, the demo tenant the demo
// company). The service is kept on the App as the
// in-process source of tenant settings.
func (a *App) initSettings(context.Context) (lifecycle.Service, error) {
	if err := a.Permissions.Register(settings.Permissions...); err != nil {
		return nil, err
	}
	outbox, err := events.NewOutbox(Settings)
	if err != nil {
		return nil, err
	}
	deps := settings.Deps{DB: a.DB, Events: outbox, Flags: a.Flags, Metrics: a.Registry, Logger: a.Logger.With("module", Settings),
		Cache: a.TenantSettings}
	if a.Mode == Dev {
		// The demo tenant gets the demo company when auth announces it,
		// whichever module starts first.
		deps.DemoSlug = DevTenant
	}
	svc, err := settings.New(deps)
	if err != nil {
		return nil, err
	}
	a.settingsSvc = svc
	svc.Routes(a.Mux)
	svc.InternalRoutes(a.InternalMux)
	a.mountSubgraph("/graphql/"+Settings, graph.Handler(svc, graphqlx.Options{Introspection: a.Mode == Dev}))
	consumers, err := svc.Consumers(a.Pipeline, a.Config.Kafka)
	if err != nil {
		return nil, fmt.Errorf("settings consumers: %w", err)
	}
	return a.group(Settings, append([]lifecycle.Service{a.newRelay(outbox)}, consumers...)...), nil
}
