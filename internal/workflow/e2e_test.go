package workflow_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"

	"github.com/vextrus/vextrus/internal/platform/apitest"
	"github.com/vextrus/vextrus/internal/platform/db/dbtest"
	"github.com/vextrus/vextrus/internal/platform/tenant"
	"github.com/vextrus/vextrus/internal/platform/testwait"
	"github.com/vextrus/vextrus/internal/workflow"
)

func TestThreeLevelApprovalThroughTheAPI(t *testing.T) {
	s := newSystem(t)
	a := s.start(aSubmitter, "INV-100")
	in := func(u user) func() bool { return func() bool { return slices.Contains(s.inbox(u), a.ID) } }
	out := func(u user) func() bool { return func() bool { return !slices.Contains(s.inbox(u), a.ID) } }

	testwait.For(t, waitLimit, "level 1 in the clerk's inbox", in(aClerk))
	for _, u := range []user{aHead, aDirector1, aSubmitter, bClerk} {
		if slices.Contains(s.inbox(u), a.ID) {
			t.Fatalf("%s sees level 1 in their inbox", u.id)
		}
	}

	t.Run("validators refuse without a trace in history", func(t *testing.T) {
		for _, u := range []user{aOutsider, aSubmitter, aHead} {
			var e struct {
				Code string `json:"code"`
			}
			if code := s.call(u, http.MethodPost, "/approvals/"+a.ID+"/approve", nil, &e); code != http.StatusForbidden {
				t.Errorf("approve by %s: status %d (%s), want 403", u.id, code, e.Code)
			}
		}
		// Another tenant does not even find the approval...
		if code := s.call(bClerk, http.MethodPost, "/approvals/"+a.ID+"/approve", nil, nil); code != http.StatusNotFound {
			t.Errorf("approve by another tenant: status %d, want 404", code)
		}
		// ...and the workflow refuses its user even when asked directly.
		foreign := actor(bClerk.id, "accounts_payable")
		foreign.Tenant = tenantB
		h, err := s.temporal.UpdateWorkflow(context.Background(), client.UpdateWorkflowOptions{WorkflowID: a.WorkflowID,
			UpdateName: workflow.UpdateApprove, Args: []any{workflow.Decision{Actor: foreign}}, WaitForStage: client.WorkflowUpdateStageCompleted})
		if err == nil {
			err = h.Get(context.Background(), nil)
		}
		if err == nil || !strings.Contains(err.Error(), "another tenant") {
			t.Errorf("direct update by another tenant: %v", err)
		}
		for _, who := range []string{outsider, bClerk.id} {
			if strings.Contains(s.history(a.WorkflowID), who) {
				t.Errorf("history mentions %s", who)
			}
		}
	})

	for _, step := range []struct {
		who  user
		next []user
	}{{aClerk, []user{aHead}}, {aHead, []user{aDirector1, aDirector2}}, {aDirector1, []user{aDirector2}}, {aDirector2, nil}} {
		var res approvalAnswer
		if code := s.call(step.who, http.MethodPost, "/approvals/"+a.ID+"/approve", map[string]string{"comment": "ok"}, &res); code != http.StatusOK {
			t.Fatalf("approve by %s: status %d %s", step.who.id, code, res.Code)
		}
		testwait.For(t, waitLimit, "the task to leave "+step.who.id+"'s inbox", out(step.who))
		for _, u := range step.next {
			testwait.For(t, waitLimit, "the task to reach "+u.id, in(u))
		}
	}
	testwait.For(t, waitLimit, "approved", func() bool {
		var got approvalAnswer
		s.call(aSubmitter, http.MethodGet, "/approvals/"+a.ID, nil, &got)
		return got.Status == workflow.StatusApproved
	})
	if n := s.outboxCount(workflow.EventApprovalCompleted, a.ID); n != 1 {
		t.Errorf("%d completed events in the outbox, want 1", n)
	}
	// Each level asks its approvers once; the second director's turn
	// is the same level still waiting.
	if n := s.outboxCount(workflow.EventApprovalRequested, a.ID); n != 3 {
		t.Errorf("%d requested events in the outbox, want 3 (one per level)", n)
	}
	if got := s.callbacks.list(); len(got) != 1 || got[0].Status != workflow.StatusApproved || got[0].Document.ID != "INV-100" {
		t.Errorf("callback received %+v", got)
	}
	if n := strings.Count(s.history(a.WorkflowID), enums.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED.String()); n != 4 {
		t.Errorf("%d accepted updates in history, want the 4 approvals", n)
	}
	exportHistory(t, s, a.WorkflowID, "three_level_approved.json")
}

