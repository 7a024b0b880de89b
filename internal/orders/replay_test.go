package orders_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	sdkworkflow "go.temporal.io/sdk/workflow"
	"google.golang.org/protobuf/encoding/protojson"

	"github.com/vextrus/vextrus/internal/orders"
	"github.com/vextrus/vextrus/internal/workflow"
)

// recordEnv, when set, makes the workflow tests write the histories of
// their runs to testdata, for TestReplayRecordedOrderHistories:
//
//	VEXTRUS_RECORD_HISTORIES=1 go test ./internal/orders -run LivesInItsWorkflow
const recordEnv = "VEXTRUS_RECORD_HISTORIES"

// replayer replays order workflow histories against the current code.
func replayer(tb testing.TB) worker.WorkflowReplayer {
	tb.Helper()
	r, err := worker.NewWorkflowReplayerWithOptions(worker.WorkflowReplayerOptions{
		ContextPropagators: []sdkworkflow.ContextPropagator{workflow.Propagator{}},
	})
	if err != nil {
		tb.Fatal(err)
	}
	svc, err := orders.New(orders.Deps{DB: newFixture(tb).db.App, Settings: &tenantSettings{}})
	if err != nil {
		tb.Fatal(err)
	}
	svc.Register(replayRegistry{r})
	return r
}

// replayRegistry lets Register fill a replayer, which runs no activity:
// their results are in the history.
type replayRegistry struct{ worker.WorkflowReplayer }

func (replayRegistry) RegisterActivityWithOptions(any, activity.RegisterOptions) {}

// TestReplayRecordedOrderHistories runs every committed order history
// through the current workflow code. A change that alters the commands
// an old history expects fails here; guard it with workflow.GetVersion.
func TestReplayRecordedOrderHistories(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no recorded histories in testdata")
	}
	r := replayer(t)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			if err := r.ReplayWorkflowHistoryFromJSONFile(nil, f); err != nil {
				t.Fatalf("replay: %v", err)
			}
		})
	}
}

// replayRun replays the history of the run of workflowID and, when
// recording, writes it to testdata/name.
func replayRun(t *testing.T, c client.Client, workflowID, name string) {
	t.Helper()
	h := &historypb.History{}
	it := c.GetWorkflowHistory(context.Background(), workflowID, "", false, enums.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	for it.HasNext() {
		ev, err := it.Next()
		if err != nil {
			t.Fatal(err)
		}
		h.Events = append(h.Events, ev)
	}
	if err := replayer(t).ReplayWorkflowHistory(nil, h); err != nil {
		t.Fatalf("replay %s: %v", workflowID, err)
	}
	if os.Getenv(recordEnv) == "" {
		return
	}
	data, err := protojson.MarshalOptions{Indent: "  "}.Marshal(h)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join("testdata", name), data, 0o644); err != nil {
		t.Fatal(err)
	}
}
