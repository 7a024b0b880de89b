package app

import (
	"context"
	"time"

	"go.temporal.io/sdk/worker"

	"github.com/vextrus/vextrus/internal/documents"
	"github.com/vextrus/vextrus/internal/documents/graph"
	"github.com/vextrus/vextrus/internal/files/filesclient"
	"github.com/vextrus/vextrus/internal/platform/config"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/graphqlx"
	"github.com/vextrus/vextrus/internal/platform/lifecycle"
)

// Documents is the documents service module's name.
const Documents = documents.Name

// initDocuments runs the documents service: its REST API and GraphQL
// subgraph, the relay of
// its outbox, and the Temporal worker of the job workflows on the
// documents task queue. The jobs read finance and master data and store
// their output in files with the service's own credential.
func (a *App) initDocuments(context.Context) (lifecycle.Service, error) {
	if err := a.Permissions.Register(documents.Permissions...); err != nil {
		return nil, err
	}
	outbox, err := events.NewOutbox(Documents)
	if err != nil {
		return nil, err
	}
	acting, err := a.ServiceCredentials(Documents)
	if err != nil {
		return nil, err
	}
	svc, err := documents.New(documents.Deps{DB: a.DB, Events: outbox, Settings: a.TenantSettings,
		Temporal: a.workflows.client,
		Finance:  documents.FinanceClient{HTTP: a.Client(Finance)},
		Parties:  documents.MasterdataParties{HTTP: a.Client(Masterdata)},
		Store:    filesclient.Client{HTTP: a.Client(Files)},
		Renderer: documents.Forms{},
		Acting:   acting,
		Logger:   a.Logger.With("module", Documents)})
	if err != nil {
		return nil, err
	}
	svc.Routes(a.Mux)
	a.mountSubgraph("/graphql/"+Documents, graph.Handler(svc, graphqlx.Options{Introspection: a.Mode == Dev}))
	// A graceful stop lets a running render finish first; one that does
	// not is picked up by another worker after its heartbeat times out.
	w := worker.New(a.workflows.client, documents.TaskQueue, worker.Options{WorkerStopTimeout: 10 * time.Second})
	svc.Register(w)
	run := lifecycle.New(Documents+"-worker", lifecycle.Funcs{
		Starting: func(context.Context) error { return w.Start() },
		Stopping: func(context.Context) error {
			w.Stop()
			return nil
		},
	})
	return a.group(Documents, a.newRelay(outbox), run), nil
}

// checkDocuments reports the services documents calls that this process
// does not run and has no URL for.
func (a *App) checkDocuments(c *Config, k *config.Checker) {
	if a.Mode == Dev {
		return
	}
	for _, svc := range []string{Finance, Masterdata, Files} {
		if !a.Runs(svc) {
			requireSet(k, "documents without the "+svc+" module", "services."+svc+".url", c.Services[svc].URL)
		}
	}
}
