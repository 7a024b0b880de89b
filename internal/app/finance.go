package app

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/finance"
	"github.com/vextrus/vextrus/internal/finance/graph"
	"github.com/vextrus/vextrus/internal/platform/config"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/graphqlx"
	"github.com/vextrus/vextrus/internal/platform/lifecycle"
	"github.com/vextrus/vextrus/internal/rules/rulesclient"
	"github.com/vextrus/vextrus/internal/workflow"
	"github.com/vextrus/vextrus/internal/workflow/approvalclient"
)

// Finance is the finance service module's name.
const Finance = finance.Name

// initFinance runs the finance service: its REST API and GraphQL
// subgraph, the relay of its outbox, the resumer of submits a crash cut
// before their approval started, and the consumers that give every new
// tenant its chart of accounts and apply approval outcomes of invoices
// decided in a workflow service elsewhere.
func (a *App) initFinance(context.Context) (lifecycle.Service, error) {
	if err := a.Permissions.Register(finance.Permissions...); err != nil {
		return nil, err
	}
	outbox, err := events.NewOutbox(Finance)
	if err != nil {
		return nil, err
	}
	acting, err := a.ServiceCredentials(Finance)
	if err != nil {
		return nil, err
	}
	svc, err := finance.New(finance.Deps{DB: a.DB, Events: outbox, Settings: a.TenantSettings,
		Rules:     rulesclient.Client{HTTP: a.Client(Rules)},
		Approvals: approvalclient.Client{HTTP: a.Client(Workflow), Service: Finance},
		Catalog:   finance.MasterdataCatalog{HTTP: a.Client(Masterdata)},
		Acting:    acting,
		Logger:    a.Logger.With("module", Finance)})
	if err != nil {
		return nil, err
	}
	a.financeSvc = svc
	a.registerFinanceCallback()
	svc.Routes(a.Mux)
	a.mountSubgraph("/graphql/"+Finance, graph.Handler(svc, graphqlx.Options{Introspection: a.Mode == Dev}))
	consumers, err := svc.Consumers(a.Pipeline, a.Config.Kafka, a.Registry)
	if err != nil {
		return nil, fmt.Errorf("finance consumers: %w", err)
	}
	resume, err := svc.Resumer(a.started)
	if err != nil {
		return nil, err
	}
	return a.group(Finance, append([]lifecycle.Service{a.newRelay(outbox), resume}, consumers...)...), nil
}

// checkFinance reports the services finance calls that this process does
// not run and has no URL for: without one its requests would reach this
// process's own server, which would answer 404 for every party, rate and
// approval.
func (a *App) checkFinance(c *Config, k *config.Checker) {
	if a.Mode == Dev {
		return
	}
	for _, svc := range []string{Rules, Workflow, Masterdata} {
		if !a.Runs(svc) {
			requireSet(k, "finance without the "+svc+" module", "services."+svc+".url", c.Services[svc].URL)
		}
	}
}

// registerFinanceCallback makes the workflow worker of this process apply
// invoice approval outcomes to the finance service of this process
// directly, once both exist (whichever module starts second calls it
// last). Elsewhere the finance consumer reads the completed event.
func (a *App) registerFinanceCallback() {
	cb := a.WorkflowCallbacks()
	if cb == nil || a.financeSvc == nil {
		return
	}
	svc := a.financeSvc
	cb.Register(Finance, workflow.CallbackFunc(func(ctx context.Context, o workflow.Outcome) error {
		if o.Document.Type != finance.ApprovalType {
			return nil
		}
		approval, err1 := uuid.Parse(o.ApprovalID)
		doc, err2 := uuid.Parse(o.Document.ID)
		if err1 != nil || err2 != nil {
			return permanent{fmt.Errorf("approval outcome %q of document %q: not finance ids", o.ApprovalID, o.Document.ID)}
		}
		err := svc.ApplyApproval(ctx, finance.ApprovalOutcome{ApprovalID: approval, DocumentID: doc, Status: o.Status, DecidedBy: o.DecidedBy, Run: o.Run})
		if errs.Is(err, errs.NotFound) {
			// No such invoice here: retrying cannot make one.
			return permanent{err}
		}
		return err
	}))
}

// permanent marks an error the workflow's callback activity must not
// retry.
type permanent struct{ error }

func (permanent) Permanent() bool { return true }
