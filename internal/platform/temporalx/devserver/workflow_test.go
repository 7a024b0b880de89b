package devserver_test

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/vextrus/vextrus/internal/platform/temporalx"
	"github.com/vextrus/vextrus/internal/platform/temporalx/devserver"
)

// Greet is a workflow with one activity, enough to leave a history that
// spans workflow and activity tasks.
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

// quiet is the logger of servers and clients in these tests.
var quiet = slog.New(slog.DiscardHandler)

// dial connects a client to srv; the caller closes it.
func dial(ctx context.Context, srv *devserver.Server) (client.Client, error) {
	cfg := temporalx.DefaultConfig()
	cfg.Address = srv.FrontendAddr()
	cfg.Namespace = srv.Namespace()
	return temporalx.Dial(ctx, cfg, quiet)
}

// greet runs Greet to completion on srv with a worker of its own and
// returns the run's id and run id.
func greet(ctx context.Context, srv *devserver.Server, id, name string) (runID string, err error) {
	c, err := dial(ctx, srv)
	if err != nil {
		return "", err
	}
	defer c.Close()
	w := worker.New(c, temporalx.DefaultTaskQueue, worker.Options{})
	w.RegisterWorkflow(Greet)
	w.RegisterActivity(Hello)
	if err := w.Start(); err != nil {
		return "", fmt.Errorf("start worker: %w", err)
	}
	defer w.Stop()
	run, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID: id, TaskQueue: temporalx.DefaultTaskQueue, EnableEagerStart: true,
	}, Greet, name)
	if err != nil {
		return "", fmt.Errorf("start workflow: %w", err)
	}
	var got string
	if err := run.Get(ctx, &got); err != nil {
		return "", fmt.Errorf("workflow result: %w", err)
	}
	if want := "Hello, " + name + "!"; got != want {
		return "", fmt.Errorf("workflow result = %q, want %q", got, want)
	}
	return run.GetRunID(), nil
}
