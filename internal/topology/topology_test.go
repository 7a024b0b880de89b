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
	for _, want := range []string{"auth exited before it was ready", "refusing to serve --target=auth",
		"masterdata+rules", "refusing to serve --target=masterdata,rules"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the error does not say %q:\n%v", want, err)
		}
	}
	if n := strings.Count(err.Error(), "refusing to serve --target=auth"); n != 1 {
		t.Errorf("auth's log is in the error %d times, want once:\n%v", n, err)
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
