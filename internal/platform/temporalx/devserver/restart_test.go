package devserver_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/workflowservice/v1"

	"github.com/vextrus/vextrus/internal/platform/temporalx/devserver"
)

// childDBEnv makes the test binary act as a short-lived `vextrus dev`
// process: it runs one workflow against the named SQLite file and exits.
const childDBEnv = "DEVSERVER_TEST_CHILD_DB"

func TestMain(m *testing.M) {
	if file := os.Getenv(childDBEnv); file != "" {
		os.Exit(runChild(file))
	}
	os.Exit(m.Run())
}

// runChild completes a workflow and exits without Stop, as a killed
// process would, printing the run to stdout.
func runChild(file string) int {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	srv, err := devserver.Start(ctx, devserver.Options{DBFile: file, UIPort: -1, Logger: quiet})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	runID, err := greet(ctx, srv, "greet-before-restart", "Chattogram")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Printf("run %s\n", runID)
	return 0
}

func TestRestartKeepsHistoryAndNamespace(t *testing.T) {
	file := filepath.Join(t.TempDir(), "state", "temporal.db")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	// First life: another process, so nothing survives but the file.
	cmd := exec.CommandContext(ctx, os.Args[0])
	cmd.Env = append(os.Environ(), childDBEnv+"="+file)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("first server process: %v\n%s", err, stderr.String())
	}
	runID := parseRunID(t, out)

	// Second and third lives in this process, on the same file: each must
	// find the namespace and the completed run.
	for life := 2; life <= 3; life++ {
		srv, err := devserver.Start(ctx, devserver.Options{DBFile: file, UIPort: -1, Logger: quiet})
		if err != nil {
			t.Fatalf("life %d: start on existing file: %v", life, err)
		}
		c, err := dial(ctx, srv)
		if err != nil {
			t.Fatalf("life %d: dial: %v", life, err)
		}

		desc, err := c.DescribeWorkflowExecution(ctx, "greet-before-restart", runID)
		if err != nil {
			t.Fatalf("life %d: describe workflow from before restart: %v", life, err)
		}
		if st := desc.GetWorkflowExecutionInfo().GetStatus(); st != enumspb.WORKFLOW_EXECUTION_STATUS_COMPLETED {
			t.Fatalf("life %d: status = %v, want completed", life, st)
		}
		var result string
		if err := c.GetWorkflow(ctx, "greet-before-restart", runID).Get(ctx, &result); err != nil || result != "Hello, Chattogram!" {
			t.Fatalf("life %d: result = %q, %v; want the result from before the restart", life, result, err)
		}

		// Lists find it by what the Web UI filters on, and by an attribute
		// whose index the server drops (a scan then).
		for _, q := range []string{"WorkflowId = 'greet-before-restart'", "WorkflowType = 'Greet'",
			"ExecutionStatus = 'Completed'", "HistoryLength > 3"} {
			page, err := c.ListWorkflow(ctx, &workflowservice.ListWorkflowExecutionsRequest{Namespace: "default", Query: q})
			if err != nil {
				t.Fatalf("life %d: list %s: %v", life, q, err)
			}
			found := false
			for _, e := range page.GetExecutions() {
				found = found || e.GetExecution().GetRunId() == runID
			}
			if !found {
				t.Fatalf("life %d: list %s does not show the run from before the restart", life, q)
			}
		}

		ns, err := c.WorkflowService().DescribeNamespace(ctx, &workflowservice.DescribeNamespaceRequest{Namespace: "default"})
		if err != nil {
			t.Fatalf("life %d: describe namespace: %v", life, err)
		}
		if got := ns.GetConfig().GetWorkflowExecutionRetentionTtl().AsDuration(); got != 24*time.Hour {
			t.Fatalf("life %d: retention = %v, want 24h", life, got)
		}

		// The restarted server still runs new work.
		if _, err := greet(ctx, srv, fmt.Sprintf("greet-life-%d", life), "Sylhet"); err != nil {
			t.Fatalf("life %d: new workflow after restart: %v", life, err)
		}
		c.Close()
		if err := srv.Stop(); err != nil {
			t.Fatalf("life %d: stop: %v", life, err)
		}
	}
}

func parseRunID(t *testing.T, out []byte) string {
	t.Helper()
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		if id, ok := strings.CutPrefix(sc.Text(), "run "); ok {
			return id
		}
	}
	t.Fatalf("first server process printed no run id:\n%s", out)
	return ""
}
