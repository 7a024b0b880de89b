package documents

import (
	"errors"
	"slices"
	"time"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/vextrus/vextrus/internal/platform/errs"
)

// WorkflowName is the job workflow's type on TaskQueue.
const WorkflowName = "documents.Job"

// Process is a job workflow's input.
type Process struct {
	JobID string `json:"jobId"`
}

// Output is what the generating activity made: the stored file.
type Output struct {
	FileID   string `json:"fileId"`
	FileName string `json:"fileName"`
}

// The job's steps: the generating activity heartbeats through them; a
// worker that stops beating for heartbeatTimeout has died, and the
// activity runs again on another worker.
const heartbeatTimeout = 10 * time.Second

var (
	// generateOptions give one attempt up to five minutes (a large
	// register), retry what a retry can change (finance or files
	// unreachable) a few times, and fail at once on what it cannot.
	generateOptions = workflow.ActivityOptions{
		StartToCloseTimeout: 5 * time.Minute,
		HeartbeatTimeout:    heartbeatTimeout,
		RetryPolicy: &temporal.RetryPolicy{InitialInterval: time.Second, BackoffCoefficient: 2,
			MaximumInterval: time.Minute, MaximumAttempts: 8},
	}
	// localOptions are the finishing transactions': they wait for the
	// database rather than fail.
	localOptions = workflow.LocalActivityOptions{StartToCloseTimeout: 10 * time.Second,
		RetryPolicy: &temporal.RetryPolicy{InitialInterval: 500 * time.Millisecond, BackoffCoefficient: 2, MaximumInterval: time.Minute}}
)

// workflows are the job workflows.
type workflows struct{ a *Activities }

// Register registers the job workflow and its activities on r (a
// worker, a replayer's registry or a test environment).
func (s *Service) Register(r interface {
	RegisterWorkflowWithOptions(any, workflow.RegisterOptions)
	RegisterActivityWithOptions(any, activity.RegisterOptions)
}) {
	acts := &Activities{s: s}
	r.RegisterWorkflowWithOptions(workflows{a: acts}.job, workflow.RegisterOptions{Name: WorkflowName})
	r.RegisterActivityWithOptions(acts, activity.RegisterOptions{})
}

// job runs one job: generate (load, render, store) as an activity on
// the task queue, so a dead worker's job moves to another, then finish
// it, succeeded or failed, with its event, as a local activity. It
// returns the job's final status.
func (w workflows) job(ctx workflow.Context, in Process) (string, error) {
	var out Output
	err := workflow.ExecuteActivity(workflow.WithActivityOptions(ctx, generateOptions), w.a.Generate, in.JobID).Get(ctx, &out)
	lctx := workflow.WithLocalActivityOptions(ctx, localOptions)
	if err != nil {
		if err := workflow.ExecuteLocalActivity(lctx, w.a.Fail, in.JobID, failureMessage(err)).Get(ctx, nil); err != nil {
			return "", err
		}
		return StatusFailed, nil
	}
	if err := workflow.ExecuteLocalActivity(lctx, w.a.Succeed, in.JobID, out).Get(ctx, nil); err != nil {
		return "", err
	}
	return StatusSucceeded, nil
}

// failureMessage is what the requester is told of a failed generation:
// a domain error's message (the invoice is not approved, finance
// refused), else that the services it needs did not answer.
func failureMessage(err error) string {
	var app *temporal.ApplicationError
	if errors.As(err, &app) && slices.Contains(errs.Codes(), errs.Code(app.Type())) {
		return app.Message()
	}
	return "the document could not be made: a service it reads did not answer; request it again later"
}
