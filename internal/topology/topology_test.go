package topology_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vextrus/vextrus/internal/topology"
)

// fakeVextrus writes a shell script standing in for the binary: migrate
// succeeds, serve prints its arguments and exits 3.
func fakeVextrus(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "vextrus")
	script := "#!/bin/sh\ncase \"$1\" in\n  migrate) exit 0 ;;\n  serve) echo \"refusing to serve $2\"; exit 3 ;;\nesac\nexit 1\n"
	if err := os.WriteFile(bin, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return bin
}

func TestAProcessThatExitsBeforeReadyFailsStartWithItsLog(t *testing.T) {
	if testing.Short() {
		t.Skip("starts PostgreSQL, Temporal and Kafka")
	}
	_, err := topology.Start(context.Background(), topology.Options{Binary: fakeVextrus(t), Dir: t.TempDir(),
		Targets: [][]string{{"auth"}, {"masterdata", "rules"}}})
	if err == nil {
		t.Fatal("Start succeeded with processes that exit at once")
	}
	// Both exit at once; which is seen first is the scheduler's choice.
	// Start names one that exited, with its log, and no log twice.
	msg := err.Error()
	if !strings.Contains(msg, "auth exited before it was ready") && !strings.Contains(msg, "masterdata+rules exited before it was ready") {
		t.Errorf("the error names no process that exited:\n%v", err)
	}
	if !strings.Contains(msg, "refusing to serve --target=") {
		t.Errorf("the error holds no process's log:\n%v", err)
	}
	for _, log := range []string{"refusing to serve --target=auth", "refusing to serve --target=masterdata,rules"} {
		if n := strings.Count(msg, log); n > 1 {
			t.Errorf("%q is in the error %d times, want at most once:\n%v", log, n, err)
		}
	}
}

func TestTheDefaultLayoutIsOneProcessPerPublicTarget(t *testing.T) {
	targets := topology.PublicTargets()
	for _, want := range []string{"auth", "gateway", "finance", "workflow", "worker", "audit"} {
		found := false
		for _, got := range targets {
			found = found || got == want
		}
		if !found {
			t.Errorf("public targets %v lack %s", targets, want)
		}
	}
	for _, got := range targets {
		if got == "all" {
			t.Errorf("public targets %v include all, which is every target in one process", targets)
		}
	}
}
