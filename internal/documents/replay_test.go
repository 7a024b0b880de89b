package documents_test

import (
	"testing"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	sdkworkflow "go.temporal.io/sdk/workflow"

	"github.com/vextrus/vextrus/internal/documents"
	"github.com/vextrus/vextrus/internal/platform/temporalx/temporaltest"
	"github.com/vextrus/vextrus/internal/workflow"
)

// replayer replays job workflow histories against the current code.
func replayer(tb testing.TB) worker.WorkflowReplayer {
	tb.Helper()
	r, err := worker.NewWorkflowReplayerWithOptions(worker.WorkflowReplayerOptions{
		ContextPropagators: []sdkworkflow.ContextPropagator{workflow.Propagator{}},
	})
	if err != nil {
		tb.Fatal(err)
	}
	svc, err := documents.New(documents.Deps{DB: newFixture(tb).db.App, Settings: settings{}})
	if err != nil {
		tb.Fatal(err)
	}
	svc.Register(replayRegistry{r})
	return r
}

// replayRegistry lets Register fill a replayer, which runs no activity.
type replayRegistry struct{ worker.WorkflowReplayer }

func (replayRegistry) RegisterActivityWithOptions(any, activity.RegisterOptions) {}

// TestReplayRecordedJobHistories runs every committed job history
// through the current workflow code. Record them again with
//
//	VEXTRUS_RECORD_HISTORIES=1 go test ./internal/documents -run 'SucceedsAndDownloads|FailsWithTheReason'
func TestReplayRecordedJobHistories(t *testing.T) {
	temporaltest.ReplayRecorded(t, replayer(t))
}

// replayRun replays the history of workflowID and, when recording,
// writes it to testdata/name.
func replayRun(t *testing.T, c client.Client, workflowID, name string) {
	t.Helper()
	h := temporaltest.History(t, c, workflowID)
	if err := replayer(t).ReplayWorkflowHistory(nil, h); err != nil {
		t.Fatalf("replay %s: %v", workflowID, err)
	}
	temporaltest.Record(t, h, name)
}
