package workflow_test

import (
	"context"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"
	"go.temporal.io/sdk/client"

	"github.com/vextrus/vextrus/internal/platform/tenant"
	"github.com/vextrus/vextrus/internal/platform/testwait"
	"github.com/vextrus/vextrus/internal/workflow"
)

// orphan records, as open does, u's approval of invoice docID, opened
// age ago, and starts no run: the state a workflow process leaves when
// it dies between recording an approval and starting its run.
func (s *system) orphan(u user, docID string, age time.Duration) string {
	s.t.Helper()
	doc := workflow.Document{Service: "finance", Type: "invoice", ID: docID}
	id := workflow.ApprovalID(tenant.MustParse(u.tenant), doc)
	at := time.Now().Add(-age)
	_, err := s.db.Admin.Exec(context.Background(), `insert into workflow.approvals (tenant_id, id, workflow_id,
			doc_service, doc_type, doc_id, amount, currency, department, summary, submitter, status, level_count,
			created_at, updated_at)
		values ($1, $2, $3, 'finance', 'invoice', $4, 750000, 'BDT', 'OPS', 'Cement, 500 bags', $5, 'pending', 2, $6, $6)`,
		u.tenant, id, workflow.WorkflowID(id), docID, u.id, at)
	if err != nil {
		s.t.Fatal(err)
	}
	return id.String()
}

// status reads approval id as u.
func (s *system) status(u user, id string) approvalAnswer {
	s.t.Helper()
	var got approvalAnswer
	if code := s.call(u, http.MethodGet, "/approvals/"+id, nil, &got); code != http.StatusOK {
		s.t.Fatalf("approval %s: status %d", id, code)
	}
	return got
}

// TestTheSweepEndsApprovalsWhoseRunNeverStarted: approvals recorded
// minutes ago in two tenants whose runs never started end withdrawn,
// through a run that records the outcome, its event (naming run 1) and
// its callback like any other; their documents can be submitted again.
// An approval recorded a moment ago (its start may be under way), one
// whose run is open but not yet run by a worker, and a live one are
// left alone, and a second sweep ends nothing.
func TestTheSweepEndsApprovalsWhoseRunNeverStarted(t *testing.T) {
	s := newSystem(t)
	ctx := context.Background()
	orphanA := s.orphan(aSubmitter, "INV-700", 10*time.Minute)
	orphanB := s.orphan(bSubmitter, "INV-700", 10*time.Minute)
	recent := s.orphan(aSubmitter, "INV-701", 0)
	held := s.orphan(aSubmitter, "INV-702", 10*time.Minute)
	_, err := s.temporal.ExecuteWorkflow(tenant.With(ctx, tenant.MustParse(tenantA)), client.StartWorkflowOptions{
		ID: workflow.WorkflowID(uuid.MustParse(held)), TaskQueue: "no-worker-polls-this"}, workflow.ApprovalWorkflowName,
		workflow.Input{ApprovalID: held, Tenant: tenantA, Submitter: submitter, Run: 1,
			Document: workflow.Document{Service: "finance", Type: "invoice", ID: "INV-702"}})
	if err != nil {
		t.Fatal(err)
	}
	live := s.start(aSubmitter, "INV-703")
	testwait.For(t, waitLimit, "the live approval's first level", func() bool { return slices.Contains(s.inbox(aClerk), live.ID) })

	n, err := s.svc.SweepUnstarted(ctx, time.Now().Add(-time.Minute))
	if err != nil || n != 2 {
		t.Fatalf("sweep ended %d approvals (%v), want the 2 whose runs never started", n, err)
	}
	testwait.For(t, waitLimit, "A's and B's unstarted approvals to end withdrawn", func() bool {
		return s.status(aSubmitter, orphanA).Status == workflow.StatusWithdrawn &&
			s.status(bSubmitter, orphanB).Status == workflow.StatusWithdrawn
	})
	if got := s.outboxRuns(workflow.EventApprovalCompleted, orphanA); !slices.Equal(got, []int{1}) {
		t.Fatalf("A's unstarted approval has completed events of runs %v, want [1]", got)
	}
	testwait.For(t, waitLimit, "the owning service's callback", func() bool {
		return slices.ContainsFunc(s.callbacks.list(), func(o workflow.Outcome) bool {
			return o.ApprovalID == orphanA && o.Status == workflow.StatusWithdrawn && o.Run == 1
		})
	})
	// Read as stored: asking a run that no worker runs for its status
	// waits for the query's timeout.
	for id, want := range map[string]int{recent: 0, held: 0, live.ID: 1} {
		var status string
		var level int
		err := s.db.Admin.QueryRow(ctx, `select status, level from workflow.approvals where id = $1`, id).Scan(&status, &level)
		if err != nil || status != workflow.StatusPending || level != want {
			t.Errorf("approval %s: %s at level %d (%v), want pending at level %d", id, status, level, err, want)
		}
	}
	if n, err := s.svc.SweepUnstarted(ctx, time.Now().Add(-time.Minute)); err != nil || n != 0 {
		t.Fatalf("a second sweep ended %d (%v), want 0", n, err)
	}

	again := s.start(aSubmitter, "INV-700")
	if again.ID != orphanA {
		t.Fatalf("resubmission started %s, want %s", again.ID, orphanA)
	}
	testwait.For(t, waitLimit, "the clerk to be asked about the resubmission", func() bool { return slices.Contains(s.inbox(aClerk), orphanA) })
}
