package workflow

import (
	"context"
	"fmt"
	"log/slog"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/client"
	sdklog "go.temporal.io/sdk/log"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/vextrus/vextrus/internal/platform/temporalx"
)

// ClientOptions are the SDK options every Vextrus workflow client and
// worker share: the context propagator (tenant, user, request id) and
// what tel adds, the OpenTelemetry tracing interceptor (spans for starts,
// updates, workflow and activity tasks, continuing the caller's trace)
// and the SDK's metrics (task latencies, requests, polls, sticky cache,
// completions). The interceptor alone carries the trace context: the
// propagator does not, or an activity's span would hang off the start
// instead of off its StartActivity span (docs/workflow.md).
func ClientOptions(namespace string, logger *slog.Logger, tel temporalx.Telemetry) (client.Options, error) {
	opts := client.Options{
		Namespace:          namespace,
		ContextPropagators: []workflow.ContextPropagator{Propagator{}},
	}
	if logger != nil {
		opts.Logger = sdklog.NewStructuredLogger(logger.With("component", "temporal-sdk"))
		if tel.Logger == nil {
			tel.Logger = logger
		}
	}
	if err := tel.Instrument(&opts); err != nil {
		return client.Options{}, err
	}
	return opts, nil
}

// NewClient returns a client on base's connection with ClientOptions.
// Close it before base.
func NewClient(ctx context.Context, base client.Client, namespace string, logger *slog.Logger, tel temporalx.Telemetry) (client.Client, error) {
	opts, err := ClientOptions(namespace, logger, tel)
	if err != nil {
		return nil, err
	}
	c, err := client.NewClientFromExistingWithContext(ctx, base, opts)
	if err != nil {
		return nil, fmt.Errorf("temporal workflow client: %w", err)
	}
	return c, nil
}

// NewWorker returns a worker of the approval workflow and its activities
// on taskQueue; the caller starts and stops it. c must come from
// NewClient, so that the worker shares the propagator and interceptors.
func NewWorker(c client.Client, taskQueue string, acts *Activities) worker.Worker {
	w := worker.New(c, taskQueue, worker.Options{})
	Register(w, acts)
	return w
}

// Register registers the workflow and acts on r (a worker, a replayer's
// registry or a test environment).
func Register(r interface {
	RegisterWorkflowWithOptions(any, workflow.RegisterOptions)
	RegisterActivityWithOptions(any, activity.RegisterOptions)
}, acts *Activities) {
	r.RegisterWorkflowWithOptions(ApprovalWorkflow, workflow.RegisterOptions{Name: ApprovalWorkflowName})
	r.RegisterActivityWithOptions(acts, activity.RegisterOptions{})
}
