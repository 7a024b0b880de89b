// Package workflow is the workflow service (DESIGN §6): approvals that run
// on Temporal and cannot be bypassed, and the approval inbox.
//
// One generic approval workflow (ApprovalWorkflow) takes a document
// reference and the chain of levels the rules engine gave at start. Each
// decision (approve, reject, requestInfo) is a Temporal Update whose
// validator refuses a user without the level's role, a user of another
// tenant and the submitter, before anything is written to history. Timers
// escalate a level whose SLA passed and later expire it as its policy says.
// Activities keep the inbox projection in PostgreSQL and publish the
// outcome through the transactional outbox and, when the owning service
// registered one, its callback.
//
// The package has two runtime halves: the API (Service: REST, GraphQL)
// and the worker (NewWorker), which the composition root runs as the
// targets `workflow` and `worker`.
package workflow

import (
	"embed"
	"time"

	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/db"
)

// Name is the service's name, schema and outbox.
const Name = "workflow"

//go:embed migrations/*.sql
var migrationsFS embed.FS

// Schema is the service's PostgreSQL schema: the approvals projection, the
// inbox, delegations and the outbox.
var Schema = db.Schema{Name: Name, Migrations: db.Dir(migrationsFS, "migrations")}

// Permissions of the workflow service. The validator still checks the
// level's role: the permission only admits the caller to the operation.
const (
	PermRead    = "workflow.approval.read"
	PermStart   = "workflow.approval.write"
	PermApprove = "workflow.approval.approve"
	PermReject  = "workflow.approval.reject"
)

// Permissions are declared into the registry at start.
var Permissions = []authz.Permission{
	{Name: PermRead, Description: "Read approvals and the own approval inbox"},
	{Name: PermStart, Description: "Submit documents for approval, withdraw, answer questions, delegate"},
	{Name: PermApprove, Description: "Approve or ask for information at a level one holds"},
	{Name: PermReject, Description: "Reject at a level one holds"},
}

// Document is the reference of what is approved; the workflow never reads
// the document itself.
type Document struct {
	// Service owns the document and receives the outcome, e.g. "orders".
	Service string `json:"service"`
	// Type selects the chain (`approval.chain.<type>`) and configuration.
	Type string `json:"type"`
	// ID is the document's id in its service.
	ID string `json:"id"`
	// Amount is an exact decimal string in Currency, e.g. "125000.50".
	Amount   string `json:"amount"`
	Currency string `json:"currency"`
	// Department is the submitter's department code; department roles
	// are resolved in it.
	Department string `json:"department,omitempty"`
	Summary    string `json:"summary,omitempty"`
	// Submitter is set only by a platform service resuming a submit
	// whose approval a crash kept from starting: the approval is the
	// submitter's (a user, or the service that submitted), as if they had
	// started it. Empty, the caller submits.
	// Not kept with the document: the record's submitter is.
	Submitter string `json:"-"`
}

// Modes of a level.
const (
	ModeAny    = "any"    // one approver suffices
	ModeAll    = "all"    // every named approver
	ModeQuorum = "quorum" // Quorum approvers
	ModeAuto   = "auto"   // approved by the system as soon as it starts
)

// Approver kinds.
const (
	ByRole       = "role"       // a holder of Role in the tenant
	ByDepartment = "department" // a member (Role "member") or head (Role "head") of Department
	ByUsers      = "users"      // one of Users
)

// Approvers says who may decide at a level.
type Approvers struct {
	Kind       string   `json:"kind"`
	Role       string   `json:"role,omitempty"`
	Department string   `json:"department,omitempty"`
	Users      []string `json:"users,omitempty"`
}

// Level is one step of a chain.
type Level struct {
	// Name is what people see, e.g. the rules' role name.
	Name      string    `json:"name"`
	Approvers Approvers `json:"approvers"`
	Mode      string    `json:"mode"`
	// Quorum is how many approvals a quorum level needs.
	Quorum int `json:"quorum,omitempty"`
	// SLA is how long the level may wait before it escalates.
	SLA time.Duration `json:"sla"`
	// Expiry is how long after escalating the level expires; 0 never.
	Expiry time.Duration `json:"expiry,omitempty"`
}

// Chain is what the rules engine answered at start, kept in the workflow
// input so that a later change of the rules does not change a running
// approval.
type Chain struct {
	RuleKey string  `json:"ruleKey"`
	Version int     `json:"version"`
	Levels  []Level `json:"levels"`
	// EscalateTo is who joins the last level when its SLA passes.
	EscalateTo Approvers `json:"escalateTo"`
}

// Statuses of an approval.
const (
	StatusPending       = "pending"
	StatusInfoRequested = "info_requested"
	StatusApproved      = "approved"
	StatusRejected      = "rejected"
	StatusWithdrawn     = "withdrawn"
	StatusExpired       = "expired"
)

// Final reports whether status ends the approval.
func Final(status string) bool {
	switch status {
	case StatusApproved, StatusRejected, StatusWithdrawn, StatusExpired:
		return true
	}
	return false
}
