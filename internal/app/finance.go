package app

import (
	"context"
	"fmt"

	"github.com/vextrus/vextrus/internal/finance"
	"github.com/vextrus/vextrus/internal/finance/graph"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/graphqlx"
	"github.com/vextrus/vextrus/internal/platform/lifecycle"
)

// Finance is the finance service module's name.
const Finance = finance.Name

// initFinance runs the finance service: its REST API and GraphQL
// subgraph, the relay of its outbox, and the consumers that give every
// new tenant its chart of accounts and apply approval outcomes of
// invoices decided in a workflow service elsewhere.
func (a *App) initFinance(context.Context) (lifecycle.Service, error) {
	if err := a.Permissions.Register(finance.Permissions...); err != nil {
		return nil, err
	}
	outbox, err := events.NewOutbox(Finance)
	if err != nil {
		return nil, err
	}
	svc, err := finance.New(finance.Deps{DB: a.DB, Events: outbox, Settings: a.TenantSettings,
		Logger: a.Logger.With("module", Finance)})
	if err != nil {
		return nil, err
	}
	svc.Routes(a.Mux)
	a.mountSubgraph("/graphql/"+Finance, graph.Handler(svc, graphqlx.Options{Introspection: a.Mode == Dev}))
	consumers, err := svc.Consumers(a.Pipeline, a.Config.Kafka, a.Registry)
	if err != nil {
		return nil, fmt.Errorf("finance consumers: %w", err)
	}
	return a.group(Finance, append([]lifecycle.Service{a.newRelay(outbox)}, consumers...)...), nil
}
