package orders_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vextrus/vextrus/internal/orders"
	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/tenant"
	"github.com/vextrus/vextrus/internal/workflow/approvalclient"
)

// actingOrders stands in for orders' service credential.
type actingOrders struct{}

func (actingOrders) Act(ctx context.Context, t tenant.ID) (context.Context, error) {
	return authz.With(ctx, authz.ServicePrincipal(t, orders.Name, []string{"workflow.approval.write"}, "svc-token")), nil
}

// A purchase order is marked submitted before its approval is asked, so
// a process that dies between the two leaves it submitted with no
// approval, never an approval for a draft. The resumer asks the
// workflow again, with orders' credential and in the submitter's name,
// once, and starts the order's workflow, which the approval's outcome
// then issues. A sweep limited to earlier submits asks nothing; a
// workflow that does not answer leaves the order for the next sweep.
func TestAPurchaseSubmitCutByACrashIsAskedAgainInTheSubmittersName(t *testing.T) {
	p := newPurchase(t)
	runWorker(t, p.temporal, p.f.svc)
	p.approval.mu.Lock()
	p.approval.dies[p.order.ID] = true
	p.approval.mu.Unlock()
	returned := make(chan bool, 1)
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _ = p.f.svc.SubmitPurchaseOrder(p.ctx, p.order.ID, 0)
		returned <- true
	}()
	<-done
	if len(returned) > 0 {
		t.Fatal("the submit returned: it should have died asking for its approval")
	}
	p.approval.mu.Lock()
	delete(p.approval.dies, p.order.ID)
	p.approval.mu.Unlock()
	o, err := p.f.svc.PurchaseOrder(p.ctx, p.order.ID)
	if err != nil || o.Status != orders.StatusSubmitted || o.ApprovalID != nil {
		t.Fatalf("after the crash: %s %v (%v), want submitted with no approval", o.Status, o.ApprovalID, err)
	}
	submittedAt := p.f.clock.Now()

	if n, err := p.f.svc.ResumeSubmits(context.Background(), submittedAt); err != nil || n != 0 {
		t.Fatalf("a sweep of submits before the crash's: asked %d (%v), want none", n, err)
	}
	p.approval.mu.Lock()
	p.approval.answer = errs.E(errs.Unavailable, "the workflow service does not answer")
	p.approval.mu.Unlock()
	if _, err := p.f.svc.ResumeSubmits(context.Background(), submittedAt.Add(time.Second)); !errs.Is(err, errs.Unavailable) {
		t.Fatalf("a sweep while the workflow is down: %v, want UNAVAILABLE", err)
	}
	if o, err := p.f.svc.PurchaseOrder(p.ctx, p.order.ID); err != nil || o.Status != orders.StatusSubmitted {
		t.Fatalf("after the failed sweep: %s (%v), want still submitted, for the next sweep", o.Status, err)
	}
	p.approval.mu.Lock()
	p.approval.answer = nil
	p.approval.mu.Unlock()

	if n, err := p.f.svc.ResumeSubmits(context.Background(), submittedAt.Add(time.Second)); err != nil || n != 1 {
		t.Fatalf("the sweep after the crash: asked %d (%v), want 1", n, err)
	}
	if p.order, err = p.f.svc.PurchaseOrder(p.ctx, p.order.ID); err != nil || p.order.Status != orders.StatusSubmitted || p.order.ApprovalID == nil {
		t.Fatalf("after the sweep: %s %v (%v), want submitted awaiting its approval", p.order.Status, p.order.ApprovalID, err)
	}
	p.approval.mu.Lock()
	started, askedBy := slices.Clone(p.approval.started), slices.Clone(p.approval.askedBy)
	p.approval.mu.Unlock()
	if len(started) != 1 || started[0].Submitter != authz.Actor(p.ctx) || askedBy[0] != authz.ServiceSubject(orders.Name) {
		t.Fatalf("starts %+v asked by %v, want one in the manager's name asked by orders", started, askedBy)
	}
	if n, err := p.f.svc.ResumeSubmits(context.Background(), submittedAt.Add(time.Second)); err != nil || n != 0 {
		t.Fatalf("a second sweep: asked %d (%v), want none", n, err)
	}
	p.approvalCompleted(t, approvalclient.Approved)
	if o := p.wait(t, orders.StatusApproved); o.Number == "" {
		t.Fatalf("the approved order has no number: %+v", o)
	}
}

// A submit whose approval cannot start leaves the order a draft saying
// why, with no approval asked, and submitting it again once the workflow
// answers sends it on.
func TestAPurchaseOrderWhoseApprovalCannotStartIsADraftAgain(t *testing.T) {
	p := newPurchase(t)
	p.approval.mu.Lock()
	p.approval.answer = errs.E(errs.Unavailable, "the workflow service does not answer")
	p.approval.mu.Unlock()
	if _, err := p.f.svc.SubmitPurchaseOrder(p.ctx, p.order.ID, 0); !errs.Is(err, errs.Unavailable) {
		t.Fatalf("submit while the workflow is down: %v, want UNAVAILABLE", err)
	}
	o, err := p.f.svc.PurchaseOrder(p.ctx, p.order.ID)
	if err != nil || o.Status != orders.StatusDraft || o.ApprovalID != nil || o.SubmittedAt != nil ||
		!strings.Contains(o.Reason, "could not start") {
		t.Fatalf("after the failed submit: %s approval %v submitted %v reason %q (%v), want a draft saying why",
			o.Status, o.ApprovalID, o.SubmittedAt, o.Reason, err)
	}
	p.approval.mu.Lock()
	p.approval.answer = nil
	p.approval.mu.Unlock()
	p.submit(t)
}