func TestRepeatedStartAndTenantIsolation(t *testing.T) {
	s := newSystem(t)
	first := s.start(aSubmitter, "INV-200")
	var again approvalAnswer
	if code := s.call(aSubmitter, http.MethodPost, "/approvals", invoiceBody("INV-200"), &again); code != http.StatusOK {
		t.Fatalf("repeated start: status %d, want 200", code)
	}
	if again.ID != first.ID || again.WorkflowID != first.WorkflowID {
		t.Fatalf("repeated start gave %s, want %s", again.ID, first.ID)
	}
	// The same document number in tenant B is another approval.
	other := s.start(bSubmitter, "INV-200")
	if other.ID == first.ID {
		t.Fatal("tenants share an approval id")
	}
	testwait.For(t, waitLimit, "A's clerk to see A's approval", func() bool { return slices.Contains(s.inbox(aClerk), first.ID) })
	testwait.For(t, waitLimit, "B's clerk to see B's approval", func() bool { return slices.Contains(s.inbox(bClerk), other.ID) })
	if got := s.inbox(bClerk); slices.Contains(got, first.ID) {
		t.Errorf("B's clerk sees A's approval: %v", got)
	}
	if got := s.inbox(aClerk); slices.Contains(got, other.ID) {
		t.Errorf("A's clerk sees B's approval: %v", got)
	}
	if code := s.call(bClerk, http.MethodGet, "/approvals/"+first.ID, nil, nil); code != http.StatusNotFound {
		t.Errorf("B reads A's approval by id: status %d, want 404", code)
	}

	t.Run("withdraw ends as withdrawn and a new start reopens", func(t *testing.T) {
		var w approvalAnswer
		if code := s.call(aSubmitter, http.MethodPost, "/approvals/"+first.ID+"/withdraw", nil, &w); code != http.StatusOK || w.Status != workflow.StatusWithdrawn {
			t.Fatalf("withdraw: status %d %s", code, w.Status)
		}
		testwait.For(t, waitLimit, "the withdrawn task to leave the inbox", func() bool { return !slices.Contains(s.inbox(aClerk), first.ID) })
		var re approvalAnswer
		if code := s.call(aSubmitter, http.MethodPost, "/approvals", invoiceBody("INV-200"), &re); code != http.StatusCreated || re.ID != first.ID {
			t.Fatalf("resubmission: status %d id %s", code, re.ID)
		}
		// The same approval's second run ends too: each outcome names
		// its run, so its document's service can tell a late one.
		testwait.For(t, waitLimit, "the reopened approval's first level", func() bool { return slices.Contains(s.inbox(aClerk), first.ID) })
		if code := s.call(aSubmitter, http.MethodPost, "/approvals/"+first.ID+"/withdraw", nil, &w); code != http.StatusOK || w.Status != workflow.StatusWithdrawn {
			t.Fatalf("second withdraw: status %d %s", code, w.Status)
		}
		if got := s.outboxRuns(workflow.EventApprovalCompleted, first.ID); !slices.Equal(got, []int{1, 2}) {
			t.Fatalf("completed events of runs %v, want [1 2]", got)
		}
	})

	t.Run("reject ends as rejected", func(t *testing.T) {
		var r approvalAnswer
		testwait.For(t, waitLimit, "the reopened approval's first level", func() bool { return slices.Contains(s.inbox(bClerk), other.ID) })
		if code := s.call(bClerk, http.MethodPost, "/approvals/"+other.ID+"/reject", map[string]string{"comment": "wrong vendor"}, &r); code != http.StatusOK || r.Status != workflow.StatusRejected {
			t.Fatalf("reject: status %d %s", code, r.Status)
		}
	})
	dbtest.AssertRLS(t, s.db.Admin, workflow.Name)
}

