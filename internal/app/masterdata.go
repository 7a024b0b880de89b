package app

import (
	"context"

	"github.com/vextrus/vextrus/internal/masterdata"
	"github.com/vextrus/vextrus/internal/masterdata/graph"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/graphqlx"
	"github.com/vextrus/vextrus/internal/platform/lifecycle"
)

// Masterdata is the master data module's name.
const Masterdata = "masterdata"

// initMasterdata runs the master data service: its REST API and GraphQL
// subgraph, the relay of its outbox, and its imports' lifecycle (jobs
// whose process died are failed as interrupted; background imports are
// stopped when the module stops).
func (a *App) initMasterdata(context.Context) (lifecycle.Service, error) {
	if err := a.Permissions.Register(masterdata.Permissions...); err != nil {
		return nil, err
	}
	outbox, err := events.NewOutbox(Masterdata)
	if err != nil {
		return nil, err
	}
	svc, err := masterdata.New(masterdata.Deps{DB: a.DB, Events: outbox, Logger: a.Logger.With("module", Masterdata),
		Metrics: a.Registry, Zones: a.TenantSettings})
	if err != nil {
		return nil, err
	}
	svc.Routes(a.Mux)
	a.mountSubgraph(masterdata.GraphQLPath, graph.Handler(svc, graphqlx.Options{Introspection: a.Mode == Dev}))
	return a.group(Masterdata, a.newRelay(outbox), svc.Imports(Masterdata+"-imports")), nil
}
