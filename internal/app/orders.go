package app

import (
	"context"
	"fmt"
	"time"

	"go.temporal.io/sdk/worker"

	"github.com/vextrus/vextrus/internal/masterdata/mdclient"
	"github.com/vextrus/vextrus/internal/orders"
	"github.com/vextrus/vextrus/internal/orders/graph"
	"github.com/vextrus/vextrus/internal/platform/config"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/graphqlx"
	"github.com/vextrus/vextrus/internal/platform/lifecycle"
	"github.com/vextrus/vextrus/internal/workflow/approvalclient"
)

// Orders is the orders service module's name.
const Orders = orders.Name

// initOrders runs the orders service: its REST API and GraphQL
// subgraph, the relay of its outbox, the consumer that turns other
// services' events (approval outcomes, matched bills, payments) and its
// own (receipts, deliveries) into signals to the order workflows, the
// Temporal worker of those workflows on the orders task queue, and the
// resumer of submits a crash cut before their approval started.
func (a *App) initOrders(context.Context) (lifecycle.Service, error) {
	if err := a.Permissions.Register(orders.Permissions...); err != nil {
		return nil, err
	}
	outbox, err := events.NewOutbox(Orders)
	if err != nil {
		return nil, err
	}
	acting, err := a.ServiceCredentials(Orders)
	if err != nil {
		return nil, err
	}
	svc, err := orders.New(orders.Deps{DB: a.DB, Events: outbox, Settings: a.TenantSettings,
		Temporal:  a.workflows.client,
		Approvals: approvalclient.Client{HTTP: a.Client(Workflow), Service: Orders},
		Catalog:   mdclient.Client{HTTP: a.Client(Masterdata)},
		Credit:    orders.FinanceCredit{Finance: a.Client(Finance), Rules: a.Client(Rules)},
		Invoicer:  orders.FinanceInvoicer{HTTP: a.Client(Finance)},
		Acting:    acting,
		Logger:    a.Logger.With("module", Orders)})
	if err != nil {
		return nil, err
	}
	svc.Routes(a.Mux)
	a.mountSubgraph("/graphql/"+Orders, graph.Handler(svc, graphqlx.Options{Introspection: a.Mode == Dev}))
	consumers, err := svc.Consumers(a.Pipeline, a.Config.Kafka, a.Registry)
	if err != nil {
		return nil, fmt.Errorf("orders consumers: %w", err)
	}
	// A graceful stop lets running activities finish first.
	w := worker.New(a.workflows.client, orders.TaskQueue, worker.Options{WorkerStopTimeout: 10 * time.Second})
	svc.Register(w)
	run := lifecycle.New(Orders+"-worker", lifecycle.Funcs{
		Starting: func(context.Context) error { return w.Start() },
		Stopping: func(context.Context) error {
			w.Stop()
			return nil
		},
	})
	resume, err := svc.Resumer(a.started)
	if err != nil {
		return nil, err
	}
	return a.group(Orders, append([]lifecycle.Service{a.newRelay(outbox), run, resume}, consumers...)...), nil
}

// checkOrders reports the services orders calls that this process does
// not run and has no URL for.
func (a *App) checkOrders(c *Config, k *config.Checker) {
	if a.Mode == Dev {
		return
	}
	for _, svc := range []string{Rules, Workflow, Masterdata, Finance} {
		if !a.Runs(svc) {
			requireSet(k, "orders without the "+svc+" module", "services."+svc+".url", c.Services[svc].URL)
		}
	}
}
