package workflow

import (
	"time"
)

// The JSON shapes of the REST API (camelCase, RFC 3339 UTC instants,
// money as {"amount", "currency"}).

type documentIn struct {
	Service    string    `json:"service"`
	Type       string    `json:"type"`
	ID         string    `json:"id"`
	Amount     moneyJSON `json:"amount"`
	Department string    `json:"department"`
	Summary    string    `json:"summary"`
	Submitter  string    `json:"submitter"`
}

func (d documentIn) toDocument() Document {
	return Document{Service: d.Service, Type: d.Type, ID: d.ID, Amount: d.Amount.Amount, Currency: d.Amount.Currency,
		Department: d.Department, Summary: d.Summary, Submitter: d.Submitter}
}

type levelJSON struct {
	Name        string    `json:"name"`
	Mode        string    `json:"mode"`
	Quorum      int       `json:"quorum,omitempty"`
	Approvers   Approvers `json:"approvers"`
	SLAHours    float64   `json:"slaHours"`
	ExpiryHours float64   `json:"expiryHours,omitempty"`
}

type approvalJSON struct {
	ID          string       `json:"id"`
	WorkflowID  string       `json:"workflowId"`
	Status      string       `json:"status"`
	Document    documentJSON `json:"document"`
	Submitter   string       `json:"submitter"`
	Level       int          `json:"level"`
	LevelCount  int          `json:"levelCount"`
	Levels      []levelJSON  `json:"levels"`
	Pending     []string     `json:"pending"`
	Approvals   []string     `json:"approvals"`
	Escalated   bool         `json:"escalated"`
	DueAt       *time.Time   `json:"dueAt"`
	History     []Entry      `json:"history"`
	Run         int          `json:"run"`
	CreatedAt   time.Time    `json:"createdAt"`
	UpdatedAt   time.Time    `json:"updatedAt"`
	CompletedAt *time.Time   `json:"completedAt"`
	DecidedBy   string       `json:"decidedBy,omitempty"`
}

func toApprovalJSON(a Approval) approvalJSON {
	out := approvalJSON{ID: a.ID.String(), WorkflowID: a.WorkflowID, Status: a.Status, Document: toDocumentJSON(a.Document),
		Submitter: a.Submitter, Level: a.Level, LevelCount: a.LevelCount, Levels: []levelJSON{}, Pending: a.Pending,
		Approvals: a.Approvals, Escalated: a.Escalated, History: a.History, Run: a.Run, CreatedAt: a.CreatedAt.UTC(),
		UpdatedAt: a.UpdatedAt.UTC(), CompletedAt: a.CompletedAt, DecidedBy: a.DecidedBy}
	for _, lv := range a.Levels {
		out.Levels = append(out.Levels, levelJSON{Name: lv.Name, Mode: lv.Mode, Quorum: lv.Quorum, Approvers: lv.Approvers,
			SLAHours: lv.SLA.Hours(), ExpiryHours: lv.Expiry.Hours()})
	}
	if !a.DueAt.IsZero() && !Final(a.Status) {
		d := a.DueAt.UTC()
		out.DueAt = &d
	}
	if out.Pending == nil {
		out.Pending = []string{}
	}
	if out.Approvals == nil {
		out.Approvals = []string{}
	}
	if out.History == nil {
		out.History = []Entry{}
	}
	return out
}

type taskJSON struct {
	ApprovalID string       `json:"approvalId"`
	Task       string       `json:"task"`
	Level      int          `json:"level"`
	LevelName  string       `json:"levelName"`
	Document   documentJSON `json:"document"`
	Submitter  string       `json:"submitter"`
	DueAt      *time.Time   `json:"dueAt"`
	Since      time.Time    `json:"since"`
}

func toTaskJSON(t Task) taskJSON {
	return taskJSON{ApprovalID: t.ApprovalID.String(), Task: t.Task, Level: t.Level, LevelName: t.LevelName,
		Document: toDocumentJSON(t.Document), Submitter: t.Submitter, DueAt: t.DueAt, Since: t.Since.UTC()}
}

type delegationJSON struct {
	ID     string    `json:"id"`
	From   string    `json:"from"`
	To     string    `json:"to"`
	Roles  []string  `json:"roles"`
	Starts time.Time `json:"starts"`
	Ends   time.Time `json:"ends"`
}

func toDelegationJSON(d Delegation) delegationJSON {
	roles := d.Roles
	if roles == nil {
		roles = []string{}
	}
	return delegationJSON{ID: d.ID, From: d.From, To: d.To, Roles: roles, Starts: d.Starts.UTC(), Ends: d.Ends.UTC()}
}
