package finance_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/finance"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

func completedEvent(tb testing.TB, t tenant.ID, service string, approval, doc uuid.UUID, status string) events.Event {
	return completedEventOfRun(tb, t, service, approval, doc, status, 0)
}

// completedEventOfRun is completedEvent for the approval's run run; 0
// names none, as events from before runs were named.
func completedEventOfRun(tb testing.TB, t tenant.ID, service string, approval, doc uuid.UUID, status string, run int) events.Event {
	tb.Helper()
	ev := map[string]any{"approvalId": approval, "status": status, "submitter": "u",
		"decidedBy": "0190a0b0-0000-7000-8000-0000000000aa", "decidedAt": "2026-12-04T05:00:00Z",
		"document": map[string]any{"service": service, "type": "invoice", "id": doc,
			"amount": map[string]string{"amount": "1.00", "currency": "BDT"}}}
	if run > 0 {
		ev["run"] = run
	}
	data, err := json.Marshal(ev)
	if err != nil {
		tb.Fatal(err)
	}
	return events.Event{ID: uuid.NewString(), Type: finance.EventApprovalCompleted, Tenant: t, Data: data}
}

// TestCompletedEventOfARemoteWorkflowApprovesOnce hands the workflow's
// completed event to the approval consumer's handler, as Kafka would,
// twice: the invoice is approved once. Another service's document and an
// unknown invoice are skipped.
func TestCompletedEventOfARemoteWorkflowApprovesOnce(t *testing.T) {
	f := newInvoiceFixture(t)
	tid, ctx := newTenantCtx(t)
	inv := f.mustSubmit(t, ctx, f.mustCreate(t, ctx, smallSale("2026-12-04", 200_000_00)).ID)
	bg := context.Background()
	ev := completedEvent(t, tid, "finance", *inv.ApprovalID, inv.ID, finance.ApprovalApproved)
	for range 2 {
		if err := finance.HandleApprovalEvent(f.svc, bg, nil, ev); err != nil {
			t.Fatal(err)
		}
	}
	got, err := f.svc.Invoice(ctx, inv.ID)
	if err != nil || got.Status != finance.StatusApproved || got.Number != "INV/2026-27/000001" ||
		got.ApprovedBy != "0190a0b0-0000-7000-8000-0000000000aa" {
		t.Fatalf("after the event: %+v, %v", got, err)
	}
	if n := len(f.outbox(t, tid, finance.EventInvoiceApproved)); n != 1 {
		t.Fatalf("%d approved events", n)
	}
	for _, other := range []events.Event{
		completedEvent(t, tid, "procurement", uuid.New(), inv.ID, finance.ApprovalRejected),
		completedEvent(t, tid, "finance", uuid.New(), uuid.New(), finance.ApprovalApproved),
	} {
		if err := finance.HandleApprovalEvent(f.svc, bg, nil, other); err != nil {
			t.Fatal(err)
		}
	}
	if again, _ := f.svc.Invoice(ctx, inv.ID); again.Version != got.Version {
		t.Fatalf("a foreign event changed the invoice")
	}
}

// TestAnEarlierRunsOutcomeLeavesTheResubmissionAlone: an invoice rejected
// at its approval's first run, edited and submitted again, waits on the
// second run of the same approval (its id is the document's). The first
// run's outcome arriving late, as a redelivered or lagging event does,
// must not return the new submission to draft; the second run's does.
func TestAnEarlierRunsOutcomeLeavesTheResubmissionAlone(t *testing.T) {
	f := newInvoiceFixture(t)
	tid, ctx := newTenantCtx(t)
	inv := f.mustSubmit(t, ctx, f.mustCreate(t, ctx, smallSale("2026-12-04", 200_000_00)).ID)
	bg := context.Background()
	first := completedEventOfRun(t, tid, "finance", *inv.ApprovalID, inv.ID, finance.ApprovalRejected, 1)
	if err := finance.HandleApprovalEvent(f.svc, bg, nil, first); err != nil {
		t.Fatal(err)
	}
	if got, _ := f.svc.Invoice(ctx, inv.ID); got.Status != finance.StatusDraft {
		t.Fatalf("after the first run's rejection: %s", got.Status)
	}
	again := f.mustSubmit(t, ctx, inv.ID)
	late := first
	late.ID = uuid.NewString()
	if err := finance.HandleApprovalEvent(f.svc, bg, nil, late); err != nil {
		t.Fatal(err)
	}
	if got, _ := f.svc.Invoice(ctx, inv.ID); got.Status != finance.StatusSubmitted || got.Version != again.Version {
		t.Fatalf("the first run's late rejection changed the resubmission: %s at version %d, was %d",
			got.Status, got.Version, again.Version)
	}
	second := completedEventOfRun(t, tid, "finance", *inv.ApprovalID, inv.ID, finance.ApprovalApproved, 2)
	if err := finance.HandleApprovalEvent(f.svc, bg, nil, second); err != nil {
		t.Fatal(err)
	}
	if got, _ := f.svc.Invoice(ctx, inv.ID); got.Status != finance.StatusApproved {
		t.Fatalf("after the second run's approval: %s", got.Status)
	}
}

// TestTheOutcomeOfARunTheInvoiceNeverWaitedOnIsIgnored: a submit whose
// approval the workflow recorded (run 1) but could not start returns the
// invoice to draft; submitted again, it waits on run 2. Run 1's outcome
// (the workflow's sweep ends such a run withdrawn) arriving after that
// is not the invoice's, although no outcome of run 1 ever reached it.
func TestTheOutcomeOfARunTheInvoiceNeverWaitedOnIsIgnored(t *testing.T) {
	f := newInvoiceFixture(t)
	tid, ctx := newTenantCtx(t)
	inv := f.mustCreate(t, ctx, smallSale("2026-12-04", 200_000_00))
	f.approvals.mu.Lock()
	f.approvals.answer = errs.E(errs.Unavailable, "the workflow service went away")
	f.approvals.mu.Unlock()
	if _, err := f.svc.SubmitInvoice(ctx, inv.ID, 0); !errs.Is(err, errs.Unavailable) {
		t.Fatalf("submit while the workflow is away: %v, want UNAVAILABLE", err)
	}
	f.approvals.mu.Lock()
	f.approvals.answer = nil
	f.approvals.mu.Unlock()
	again := f.mustSubmit(t, ctx, inv.ID)
	bg := context.Background()
	swept := completedEventOfRun(t, tid, "finance", approvalID(inv.ID), inv.ID, finance.ApprovalWithdrawn, 1)
	if err := finance.HandleApprovalEvent(f.svc, bg, nil, swept); err != nil {
		t.Fatal(err)
	}
	if got, _ := f.svc.Invoice(ctx, inv.ID); got.Status != finance.StatusSubmitted || got.Version != again.Version {
		t.Fatalf("run 1's outcome changed the invoice waiting on run 2: %s at version %d, was %d",
			got.Status, got.Version, again.Version)
	}
	rejected := completedEventOfRun(t, tid, "finance", approvalID(inv.ID), inv.ID, finance.ApprovalRejected, 2)
	if err := finance.HandleApprovalEvent(f.svc, bg, nil, rejected); err != nil {
		t.Fatal(err)
	}
	if got, _ := f.svc.Invoice(ctx, inv.ID); got.Status != finance.StatusDraft {
		t.Fatalf("after run 2's rejection: %s, want draft", got.Status)
	}
}
