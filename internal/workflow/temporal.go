package workflow

import (
	"context"
	"fmt"
	"log/slog"

	"go.opentelemetry.io/otel"
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/client"
	temporalotel "go.temporal.io/sdk/contrib/opentelemetry"
	"go.temporal.io/sdk/interceptor"
	sdklog "go.temporal.io/sdk/log"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"
)

// ClientOptions are the SDK options every Vextrus workflow client and
// worker share: the context propagator, the OpenTelemetry tracing
// interceptor (spans for starts, updates, workflow and activity tasks,
// linked to the caller's trace) and the SDK's metrics (task latencies,
// poll counts, failures) through the global OpenTelemetry meter provider.
func ClientOptions(namespace string, logger *slog.Logger) (client.Options, error) {
	tracing, err := temporalotel.NewTracingInterceptor(temporalotel.TracerOptions{})
	if err != nil {
		return client.Options{}, fmt.Errorf("temporal tracing interceptor: %w", err)
	}
	opts := client.Options{
		Namespace:          namespace,
		ContextPropagators: []workflow.ContextPropagator{Propagator{}},
		Interceptors:       []interceptor.ClientInterceptor{tracing},
	}
	if logger != nil {
		opts.Logger = sdklog.NewStructuredLogger(logger.With("component", "temporal-sdk"))
	}
	opts.MetricsHandler = temporalotel.NewMetricsHandler(temporalotel.MetricsHandlerOptions{
		Meter: otel.GetMeterProvider().Meter("go.temporal.io/sdk"),
	})
	return opts, nil
}

// NewClient returns a client on base's connection with ClientOptions.
// Close it before base.
func NewClient(ctx context.Context, base client.Client, namespace string, logger *slog.Logger) (client.Client, error) {
	opts, err := ClientOptions(namespace, logger)
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