func TestWorkerRestartMidApproval(t *testing.T) {
	s := newSystem(t)
	a := s.start(aSubmitter, "INV-300")
	testwait.For(t, waitLimit, "level 1", func() bool { return slices.Contains(s.inbox(aClerk), a.ID) })
	if code := s.call(aClerk, http.MethodPost, "/approvals/"+a.ID+"/approve", nil, nil); code != http.StatusOK {
		t.Fatalf("approve: %d", code)
	}
	testwait.For(t, waitLimit, "level 2", func() bool { return slices.Contains(s.inbox(aHead), a.ID) })

	// The worker goes away with the workflow waiting; a decision sent
	// meanwhile waits for a worker, and a new one (empty cache) replays
	// the history and carries on.
	s.worker.Stop()
	done := make(chan int, 1)
	go func() { done <- s.call(aHead, http.MethodPost, "/approvals/"+a.ID+"/approve", nil, nil) }()
	s.startWorker()
	if code := <-done; code != http.StatusOK {
		t.Fatalf("approve across the restart: %d", code)
	}
	for _, u := range []user{aDirector1, aDirector2} {
		testwait.For(t, waitLimit, "level 3 for "+u.id, func() bool { return slices.Contains(s.inbox(u), a.ID) })
		if code := s.call(u, http.MethodPost, "/approvals/"+a.ID+"/approve", nil, nil); code != http.StatusOK {
			t.Fatalf("approve by %s: %d", u.id, code)
		}
	}
	var got approvalAnswer
	testwait.For(t, waitLimit, "approved", func() bool {
		s.call(aSubmitter, http.MethodGet, "/approvals/"+a.ID, nil, &got)
		return got.Status == workflow.StatusApproved
	})
	var approvals []int
	for _, e := range got.History {
		if e.Type == workflow.EntryApproved {
			approvals = append(approvals, e.Level)
		}
	}
	if !slices.Equal(approvals, []int{1, 2, 3, 3}) {
		t.Errorf("approvals by level %v, want [1 2 3 3]: nothing lost or repeated", approvals)
	}
	if n := s.outboxCount(workflow.EventApprovalCompleted, a.ID); n != 1 {
		t.Errorf("%d completed events, want 1", n)
	}
	if n := len(s.callbacks.list()); n != 1 {
		t.Errorf("%d callbacks, want 1", n)
	}
}

