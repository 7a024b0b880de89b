package approvalclient_test

import (
	"testing"

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
