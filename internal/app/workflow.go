package app

import (
	"context"
	"errors"

	"go.temporal.io/sdk/client"

	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/graphqlx"
	"github.com/vextrus/vextrus/internal/platform/lifecycle"
	"github.com/vextrus/vextrus/internal/platform/telemetry"
	"github.com/vextrus/vextrus/internal/platform/temporalx"
	"github.com/vextrus/vextrus/internal/workflow"
	"github.com/vextrus/vextrus/internal/workflow/graph"
)

// The workflow service's modules: the API and the Temporal worker, which
// production scales apart, and the workflow client they share.
const (
	Workflow        = "workflow"
	WorkflowWorker  = "worker"
	WorkflowsClient = "workflow-client"
)

// workflowParts is what the workflow modules share in one process. One
// client for the API and the worker lets a start hand its first workflow
// task straight to the local worker (eager start).
type workflowParts struct {
	client    client.Client
	callbacks *workflow.Callbacks
}

// initWorkflowClient derives the workflow client (context propagator,
// tracing interceptor, SDK metrics) from the Temporal module's connection.
// The SDK's metrics go through an OpenTelemetry meter provider into the
// process's registry, so they are on /metrics; its spans go to the
// platform's tracer provider.
func (a *App) initWorkflowClient(ctx context.Context) (lifecycle.Service, error) {
	meters, err := telemetry.NewMeterProvider(a.Registry)
	if err != nil {
		return nil, err
	}
	tel := temporalx.Telemetry{Meters: meters, Tracer: a.tracerProvider(), Logger: a.Logger}
	c, err := workflow.NewClient(ctx, a.Temporal, a.Config.Temporal.Namespace, a.Logger, tel)
	if err != nil {
		return nil, errors.Join(err, meters.Shutdown(ctx))
	}
	a.workflows.client, a.workflows.callbacks = c, workflow.NewCallbacks()
	a.registerFinanceCallback()
	return lifecycle.New(WorkflowsClient, lifecycle.Funcs{Stopping: func(ctx context.Context) error {
		c.Close()
		return meters.Shutdown(ctx)
	}}), nil
}

// WorkflowCallbacks is where an owning service running in this process
// registers the callback that applies approval outcomes to its documents.
func (a *App) WorkflowCallbacks() *workflow.Callbacks { return a.workflows.callbacks }

// initWorkflow serves the workflow API: REST under /api/v1/workflow and
// the GraphQL subgraph, and runs the sweep of approvals whose run never
// started (workflow.Service.Sweeper). Chains come from the rules service and
// departments from auth, in process or over HTTP.
func (a *App) initWorkflow(context.Context) (lifecycle.Service, error) {
	if err := a.Permissions.Register(workflow.Permissions...); err != nil {
		return nil, err
	}
	svc, err := workflow.New(workflow.Deps{
		DB: a.DB, Temporal: a.workflows.client, TaskQueue: a.Config.Temporal.TaskQueue,
		Chains:    workflow.RulesChains{Client: a.Client(Rules), Settings: a.TenantSettings},
		Directory: workflow.AuthDirectory{Client: a.Client(Auth)},
		Logger:    a.Logger.With("module", Workflow),
	})
	if err != nil {
		return nil, err
	}
	svc.Routes(a.Mux)
	a.mountSubgraph(workflow.GraphQLPath, graph.Handler(svc, graphqlx.Options{Introspection: a.Mode == Dev}))
	// Ends the approvals whose run a dead process never started.
	return svc.Sweeper(), nil
}

// initWorkflowWorker runs the Temporal worker of the approval workflow and
// the relay of the outbox its activities append to.
func (a *App) initWorkflowWorker(context.Context) (lifecycle.Service, error) {
	outbox, err := events.NewOutbox(workflow.Name)
	if err != nil {
		return nil, err
	}
	acts := workflow.NewActivities(workflow.ActivityDeps{DB: a.DB, Events: outbox, Callbacks: a.workflows.callbacks,
		Logger: a.Logger.With("module", WorkflowWorker)})
	w := workflow.NewWorker(a.workflows.client, a.Config.Temporal.TaskQueue, acts)
	worker := lifecycle.New(WorkflowWorker, lifecycle.Funcs{
		Starting: func(context.Context) error { return w.Start() },
		Stopping: func(context.Context) error {
			w.Stop()
			return nil
		},
	})
	return a.group(WorkflowWorker, a.newRelay(outbox), worker), nil
}
