package app

import (
	"context"
	"fmt"

	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/graphqlx"
	"github.com/vextrus/vextrus/internal/platform/lifecycle"
	"github.com/vextrus/vextrus/internal/rules"
	"github.com/vextrus/vextrus/internal/rules/graph"
)

// Rules is the rules engine module's name.
const Rules = "rules"

// initRules runs the rules engine: its REST API and GraphQL subgraph, the
// relay of its outbox, and its consumers (seeding new tenants with the
// Bangladesh defaults, dropping cached programs on other processes'
// publishes). The dev tenant is seeded by the same consumer when auth
// creates it.
func (a *App) initRules(context.Context) (lifecycle.Service, error) {
	if err := a.Permissions.Register(rules.Permissions...); err != nil {
		return nil, err
	}
	outbox, err := events.NewOutbox(Rules)
	if err != nil {
		return nil, err
	}
	svc, err := rules.New(rules.Deps{DB: a.DB, Events: outbox, Settings: a.TenantSettings,
		Metrics: a.Registry, Logger: a.Logger.With("module", Rules)})
	if err != nil {
		return nil, err
	}
	svc.Routes(a.Mux)
	a.mountSubgraph("/graphql/rules", graph.Handler(svc, graphqlx.Options{Introspection: a.Mode == Dev}))
	consumers, err := svc.Consumers(a.Pipeline, a.Config.Kafka)
	if err != nil {
		return nil, fmt.Errorf("rules consumers: %w", err)
	}
	return a.group(Rules, append([]lifecycle.Service{a.newRelay(outbox)}, consumers...)...), nil
}
