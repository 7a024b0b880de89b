package workflow_test

import (
	"testing"
	"time"

	"github.com/vextrus/vextrus/internal/workflow"
)

func TestApprovalRunsThroughThreeLevels(t *testing.T) {
	h := newHarness(t)
	var r1, r2, r3, r4 string
	h.decide(time.Hour, workflow.UpdateApprove, actor(clerk, "accounts_payable"), &r1)
	h.decide(2*time.Hour, workflow.UpdateApprove, headOfOPS(), &r2)
	h.decide(3*time.Hour, workflow.UpdateApprove, actor(director1, "approver"), &r3)
	h.decide(4*time.Hour, workflow.UpdateApprove, actor(director2, "approver"), &r4)
	h.env.ExecuteWorkflow(workflow.ApprovalWorkflowName, threeLevels())

	if got := h.result(); got.Status != workflow.StatusApproved || got.DecidedBy != director2 {
		t.Fatalf("result = %+v, want approved by the second director", got)
	}
	for i, r := range []string{r1, r2, r3, r4} {
		if r != "" {
			t.Errorf("decision %d refused: %s", i+1, r)
		}
	}
	// Each level's approvers see it only while it is theirs; a director
	// who approved leaves the inbox of the "all" level.
	if got := h.rec.keys(); !sameKeys(got,
		[]string{"role:accounts_payable"}, []string{"dept:OPS:head"},
		[]string{"user:" + director1, "user:" + director2}, []string{"user:" + director2}) {
		t.Errorf("inbox updates = %v", got)
	}
	if len(h.rec.outcomes) != 1 || h.rec.outcomes[0].Status != workflow.StatusApproved {
		t.Errorf("outcomes = %+v, want one approved", h.rec.outcomes)
	}
}

func TestValidatorsRefuse(t *testing.T) {
	foreign := actor(clerk, "accounts_payable")
	foreign.Tenant = tenantB
	tests := []struct {
		name  string
		actor workflow.Actor
		want  string
	}{
		{"user without the level's role", actor(outsider, "viewer", "approver"), "PERMISSION_DENIED"},
		{"user of another tenant", foreign, "PERMISSION_DENIED"},
		{"submitter holding the role", actor(submitter, "accounts_payable"), "PERMISSION_DENIED"},
		{"head of another department", func() workflow.Actor {
			a := actor(head, "approver")
			a.Departments = []workflow.Membership{{ID: "x", Name: "SALES", Head: true}}
			return a
		}(), "PERMISSION_DENIED"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			got := "not answered"
			h.decide(time.Minute, workflow.UpdateApprove, tt.actor, &got)
			h.env.RegisterDelayedCallback(func() {
				if st := h.status(); len(st.Approvals) != 0 || st.Level != 1 {
					t.Errorf("after a refused approval: level %d approvals %v", st.Level, st.Approvals)
				}
			}, 2*time.Minute)
			var reject string
			h.decide(3*time.Minute, workflow.UpdateReject, actor(clerk, "accounts_payable"), &reject)
			h.env.ExecuteWorkflow(workflow.ApprovalWorkflowName, threeLevels())
			if got != tt.want {
				t.Fatalf("approve by %s = %q, want %s", tt.name, got, tt.want)
			}
			if r := h.result(); r.Status != workflow.StatusRejected {
				t.Fatalf("status %s, want rejected by the real approver", r.Status)
			}
		})
	}
}

func TestSLAEscalatesThenExpires(t *testing.T) {
	h := newHarness(t)
	in := threeLevels()
	var before, after workflow.Status
	h.env.RegisterDelayedCallback(func() { before = h.status() }, 23*time.Hour)
	h.env.RegisterDelayedCallback(func() { after = h.status() }, 25*time.Hour)
	h.env.ExecuteWorkflow(workflow.ApprovalWorkflowName, in)

	if before.Escalated || len(before.Pending) != 1 {
		t.Errorf("before the SLA: escalated=%v pending=%v", before.Escalated, before.Pending)
	}
	if !after.Escalated || !slicesEqual(after.Pending, []string{"role:accounts_payable", "dept:OPS:head"}) {
		t.Errorf("after the SLA: escalated=%v pending=%v, want the next level's head added", after.Escalated, after.Pending)
	}
	if len(h.rec.escalated) != 1 || h.rec.escalated[0].Level != 1 {
		t.Errorf("escalation events = %+v", h.rec.escalated)
	}
	// Level 1's policy expires it 48h after the escalation.
	if r := h.result(); r.Status != workflow.StatusExpired {
		t.Fatalf("status %s, want expired", r.Status)
	}
	if got := h.rec.outcomes[0]; historyOf(got) != "started,level_started,escalated,expired" {
		t.Errorf("history = %s", historyOf(got))
	}
}

