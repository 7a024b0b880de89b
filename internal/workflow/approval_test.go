package workflow_test

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/worker"

	"github.com/vextrus/vextrus/internal/workflow"
)

const (
	tenantA   = "0190f5c6-0000-7000-8000-00000000000a"
	tenantB   = "0190f5c6-0000-7000-8000-00000000000b"
	submitter = "0190f5c6-0000-7000-8000-000000000001"
	clerk     = "0190f5c6-0000-7000-8000-000000000002" // accounts_payable
	head      = "0190f5c6-0000-7000-8000-000000000003" // head of OPS
	director1 = "0190f5c6-0000-7000-8000-000000000004"
	director2 = "0190f5c6-0000-7000-8000-000000000005"
	outsider  = "0190f5c6-0000-7000-8000-000000000006" // viewer only
)

// threeLevels is an invoice chain: accounts payable, the department's
// head, then both directors.
func threeLevels() workflow.Input {
	return workflow.Input{
		ApprovalID: "0190f5c6-0000-7000-8000-0000000000aa", Tenant: tenantA, Submitter: submitter,
		Document: workflow.Document{Service: "finance", Type: "invoice", ID: "INV-1", Amount: "750000", Currency: "BDT", Department: "OPS"},
		Chain: workflow.Chain{RuleKey: "approval.chain.invoice", Version: 1, EscalateTo: workflow.Approvers{Kind: workflow.ByRole, Role: "owner"},
			Levels: []workflow.Level{
				{Name: "accounts_payable", Mode: workflow.ModeAny, Approvers: workflow.Approvers{Kind: workflow.ByRole, Role: "accounts_payable"}, SLA: 24 * time.Hour, Expiry: 48 * time.Hour},
				{Name: "department_head", Mode: workflow.ModeAny, Approvers: workflow.Approvers{Kind: workflow.ByDepartment, Role: "head", Department: "OPS"}, SLA: 24 * time.Hour},
				{Name: "directors", Mode: workflow.ModeAll, Approvers: workflow.Approvers{Kind: workflow.ByUsers, Users: []string{director1, director2}}, SLA: 48 * time.Hour},
			}},
	}
}

func actor(user string, roles ...string) workflow.Actor {
	return workflow.Actor{UserID: user, Tenant: tenantA, Roles: roles}
}

func headOfOPS() workflow.Actor {
	a := actor(head, "approver")
	a.Departments = []workflow.Membership{{ID: "0190f5c6-0000-7000-8000-0000000000d1", Name: "OPS", Head: true}}
	return a
}

// recorder stands in for the activities, which need PostgreSQL; the end
// to end test runs the real ones.
type recorder struct {
	mu        sync.Mutex
	inbox     []workflow.InboxUpdate
	escalated []workflow.Escalation
	outcomes  []workflow.Outcome
}

func (r *recorder) keys() [][]string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([][]string, len(r.inbox))
	for i, u := range r.inbox {
		out[i] = u.Keys
	}
	return out
}

type harness struct {
	env *testsuite.TestWorkflowEnvironment
	rec *recorder
	t   *testing.T
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	var suite testsuite.WorkflowTestSuite
	env := suite.NewTestWorkflowEnvironment()
	// A loaded CI machine can pause a workflow goroutine past the SDK's 1s
	// deadlock detector without any deadlock.
	env.SetWorkerOptions(worker.Options{DeadlockDetectionTimeout: time.Minute})
	rec := &recorder{}
	env.RegisterWorkflowWithOptions(workflow.ApprovalWorkflow, workflowRegisterOptions())
	reg := func(name string, fn any) { env.RegisterActivityWithOptions(fn, activity.RegisterOptions{Name: name}) }
	reg("SyncInbox", func(_ context.Context, u workflow.InboxUpdate) error {
		rec.mu.Lock()
		defer rec.mu.Unlock()
		rec.inbox = append(rec.inbox, u)
		return nil
	})
	reg("Escalated", func(_ context.Context, e workflow.Escalation) error {
		rec.mu.Lock()
		defer rec.mu.Unlock()
		rec.escalated = append(rec.escalated, e)
		return nil
	})
	reg("Complete", func(_ context.Context, o workflow.Outcome) error {
		rec.mu.Lock()
		defer rec.mu.Unlock()
		rec.outcomes = append(rec.outcomes, o)
		return nil
	})
	reg("Deliver", func(context.Context, workflow.Outcome) error { return nil })
	return &harness{env: env, rec: rec, t: t}
}

// decide sends update at delay and records how it went in *got: "" when
// accepted, else the refusal's code.
func (h *harness) decide(delay time.Duration, update string, a workflow.Actor, got *string) {
	h.env.RegisterDelayedCallback(func() {
		h.env.UpdateWorkflow(update, "", &testsuite.TestUpdateCallback{
			OnAccept: func() { *got = "" },
			OnReject: func(err error) { *got = refusalCode(err) },
			OnComplete: func(_ any, err error) {
				if err != nil {
					*got = refusalCode(err)
				}
			},
		}, workflow.Decision{Actor: a})
	}, delay)
}

func refusalCode(err error) string {
	var app *temporal.ApplicationError
	if ok := asApp(err, &app); ok {
		return app.Type()
	}
	return "error: " + err.Error()
}

func (h *harness) status() workflow.Status {
	h.t.Helper()
	v, err := h.env.QueryWorkflow(workflow.QueryStatus)
	if err != nil {
		h.t.Fatalf("query status: %v", err)
	}
	var st workflow.Status
	if err := v.Get(&st); err != nil {
		h.t.Fatal(err)
	}
	return st
}

func (h *harness) result() workflow.Result {
	h.t.Helper()
	if !h.env.IsWorkflowCompleted() {
		h.t.Fatal("workflow did not complete")
	}
	if err := h.env.GetWorkflowError(); err != nil {
		h.t.Fatalf("workflow failed: %v", err)
	}
	var r workflow.Result
	if err := h.env.GetWorkflowResult(&r); err != nil {
		h.t.Fatal(err)
	}
	return r
}

func historyTypes(st workflow.Status) string {
	var out []string
	for _, e := range st.History {
		out = append(out, e.Type)
	}
	return strings.Join(out, ",")
}

func sameKeys(got [][]string, want ...[]string) bool {
	return slices.EqualFunc(got, want, func(a, b []string) bool { return slices.Equal(a, b) })
}
