package temporaltest_test

import (
	"context"
	"testing"
	"time"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/vextrus/vextrus/internal/platform/temporalx"
	"github.com/vextrus/vextrus/internal/platform/temporalx/temporaltest"
)

// Greet is a workflow with one activity: the smallest path that crosses
// frontend, history, matching and a worker.
func Greet(ctx workflow.Context, name string) (string, error) {
	ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: 10 * time.Second})
	var greeting string
	err := workflow.ExecuteActivity(ctx, Hello, name).Get(ctx, &greeting)
	return greeting, err
}

// Hello is Greet's activity.
func Hello(_ context.Context, name string) (string, error) {
	return "Hello, " + name + "!", nil
}

func TestWorkflowRunsEndToEnd(t *testing.T) {
	srv := temporaltest.Start(t)
	c := temporaltest.Client(t, srv)

	w := worker.New(c, temporalx.DefaultTaskQueue, worker.Options{})
	w.RegisterWorkflow(Greet)
	w.RegisterActivity(Hello)
	if err := w.Start(); err != nil {
		t.Fatalf("start worker: %v", err)
	}
	t.Cleanup(w.Stop)

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	run, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID:               "greet-dhaka",
		TaskQueue:        temporalx.DefaultTaskQueue,
		EnableEagerStart: true,
	}, Greet, "Dhaka")
	if err != nil {
		t.Fatalf("start workflow: %v", err)
	}
	var got string
	if err := run.Get(ctx, &got); err != nil {
		t.Fatalf("workflow result: %v", err)
	}
	if want := "Hello, Dhaka!"; got != want {
		t.Fatalf("result = %q, want %q", got, want)
	}

	// The run is also visible to readers other than its starter.
	desc, err := c.DescribeWorkflowExecution(ctx, "greet-dhaka", run.GetRunID())
	if err != nil {
		t.Fatalf("describe workflow: %v", err)
	}
	if st := desc.GetWorkflowExecutionInfo().GetStatus().String(); st != "Completed" {
		t.Fatalf("status = %s, want Completed", st)
	}
}

func TestServersAreIsolated(t *testing.T) {
	a, b := temporaltest.Start(t), temporaltest.Start(t)
	if a.FrontendAddr() == b.FrontendAddr() {
		t.Fatalf("two servers share the frontend %s", a.FrontendAddr())
	}
	ca, cb := temporaltest.Client(t, a), temporaltest.Client(t, b)

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	// No worker polls, so the run stays open on a; b must not know it.
	run, err := ca.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID: "only-on-a", TaskQueue: temporalx.DefaultTaskQueue,
	}, Greet, "a")
	if err != nil {
		t.Fatalf("start workflow on a: %v", err)
	}
	if _, err := cb.DescribeWorkflowExecution(ctx, "only-on-a", run.GetRunID()); err == nil {
		t.Fatal("server b knows a workflow started on server a")
	}
}
