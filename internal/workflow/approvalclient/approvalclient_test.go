package approvalclient_test

import (
	"context"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"github.com/vextrus/vextrus/internal/platform/testwait"
	"github.com/vextrus/vextrus/internal/workflow/approvalclient"
)

// TestRunApplies: a document applies the outcome of the run it waits on
// and no other; before that run is recorded, any run after the last one
// that sent it back; an outcome that names no run always.
func TestRunApplies(t *testing.T) {
	cases := []struct {
		name              string
		run, waits, ended int
		want              bool
	}{
		{"the run it waits on", 2, 2, 1, true},
		{"an earlier run while it waits on a later one", 1, 2, 0, false},
		{"a later run it never waited on", 3, 2, 1, false},
		{"unrecorded: the run that sent it back, late", 1, 0, 1, false},
		{"unrecorded: an earlier run, late", 1, 0, 2, false},
		{"unrecorded: the next run", 2, 0, 1, true},
		{"unrecorded, first submission", 1, 0, 0, true},
		{"no run named", 0, 2, 1, true},
	}
	for _, c := range cases {
		if got := approvalclient.RunApplies(c.run, c.waits, c.ended); got != c.want {
			t.Errorf("%s: RunApplies(%d, %d, %d) = %v, want %v", c.name, c.run, c.waits, c.ended, got, c.want)
		}
	}
}

// TestTheResumerWaitsForTheProcessToStart: a resumer's first sweep asks
// the workflow, which asks the rules API; until the process has started
// those may not be mounted yet. A resumer stopped before the process
// started has swept nothing; once it has started, the first sweep comes
// at once, not a tick later.
func TestTheResumerWaitsForTheProcessToStart(t *testing.T) {
	var swept atomic.Int32
	sweep := func(context.Context, time.Time) (int, error) { swept.Add(1); return 0, nil }
	log := slog.New(slog.DiscardHandler)
	ctx := context.Background()

	never := approvalclient.Sweeping("resume", make(chan struct{}), sweep, log)
	if err := never.Start(ctx); err != nil {
		t.Fatal(err)
	}
	if err := never.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	if n := swept.Load(); n != 0 {
		t.Fatalf("a resumer stopped before the process started swept %d times, want 0", n)
	}

	started := make(chan struct{})
	svc := approvalclient.Sweeping("resume", started, sweep, log)
	if err := svc.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = svc.Stop(ctx) })
	close(started)
	testwait.For(t, 5*time.Second, "the first sweep once started", func() bool { return swept.Load() == 1 })
}
