package workflow_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/sdk/worker"
	sdkworkflow "go.temporal.io/sdk/workflow"
	"google.golang.org/protobuf/encoding/protojson"

	"github.com/vextrus/vextrus/internal/workflow"
)

// recordEnv makes the end-to-end tests write their workflow histories
// into testdata, to commit after a deliberate change:
//
//	VEXTRUS_RECORD_HISTORIES=1 go test ./internal/workflow -run ThroughTheAPI
const recordEnv = "VEXTRUS_RECORD_HISTORIES"

// TestReplayRecordedHistories runs every committed history through the
// current workflow code. A change that alters the commands an old history
// expects fails here; guard it with workflow.GetVersion.
func TestReplayRecordedHistories(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no recorded histories in testdata")
	}
	r, err := worker.NewWorkflowReplayerWithOptions(worker.WorkflowReplayerOptions{
		ContextPropagators: []sdkworkflow.ContextPropagator{workflow.Propagator{}},
	})
	if err != nil {
		t.Fatal(err)
	}
	r.RegisterWorkflowWithOptions(workflow.ApprovalWorkflow, sdkworkflow.RegisterOptions{Name: workflow.ApprovalWorkflowName})
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			if err := r.ReplayWorkflowHistoryFromJSONFile(nil, f); err != nil {
				t.Fatalf("replay: %v", err)
			}
		})
	}
}

// exportHistory writes the run's history to testdata/name when recording.
func exportHistory(t *testing.T, s *system, workflowID, name string) {
	t.Helper()
	if os.Getenv(recordEnv) == "" {
		return
	}
	h := &historypb.History{}
	it := s.temporal.GetWorkflowHistory(context.Background(), workflowID, "", false, enums.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	for it.HasNext() {
		ev, err := it.Next()
		if err != nil {
			t.Fatal(err)
		}
		h.Events = append(h.Events, ev)
	}
	data, err := protojson.MarshalOptions{Indent: "  "}.Marshal(h)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join("testdata", name), data, 0o644); err != nil {
		t.Fatal(err)
	}
}