func TestEscalatedApproverMayDecide(t *testing.T) {
	h := newHarness(t)
	var early, late string
	h.decide(time.Hour, workflow.UpdateApprove, headOfOPS(), &early)
	h.decide(25*time.Hour, workflow.UpdateReject, headOfOPS(), &late)
	h.env.ExecuteWorkflow(workflow.ApprovalWorkflowName, threeLevels())
	if early != "PERMISSION_DENIED" || late != "" {
		t.Fatalf("head before escalation = %q, after = %q", early, late)
	}
	if r := h.result(); r.Status != workflow.StatusRejected {
		t.Fatalf("status %s, want rejected", r.Status)
	}
}

func TestEndings(t *testing.T) {
	tests := []struct {
		name   string
		update string
		actor  workflow.Actor
		want   string
	}{
		{"reject ends as rejected", workflow.UpdateReject, actor(clerk, "accounts_payable"), workflow.StatusRejected},
		{"withdraw ends as withdrawn", workflow.UpdateWithdraw, actor(submitter), workflow.StatusWithdrawn},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			var got string
			h.decide(time.Hour, tt.update, tt.actor, &got)
			h.env.ExecuteWorkflow(workflow.ApprovalWorkflowName, threeLevels())
			if got != "" {
				t.Fatalf("%s refused: %s", tt.update, got)
			}
			if r := h.result(); r.Status != tt.want || r.DecidedBy != tt.actor.UserID {
				t.Fatalf("result %+v, want %s by %s", r, tt.want, tt.actor.UserID)
			}
		})
	}
	t.Run("only the submitter withdraws", func(t *testing.T) {
		h := newHarness(t)
		var got, reject string
		h.decide(time.Hour, workflow.UpdateWithdraw, actor(clerk, "accounts_payable"), &got)
		h.decide(2*time.Hour, workflow.UpdateReject, actor(clerk, "accounts_payable"), &reject)
		h.env.ExecuteWorkflow(workflow.ApprovalWorkflowName, threeLevels())
		if got != "PERMISSION_DENIED" {
			t.Fatalf("withdraw by an approver = %q", got)
		}
	})
}

func TestRequestInfoPausesTheLevel(t *testing.T) {
	h := newHarness(t)
	var ask, whilePaused, answer, approve string
	var paused workflow.Status
	h.decide(time.Hour, workflow.UpdateRequestInfo, actor(clerk, "accounts_payable"), &ask)
	h.decide(2*time.Hour, workflow.UpdateApprove, actor(clerk, "accounts_payable"), &whilePaused)
	// The SLA (24h) would have passed at 24h; 30h of pause push it out.
	h.env.RegisterDelayedCallback(func() { paused = h.status() }, 26*time.Hour)
	h.decide(31*time.Hour, workflow.UpdateRespond, actor(submitter), &answer)
	var notYet workflow.Status
	h.env.RegisterDelayedCallback(func() { notYet = h.status() }, 40*time.Hour)
	h.decide(41*time.Hour, workflow.UpdateReject, actor(clerk, "accounts_payable"), &approve)
	h.env.ExecuteWorkflow(workflow.ApprovalWorkflowName, threeLevels())

	if ask != "" || answer != "" || approve != "" {
		t.Fatalf("ask=%q answer=%q reject=%q", ask, answer, approve)
	}
	if whilePaused != "FAILED_PRECONDITION" {
		t.Errorf("approve while paused = %q, want FAILED_PRECONDITION", whilePaused)
	}
	if paused.Status != workflow.StatusInfoRequested || paused.Escalated {
		t.Errorf("while paused: status %s escalated %v", paused.Status, paused.Escalated)
	}
	if notYet.Escalated {
		t.Errorf("escalated at 40h although 30h were paused")
	}
	// While paused the task sits in the submitter's inbox.
	var respond bool
	for _, u := range h.rec.inbox {
		respond = respond || (u.Task == workflow.TaskRespond && slicesEqual(u.Keys, []string{"user:" + submitter}))
	}
	if !respond {
		t.Errorf("the submitter never got the question: %+v", h.rec.inbox)
	}
}

