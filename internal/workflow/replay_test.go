package workflow_test

import (
	"os"
	"testing"

	"go.temporal.io/sdk/worker"
	sdkworkflow "go.temporal.io/sdk/workflow"

	"github.com/vextrus/vextrus/internal/platform/temporalx/temporaltest"
	"github.com/vextrus/vextrus/internal/workflow"
)

// TestReplayRecordedHistories runs every committed history through the
// current workflow code. Record them again, after a deliberate change,
// with
//
//	VEXTRUS_RECORD_HISTORIES=1 go test ./internal/workflow -run ThroughTheAPI
func TestReplayRecordedHistories(t *testing.T) {
	r, err := worker.NewWorkflowReplayerWithOptions(worker.WorkflowReplayerOptions{
		ContextPropagators: []sdkworkflow.ContextPropagator{workflow.Propagator{}},
	})
	if err != nil {
		t.Fatal(err)
	}
	r.RegisterWorkflowWithOptions(workflow.ApprovalWorkflow, sdkworkflow.RegisterOptions{Name: workflow.ApprovalWorkflowName})
	temporaltest.ReplayRecorded(t, r)
}

// exportHistory writes the run's history to testdata/name when recording.
func exportHistory(t *testing.T, s *system, workflowID, name string) {
	t.Helper()
	if os.Getenv(temporaltest.RecordEnv) == "" {
		return
	}
	temporaltest.Record(t, temporaltest.History(t, s.temporal, workflowID), name)
}