// history is the workflow's history as JSON, for searching.
func (s *system) history(workflowID string) string {
	s.t.Helper()
	var b strings.Builder
	it := s.temporal.GetWorkflowHistory(context.Background(), workflowID, "", false, enums.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	for it.HasNext() {
		ev, err := it.Next()
		if err != nil {
			s.t.Fatalf("history: %v", err)
		}
		b.WriteString(ev.GetEventType().String())
		// Payloads are JSON inside base64 in the proto form; the update
		// arguments are what would name a refused caller.
		if acc := ev.GetWorkflowExecutionUpdateAcceptedEventAttributes(); acc != nil {
			for _, p := range acc.GetAcceptedRequest().GetInput().GetArgs().GetPayloads() {
				b.WriteString(" ")
				b.Write(p.GetData())
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}

func (s *system) outboxCount(typ, subject string) int {
	s.t.Helper()
	var n int
	err := s.db.Admin.QueryRow(context.Background(), "select count(*) from workflow.outbox where type = $1 and subject = $2", typ, subject).Scan(&n)
	if err != nil {
		s.t.Fatal(err)
	}
	return n
}

// outboxRuns returns the runs the workflow's events of typ about subject
// name, oldest first.
func (s *system) outboxRuns(typ, subject string) []int {
	s.t.Helper()
	rows, err := s.db.Admin.Query(context.Background(), `select coalesce((data->>'run')::int, 0) from workflow.outbox
		where type = $1 and subject = $2 order by id`, typ, subject)
	if err != nil {
		s.t.Fatal(err)
	}
	runs, err := pgx.CollectRows(rows, pgx.RowTo[int])
	if err != nil {
		s.t.Fatal(err)
	}
	return runs
}

// A submission made while the engine was down is refused and leaves no
// approval waiting for a run that does not exist (its document goes back
// to its submitter); sending it again once the engine is back starts the
// run.
func TestStartAgainAfterTheEngineWasDown(t *testing.T) {
	s := newSystem(t)
	down, err := client.NewLazyClient(client.Options{HostPort: "127.0.0.1:1", Namespace: s.srv.Namespace(), Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(down.Close)
	s.startRefused(down, "INV-300")
	var left int
	if err := s.db.Admin.QueryRow(context.Background(), `select count(*) from workflow.approvals
		where doc_id = 'INV-300' and status = 'pending'`).Scan(&left); err != nil || left != 0 {
		t.Fatalf("after the refused start %d approvals of the document are pending (%v), want none", left, err)
	}
	again := s.start(aSubmitter, "INV-300")
	testwait.For(t, waitLimit, "the clerk to be asked", func() bool { return slices.Contains(s.inbox(aClerk), again.ID) })
}

// Asking the submitter for information needs the question, and the
// response needs the answer: a blank one is refused naming the comment and
// leaves the approval as it was.
func TestAQuestionAndItsAnswerMustSaySomething(t *testing.T) {
	s := newSystem(t)
	a := s.start(aSubmitter, "INV-600")
	testwait.For(t, waitLimit, "the clerk to be asked", func() bool { return slices.Contains(s.inbox(aClerk), a.ID) })
	type refusal struct {
		Code   string
		Errors []struct{ Field, Message string }
	}
	blank := func(u user, op string) {
		t.Helper()
		var r refusal
		code := s.call(u, http.MethodPost, "/approvals/"+a.ID+"/"+op, map[string]string{"comment": " \t "}, &r)
		if code != http.StatusBadRequest || r.Code != "INVALID_ARGUMENT" || len(r.Errors) != 1 || r.Errors[0].Field != "comment" {
			t.Fatalf("%s with a blank comment: status %d %+v, want 400 naming comment", op, code, r)
		}
	}
	status := func(want string) {
		t.Helper()
		var got approvalAnswer
		if code := s.call(aSubmitter, http.MethodGet, "/approvals/"+a.ID, nil, &got); code != http.StatusOK || got.Status != want {
			t.Fatalf("approval: status %d %s, want %s", code, got.Status, want)
		}
	}
	blank(aClerk, "request-info")
	status(workflow.StatusPending)
	var got approvalAnswer
	if code := s.call(aClerk, http.MethodPost, "/approvals/"+a.ID+"/request-info",
		map[string]string{"comment": "Which site is the cement for?"}, &got); code != http.StatusOK || got.Status != workflow.StatusInfoRequested {
		t.Fatalf("request-info: status %d %+v", code, got)
	}
	blank(aSubmitter, "respond")
	status(workflow.StatusInfoRequested)
	if code := s.call(aSubmitter, http.MethodPost, "/approvals/"+a.ID+"/respond",
		map[string]string{"comment": "Mirpur site, block C"}, &got); code != http.StatusOK || got.Status != workflow.StatusPending {
		t.Fatalf("respond: status %d %+v", code, got)
	}
}

// startRefused submits docID as the submitter through a workflow API
// whose engine client is c, and checks that the start is refused with 503
// UNAVAILABLE.
func (s *system) startRefused(c client.Client, docID string) {
	s.t.Helper()
	svc, err := workflow.New(workflow.Deps{DB: s.db.App, Temporal: c, TaskQueue: taskQueue, Chains: fixedChains{}, Directory: directory{}})
	if err != nil {
		s.t.Fatal(err)
	}
	mux := http.NewServeMux()
	svc.Routes(mux)
	refusing := httptest.NewServer(asUser(mux))
	defer refusing.Close()
	working := s.http
	s.http = refusing
	defer func() { s.http = working }()
	var failed struct{ Code string }
	if code := s.call(aSubmitter, http.MethodPost, "/approvals", invoiceBody(docID), &failed); code != http.StatusServiceUnavailable ||
		failed.Code != "UNAVAILABLE" {
		s.t.Fatalf("start of %s: status %d %+v, want 503 UNAVAILABLE", docID, code, failed)
	}
}

// answerLost starts runs through the engine and then reports the engine
// unavailable, as when the engine stops after storing a start and before
// answering it.
type answerLost struct{ client.Client }

func (c answerLost) ExecuteWorkflow(ctx context.Context, o client.StartWorkflowOptions, wf any, args ...any) (client.WorkflowRun, error) {
	if _, err := c.Client.ExecuteWorkflow(ctx, o, wf, args...); err != nil {
		return nil, err
	}
	return nil, serviceerror.NewUnavailable("connection closed before the answer")
}

// A submission refused because the engine's answer was lost, although
// the engine had started its run, leaves nothing to decide: the run finds
// its approval abandoned and ends unseen, with no outcome, so an approver
// cannot approve a document its submitter was told is still a draft.
// Submitting it again starts a new run that is decided as usual.
func TestARunWhoseStartWasRefusedEndsUnseen(t *testing.T) {
	s := newSystem(t)
	// No worker until the refusal is answered: the run waits for its
	// first task, as it does while the engine is down.
	s.worker.Stop()
	s.startRefused(answerLost{s.temporal}, "INV-500")
	approval := workflow.ApprovalID(tenant.MustParse(tenantA), workflow.Document{Service: "finance", Type: "invoice", ID: "INV-500"})
	id := approval.String()
	s.startWorker()
	ended := func() bool {
		d, err := s.temporal.DescribeWorkflowExecution(context.Background(), workflow.WorkflowID(approval), "")
		return err == nil && d.GetWorkflowExecutionInfo().GetStatus() == enums.WORKFLOW_EXECUTION_STATUS_COMPLETED
	}
	testwait.For(t, waitLimit, "the abandoned run to end", ended)
	var got approvalAnswer
	if code := s.call(aSubmitter, http.MethodGet, "/approvals/"+id, nil, &got); code != http.StatusOK || got.Status != workflow.StatusWithdrawn {
		t.Fatalf("abandoned approval: status %d %+v, want 200 withdrawn", code, got)
	}
	if slices.Contains(s.inbox(aClerk), id) {
		t.Fatal("the clerk is asked to decide an abandoned approval")
	}
	if n := s.outboxCount(workflow.EventApprovalCompleted, id); n != 0 || len(s.callbacks.list()) != 0 {
		t.Fatalf("the abandoned approval has %d completed events and %d deliveries, want none", n, len(s.callbacks.list()))
	}

	again := s.start(aSubmitter, "INV-500")
	if again.ID != id {
		t.Fatalf("resubmission started %s, want %s", again.ID, id)
	}
	testwait.For(t, waitLimit, "the clerk to be asked", func() bool { return slices.Contains(s.inbox(aClerk), id) })
	if code := s.call(aSubmitter, http.MethodGet, "/approvals/"+id, nil, &got); code != http.StatusOK || got.Status != workflow.StatusPending {
		t.Fatalf("resubmitted approval: status %d %+v, want 200 pending", code, got)
	}
}

// A crash may undo the projection of a submission whose run the engine
// kept. When that document is submitted again (its service resuming the
// submit) and no chain takes it any more, it is not refused: the run is
// its approval. The caller is told to ask again, and once the run has
// recreated its approval the submission returns it. A document with no
// run is refused as before.
func TestASubmissionWhoseRunOutlivedItsProjectionIsNotRefused(t *testing.T) {
	s := newSystem(t)
	client := apitest.New(t, s.http.URL, s.http.Client())
	submit := func(docID string) apitest.Response {
		t.Helper()
		body := invoiceBody(docID)
		body["document"].(map[string]any)["department"] = unchained
		return client.Do(http.MethodPost, workflow.Base+"/approvals", body,
			"X-Test-User", aSubmitter.tenant+"/"+aSubmitter.id+"/"+aSubmitter.roles)
	}
	if r := submit("INV-420"); r.Status != http.StatusPreconditionFailed || r.Body["code"] != "FAILED_PRECONDITION" {
		t.Fatalf("a document no chain takes: status %d %s, want 412 FAILED_PRECONDITION", r.Status, r.Raw)
	}

	// No worker: the run waits for its first task while the test undoes
	// what open wrote, as a database crash would.
	s.worker.Stop()
	a := s.start(aSubmitter, "INV-421")
	if _, err := s.db.Admin.Exec(context.Background(), "delete from workflow.approvals where id = $1", a.ID); err != nil {
		t.Fatal(err)
	}
	r := submit("INV-421")
	if r.Status != http.StatusServiceUnavailable || r.Body["code"] != "UNAVAILABLE" || r.Header.Get("Retry-After") != "1" {
		t.Fatalf("resubmitted while its run restores it: status %d, Retry-After %q, %s; want 503 UNAVAILABLE, Retry-After 1",
			r.Status, r.Header.Get("Retry-After"), r.Raw)
	}
	if !strings.Contains(fmt.Sprint(r.Body["detail"]), a.ID) {
		t.Errorf("the answer does not name approval %s: %s", a.ID, r.Raw)
	}

	s.startWorker()
	testwait.For(t, waitLimit, "the clerk to be asked", func() bool { return slices.Contains(s.inbox(aClerk), a.ID) })
	r = submit("INV-421")
	var got approvalAnswer
	r.Decode(t, &got)
	if r.Status != http.StatusOK || got.ID != a.ID || got.Status != workflow.StatusPending {
		t.Fatalf("resubmitted once its run recreated it: status %d %s, want 200 with %s pending", r.Status, r.Raw, a.ID)
	}

	// Likewise a resubmission's reopened run, its reopen undone.
	var w approvalAnswer
	if code := s.call(aSubmitter, http.MethodPost, "/approvals/"+a.ID+"/withdraw", nil, &w); code != http.StatusOK || w.Status != workflow.StatusWithdrawn {
		t.Fatalf("withdraw: status %d %s", code, w.Status)
	}
	testwait.For(t, waitLimit, "the withdrawn task to leave the inbox", func() bool { return !slices.Contains(s.inbox(aClerk), a.ID) })
	s.worker.Stop()
	s.start(aSubmitter, "INV-421")
	if _, err := s.db.Admin.Exec(context.Background(), `update workflow.approvals set status = 'withdrawn', run = 1
		where id = $1`, a.ID); err != nil {
		t.Fatal(err)
	}
	if r := submit("INV-421"); r.Status != http.StatusServiceUnavailable {
		t.Fatalf("resubmitted while its reopened run restores it: status %d %s, want 503", r.Status, r.Raw)
	}
	s.startWorker()
	testwait.For(t, waitLimit, "the clerk to be asked again", func() bool { return slices.Contains(s.inbox(aClerk), a.ID) })
	if r := submit("INV-421"); r.Status != http.StatusOK {
		t.Fatalf("resubmitted once its reopened run recreated it: status %d %s, want 200", r.Status, r.Raw)
	}
}

// The projection open writes commits without waiting for its flush, so
// a database crash may undo it after the run started; the run's first
// projection write then recreates it: a new approval's row, and a
// resubmission's reopened run.
func TestARunRecreatesItsProjectionLostToADatabaseCrash(t *testing.T) {
	s := newSystem(t)
	// No worker: the runs wait for their first task while the test
	// undoes what open wrote.
	s.worker.Stop()
	a := s.start(aSubmitter, "INV-400")
	if _, err := s.db.Admin.Exec(context.Background(), "delete from workflow.approvals where id = $1", a.ID); err != nil {
		t.Fatal(err)
	}
	s.startWorker()
	testwait.For(t, waitLimit, "the clerk to be asked", func() bool { return slices.Contains(s.inbox(aClerk), a.ID) })
	var got approvalAnswer
	if code := s.call(aSubmitter, http.MethodGet, "/approvals/"+a.ID, nil, &got); code != http.StatusOK ||
		got.Status != workflow.StatusPending || got.Level != 1 {
		t.Fatalf("recreated approval: status %d %+v, want 200 pending at level 1", code, got)
	}

	var w approvalAnswer
	if code := s.call(aSubmitter, http.MethodPost, "/approvals/"+a.ID+"/withdraw", nil, &w); code != http.StatusOK || w.Status != workflow.StatusWithdrawn {
		t.Fatalf("withdraw: status %d %s", code, w.Status)
	}
	testwait.For(t, waitLimit, "the withdrawn task to leave the inbox", func() bool { return !slices.Contains(s.inbox(aClerk), a.ID) })
	s.worker.Stop()
	if re := s.start(aSubmitter, "INV-400"); re.ID != a.ID {
		t.Fatalf("resubmission started %s, want %s", re.ID, a.ID)
	}
	if _, err := s.db.Admin.Exec(context.Background(), `update workflow.approvals set status = 'withdrawn', run = 1
		where id = $1`, a.ID); err != nil {
		t.Fatal(err)
	}
	s.startWorker()
	testwait.For(t, waitLimit, "the clerk to be asked again", func() bool { return slices.Contains(s.inbox(aClerk), a.ID) })
	var run int
	var status string
	if err := s.db.Admin.QueryRow(context.Background(), "select run, status from workflow.approvals where id = $1", a.ID).
		Scan(&run, &status); err != nil || run != 2 || status != workflow.StatusPending {
		t.Fatalf("reopened approval: run %d %s (%v), want run 2 pending", run, status, err)
	}
}
