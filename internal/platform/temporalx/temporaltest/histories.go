package temporaltest

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	"google.golang.org/protobuf/encoding/protojson"
)

// RecordEnv, when set, makes Record write the histories of a package's
// end-to-end runs to its testdata, to commit after a deliberate change
// to a workflow:
//
//	VEXTRUS_RECORD_HISTORIES=1 go test ./internal/orders -run LivesInItsWorkflow
const RecordEnv = "VEXTRUS_RECORD_HISTORIES"

// History returns every event of the latest run of workflowID.
func History(tb testing.TB, c client.Client, workflowID string) *historypb.History {
	tb.Helper()
	h := &historypb.History{}
	it := c.GetWorkflowHistory(context.Background(), workflowID, "", false, enums.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	for it.HasNext() {
		ev, err := it.Next()
		if err != nil {
			tb.Fatal(err)
		}
		h.Events = append(h.Events, ev)
	}
	return h
}

// Record writes h to testdata/name when RecordEnv is set, and does
// nothing otherwise.
func Record(tb testing.TB, h *historypb.History, name string) {
	tb.Helper()
	if os.Getenv(RecordEnv) == "" {
		return
	}
	data, err := protojson.MarshalOptions{Indent: "  "}.Marshal(h)
	if err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join("testdata", name), data, 0o644); err != nil {
		tb.Fatal(err)
	}
}

// ReplayRecorded runs every history committed in testdata (*.json)
// through r, one subtest each, and fails when there is none. A change
// that alters the commands an old history expects fails here; guard it
// with workflow.GetVersion.
func ReplayRecorded(t *testing.T, r worker.WorkflowReplayer) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no recorded histories in testdata")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			if err := r.ReplayWorkflowHistoryFromJSONFile(nil, f); err != nil {
				t.Fatalf("replay: %v", err)
			}
		})
	}
}
