package documents

import (
	"encoding/json"
	"time"

	"github.com/google/uuid"
)

// The kinds of document a job makes.
const (
	KindMushak63     = "mushak_6_3"     // a sales invoice's tax invoice, PDF
	KindMushak61     = "mushak_6_1"     // the purchase register of a period, XLSX or CSV
	KindMushak62     = "mushak_6_2"     // the sales register of a period, XLSX or CSV
	KindVATReturn91  = "vat_return_9_1" // the 9.1 return's figures of a month, JSON or PDF
	KindTrialBalance = "trial_balance"  // as of a day, PDF or XLSX
	KindAgeing       = "ageing"         // receivables or payables as of a day, PDF or XLSX
)

// Kinds are the kinds a job may be, in the order the API lists them.
var Kinds = []string{KindMushak63, KindMushak61, KindMushak62, KindVATReturn91, KindTrialBalance, KindAgeing}

// The statuses of a job: queued until its workflow's first activity
// runs, then running, then succeeded with a file or failed with an
// error. A finished job never changes again.
const (
	StatusQueued    = "queued"
	StatusRunning   = "running"
	StatusSucceeded = "succeeded"
	StatusFailed    = "failed"
)

// Job is one request for a document and how far it got.
type Job struct {
	ID     uuid.UUID
	Kind   string
	Params json.RawMessage
	Status string
	// Progress is 0 to 100; Step says what the job is doing.
	Progress int
	Step     string
	// FileID and FileName are the output's, once stored.
	FileID      *uuid.UUID
	FileName    string
	Error       string
	RequestedBy string
	CreatedAt   time.Time
	UpdatedAt   time.Time
	StartedAt   *time.Time
	FinishedAt  *time.Time
}

// Done reports whether the job has finished, either way.
func (j Job) Done() bool { return j.Status == StatusSucceeded || j.Status == StatusFailed }

// WorkflowID is the id of job id's workflow: the job's own id, so one
// job has one run whoever starts it.
func WorkflowID(id uuid.UUID) string { return id.String() }