func TestDelegation(t *testing.T) {
	delegated := func(from, to time.Duration) workflow.Actor {
		a := actor(outsider, "viewer")
		start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		a.Delegations = []workflow.Delegation{{ID: "d1", From: clerk, To: outsider, Roles: []string{"accounts_payable"},
			Starts: start.Add(from), Ends: start.Add(to)}}
		return a
	}
	tests := []struct {
		name     string
		from, to time.Duration
		want     string
	}{
		{"active delegation decides on behalf", 0, 48 * time.Hour, ""},
		{"ended delegation is refused", 0, 30 * time.Minute, "PERMISSION_DENIED"},
		{"future delegation is refused", 10 * time.Hour, 48 * time.Hour, "PERMISSION_DENIED"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			h.env.SetStartTime(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
			var got, end string
			h.decide(time.Hour, workflow.UpdateReject, delegated(tt.from, tt.to), &got)
			h.decide(2*time.Hour, workflow.UpdateWithdraw, actor(submitter), &end)
			h.env.ExecuteWorkflow(workflow.ApprovalWorkflowName, threeLevels())
			if got != tt.want {
				t.Fatalf("decision = %q, want %q", got, tt.want)
			}
			if tt.want == "" {
				o := h.rec.outcomes[0]
				last := o.History[len(o.History)-1]
				if last.Actor != outsider || last.OnBehalfOf != clerk {
					t.Errorf("history says %s on behalf of %s", last.Actor, last.OnBehalfOf)
				}
			}
		})
	}
}

func TestQuorumAndDuplicates(t *testing.T) {
	h := newHarness(t)
	in := threeLevels()
	in.Chain.Levels = []workflow.Level{{Name: "board", Mode: workflow.ModeQuorum, Quorum: 2,
		Approvers: workflow.Approvers{Kind: workflow.ByRole, Role: "board"}, SLA: time.Hour}}
	var a, again, b string
	h.decide(time.Minute, workflow.UpdateApprove, actor(director1, "board"), &a)
	h.decide(2*time.Minute, workflow.UpdateApprove, actor(director1, "board"), &again)
	h.decide(3*time.Minute, workflow.UpdateApprove, actor(director2, "board"), &b)
	h.env.ExecuteWorkflow(workflow.ApprovalWorkflowName, in)
	if a != "" || b != "" || again != "CONFLICT" {
		t.Fatalf("first=%q repeat=%q second=%q", a, again, b)
	}
	if r := h.result(); r.Status != workflow.StatusApproved {
		t.Fatalf("status %s", r.Status)
	}
}

func TestAutoLevelAndEmptyChainApprove(t *testing.T) {
	for _, levels := range [][]workflow.Level{nil, {{Name: "system", Mode: workflow.ModeAuto}}} {
		h := newHarness(t)
		in := threeLevels()
		in.Chain.Levels = levels
		h.env.ExecuteWorkflow(workflow.ApprovalWorkflowName, in)
		if r := h.result(); r.Status != workflow.StatusApproved {
			t.Fatalf("%d levels: status %s", len(levels), r.Status)
		}
		if len(h.rec.inbox) != 0 {
			t.Errorf("auto approval touched the inbox: %+v", h.rec.inbox)
		}
	}
}

func historyOf(o workflow.Outcome) string { return historyTypes(workflow.Status{History: o.History}) }

func slicesEqual(a, b []string) bool { return sameKeys([][]string{a}, b) }
