package finance_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/finance"
	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// actingFinance stands in for finance's service credential.
type actingFinance struct{}

func (actingFinance) Act(ctx context.Context, t tenant.ID) (context.Context, error) {
	return authz.With(ctx, authz.ServicePrincipal(t, finance.Name, []string{"workflow.approval.write"}, "svc-token")), nil
}

// submitAndDie submits id as ctx's caller in a goroutine that ends where
// the process would die: at the approval's start, after the submit
// committed.
func (f *invoiceFixture) submitAndDie(t *testing.T, ctx context.Context, id uuid.UUID) {
	t.Helper()
	f.approvals.mu.Lock()
	if f.approvals.dies == nil {
		f.approvals.dies = map[uuid.UUID]bool{}
	}
	f.approvals.dies[id] = true
	f.approvals.mu.Unlock()
	returned := make(chan bool, 1)
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _ = f.svc.SubmitInvoice(ctx, id, 0)
		returned <- true
	}()
	<-done
	if len(returned) > 0 {
		t.Fatal("the submit returned: it should have died asking for its approval")
	}
	f.approvals.mu.Lock()
	delete(f.approvals.dies, id)
	f.approvals.mu.Unlock()
}

// A process that dies between a submit's commit and its approval's start
// leaves the invoice submitted with no approval, waiting for nobody. The
// resumer asks the workflow again, with finance's credential and in the
// submitter's name, once: a pending approval is recorded, one approved
// at once is applied, and another tenant's is asked in its own tenant.
// A submit newer than the sweep's limit is left to the submit still
// under way; a workflow that does not answer leaves the invoice for the
// next sweep; one that refuses the document sends it back to draft.
func TestASubmitCutByACrashIsAskedAgainInTheSubmittersName(t *testing.T) {
	f := newInvoiceFixture(t, func(d *finance.Deps) { d.Acting = actingFinance{} })
	_, ctxA := newTenantCtx(t)
	_, ctxB := newTenantCtx(t)
	waiting := f.mustCreate(t, ctxA, smallSale("2026-12-04", 200_000_00))
	atOnce := f.mustCreate(t, ctxB, smallSale("2026-12-04", 500_00))
	f.submitAndDie(t, ctxA, waiting.ID)
	f.submitAndDie(t, ctxB, atOnce.ID)
	for _, c := range []struct {
		ctx context.Context
		id  uuid.UUID
	}{{ctxA, waiting.ID}, {ctxB, atOnce.ID}} {
		inv, err := f.svc.Invoice(c.ctx, c.id)
		if err != nil || inv.Status != finance.StatusSubmitted || inv.ApprovalID != nil {
			t.Fatalf("after the crash: %s %v (%v), want submitted with no approval", inv.Status, inv.ApprovalID, err)
		}
	}
	submittedAt := f.clock.Now()

	if n, err := f.svc.ResumeSubmits(context.Background(), submittedAt); err != nil || n != 0 {
		t.Fatalf("a sweep of submits before the crash's: asked %d (%v), want none", n, err)
	}
	f.approvals.mu.Lock()
	f.approvals.answer = errs.E(errs.Unavailable, "the workflow service does not answer")
	f.approvals.mu.Unlock()
	if _, err := f.svc.ResumeSubmits(context.Background(), submittedAt.Add(time.Second)); !errs.Is(err, errs.Unavailable) {
		t.Fatalf("a sweep while the workflow is down: %v, want UNAVAILABLE", err)
	}
	if inv, err := f.svc.Invoice(ctxA, waiting.ID); err != nil || inv.Status != finance.StatusSubmitted {
		t.Fatalf("after the failed sweep: %s (%v), want still submitted, for the next sweep", inv.Status, err)
	}
	f.approvals.mu.Lock()
	f.approvals.answer = nil
	f.approvals.mu.Unlock()

	n, err := f.svc.ResumeSubmits(context.Background(), submittedAt.Add(time.Second))
	if err != nil || n != 2 {
		t.Fatalf("the sweep after the crash: asked %d (%v), want 2", n, err)
	}
	inv, err := f.svc.Invoice(ctxA, waiting.ID)
	if err != nil || inv.Status != finance.StatusSubmitted || inv.ApprovalID == nil || *inv.ApprovalID != approvalID(waiting.ID) {
		t.Fatalf("A's invoice after the sweep: %s %v (%v), want submitted awaiting its approval", inv.Status, inv.ApprovalID, err)
	}
	inv, err = f.svc.Invoice(ctxB, atOnce.ID)
	if err != nil || inv.Status != finance.StatusApproved || inv.Number == "" {
		t.Fatalf("B's invoice after the sweep: %s %q (%v), want approved and numbered", inv.Status, inv.Number, err)
	}
	f.approvals.mu.Lock()
	started, askedBy := slices.Clone(f.approvals.started), slices.Clone(f.approvals.askedBy)
	f.approvals.mu.Unlock()
	wantSubmitter := map[uuid.UUID]string{waiting.ID: authz.Actor(ctxA), atOnce.ID: authz.Actor(ctxB)}
	for i, req := range started {
		if req.DocumentID != waiting.ID && req.DocumentID != atOnce.ID {
			continue
		}
		if req.Submitter != wantSubmitter[req.DocumentID] || askedBy[i] != authz.ServiceSubject(finance.Name) {
			t.Fatalf("start of %s: submitter %q asked by %q, want %q asked by finance", req.DocumentID, req.Submitter,
				askedBy[i], wantSubmitter[req.DocumentID])
		}
	}
	if n, err := f.svc.ResumeSubmits(context.Background(), submittedAt.Add(time.Second)); err != nil || n != 0 {
		t.Fatalf("a second sweep: asked %d (%v), want none", n, err)
	}

	refused := f.mustCreate(t, ctxA, smallSale("2026-12-04", 300_000_00))
	f.submitAndDie(t, ctxA, refused.ID)
	f.approvals.mu.Lock()
	f.approvals.answer = errs.E(errs.FailedPrecondition, "no approval chain invoice is published")
	f.approvals.mu.Unlock()
	if _, err := f.svc.ResumeSubmits(context.Background(), submittedAt.Add(time.Second)); err == nil {
		t.Fatal("a sweep the workflow refused: no error")
	}
	inv, err = f.svc.Invoice(ctxA, refused.ID)
	if err != nil || inv.Status != finance.StatusDraft || inv.Reason == "" {
		t.Fatalf("the refused invoice: %s %q (%v), want a draft saying why", inv.Status, inv.Reason, err)
	}
}
