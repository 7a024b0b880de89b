package orders_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"testing"
	"time"

	"github.com/google/uuid"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"

	"github.com/vextrus/vextrus/internal/masterdata/mdclient"
	"github.com/vextrus/vextrus/internal/orders"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/money"
	"github.com/vextrus/vextrus/internal/platform/temporalx"
	"github.com/vextrus/vextrus/internal/platform/temporalx/temporaltest"
	"github.com/vextrus/vextrus/internal/platform/tenant"
	"github.com/vextrus/vextrus/internal/platform/testwait"
	"github.com/vextrus/vextrus/internal/workflow"
	"github.com/vextrus/vextrus/internal/workflow/approvalclient"
)

// engine is a Temporal dev server and a client with the platform's
// context propagator, as the app builds it.
func engine(tb testing.TB) client.Client {
	tb.Helper()
	srv := temporaltest.Start(tb)
	c, err := workflow.NewClient(context.Background(), temporaltest.Client(tb, srv), srv.Namespace(),
		slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})), temporalx.Telemetry{})
	if err != nil {
		tb.Fatalf("workflow client: %v", err)
	}
	tb.Cleanup(c.Close)
	return c
}

// runWorker runs the order workflows of svc on c until stop or the end
// of the test.
func runWorker(tb testing.TB, c client.Client, svc *orders.Service) (stop func()) {
	tb.Helper()
	w := worker.New(c, orders.TaskQueue, worker.Options{})
	svc.Register(w)
	if err := w.Start(); err != nil {
		tb.Fatalf("start worker: %v", err)
	}
	stopped := false
	stop = func() {
		if !stopped {
			stopped = true
			w.Stop()
		}
	}
	tb.Cleanup(stop)
	return stop
}

// purchaseSetup is a tenant with a site, a vendor and a product, and a
// submitted order of 500 bags at 500 taka (2,50,000) waiting for its
// approval.
type purchaseSetup struct {
	f        *fixture
	t        tenant.ID
	ctx      context.Context
	approval *fakeApprovals
	temporal client.Client
	cement   uuid.UUID
	site     orders.Location
	order    orders.PurchaseOrder
}

func newPurchase(tb testing.TB) *purchaseSetup {
	tb.Helper()
	p := &purchaseSetup{approval: newFakeApprovals(), temporal: engine(tb), t: newTenant(tb)}
	p.f = newFixture(tb, func(d *orders.Deps) { d.Temporal, d.Approvals, d.Acting = p.temporal, p.approval, actingOrders{} })
	p.ctx = manager(p.t)
	p.cement = p.f.catalog.product("Cement, 50 kg bag", "bag")
	vendor := p.f.catalog.vendor(mdclient.Party{Name: "Shah Cement Ltd"})
	p.site = p.f.location(tb, p.ctx, "SITE-PADMA", orders.LocationProjectSite)
	o, err := p.f.svc.CreatePurchaseOrder(p.ctx, orders.PurchaseInput{VendorID: vendor, LocationID: p.site.ID,
		DeliveryDate: day("2026-12-20"), Department: "Civil Works",
		Lines: []orders.LineInput{{ProductID: p.cement, Quantity: "500", UnitPrice: money.New(500_00, money.BDT)}}})
	if err != nil {
		tb.Fatalf("create order: %v", err)
	}
	if o.Amount != 250000_00 || o.Status != orders.StatusDraft {
		tb.Fatalf("new order: amount %d status %s, want 2,50,000.00 draft", o.Amount, o.Status)
	}
	p.order = o
	return p
}

func (p *purchaseSetup) submit(tb testing.TB) {
	tb.Helper()
	o, err := p.f.svc.SubmitPurchaseOrder(p.ctx, p.order.ID, 0)
	if err != nil {
		tb.Fatalf("submit: %v", err)
	}
	if o.Status != orders.StatusSubmitted || o.ApprovalID == nil || o.Number != "" {
		tb.Fatalf("submitted order: %+v, want submitted with an approval and no number", o)
	}
	p.order = o
}

// event delivers an event of the tenant as the consumer would.
func (p *purchaseSetup) event(tb testing.TB, typ string, data any) {
	tb.Helper()
	raw, err := json.Marshal(data)
	if err != nil {
		tb.Fatal(err)
	}
	ev := events.Event{ID: uuid.NewString(), Type: typ, Tenant: p.t, Data: raw}
	if err := orders.HandleEvent(p.f.svc, context.Background(), ev); err != nil {
		tb.Fatalf("handle %s: %v", typ, err)
	}
}

func (p *purchaseSetup) approvalCompleted(tb testing.TB, status string) {
	p.approvalRunCompleted(tb, status, 0)
}

// approvalRunCompleted delivers the outcome of the approval's run run (0:
// an outcome that does not name its run).
func (p *purchaseSetup) approvalRunCompleted(tb testing.TB, status string, run int) {
	data := map[string]any{"approvalId": p.order.ApprovalID.String(), "status": status,
		"document": map[string]any{"service": orders.Name, "type": orders.ApprovalPurchaseOrder, "id": p.order.ID.String()}}
	if run > 0 {
		data["run"] = run
	}
	p.event(tb, orders.EventApprovalCompleted, data)
}

func (p *purchaseSetup) receive(tb testing.TB, accepted, rejected string) {
	tb.Helper()
	r, err := p.f.svc.RecordReceipt(p.ctx, p.order.ID, orders.ReceiptInput{
		Lines: []orders.ReceiptLineInput{{Line: 1, Accepted: accepted, Rejected: rejected}}})
	if err != nil {
		tb.Fatalf("receive %s: %v", accepted, err)
	}
	p.event(tb, orders.EventGoodsReceived, map[string]any{"id": r.ID, "purchaseOrderId": p.order.ID, "number": r.Number,
		"locationId": p.site.ID, "receivedOn": "2026-12-04", "lines": []any{}})
}

func (p *purchaseSetup) wait(tb testing.TB, status string) orders.PurchaseOrder {
	tb.Helper()
	var o orders.PurchaseOrder
	testwait.For(tb, 30*time.Second, "the order "+status, func() bool {
		var err error
		o, err = p.f.svc.PurchaseOrder(p.ctx, p.order.ID)
		return err == nil && o.Status == status
	})
	return o
}

// result waits for the order's workflow to end and returns how.
func (p *purchaseSetup) result(tb testing.TB) string {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var out string
	if err := p.temporal.GetWorkflow(ctx, orders.PurchaseWorkflowID(p.order.ID.String()), "").Get(ctx, &out); err != nil {
		tb.Fatalf("the order's workflow: %v", err)
	}
	return out
}

func (p *purchaseSetup) count(tb testing.TB, typ string) int { return len(p.f.outbox(tb, p.t, typ)) }

// TestAPurchaseOrderLivesInItsWorkflow takes an order from submission
// to close through its workflow: the approval's outcome issues it, two
// partial receipts raise stock by exactly the accepted bags, a matched
// bill leaves it open until finance reports the bill paid, and then the
// workflow closes it. Every event is delivered twice: nothing happens
// twice.
func TestAPurchaseOrderLivesInItsWorkflow(t *testing.T) {
	p := newPurchase(t)
	runWorker(t, p.temporal, p.f.svc)
	p.submit(t)
	p.approvalCompleted(t, "approved")
	p.approvalCompleted(t, "approved")
	o := p.wait(t, orders.StatusApproved)
	if o.Number != "PO/2026-27/000001" {
		t.Fatalf("issued order's number %q, want PO/2026-27/000001", o.Number)
	}
	p.receive(t, "300", "10")
	p.receive(t, "200", "0")
	o = p.wait(t, orders.StatusReceived)
	page, err := p.f.svc.ListStock(p.ctx, orders.StockFilter{ProductID: p.cement, LocationID: p.site.ID, Limit: 10})
	if err != nil || len(page.Items) != 1 || page.Items[0].OnHand.String() != "500" {
		t.Fatalf("stock at the site: %+v (%v), want the 500 accepted bags", page, err)
	}

	bill := uuid.New()
	matched := map[string]any{"id": bill, "purchaseOrderId": p.order.ID, "amount": money.New(287500_00, money.BDT),
		"lines": []any{map[string]any{"line": 1, "productId": p.cement, "quantity": "500"}}}
	p.event(t, orders.EventBillMatched, matched)
	p.event(t, orders.EventBillMatched, matched)
	if o = p.wait(t, orders.StatusReceived); len(o.Bills) != 1 || o.Bills[0].Status != orders.BillMatched {
		t.Fatalf("order with a matched, unpaid bill: %+v, want it open with the bill matched", o.Bills)
	}
	paid := map[string]any{"allocations": []any{map[string]any{"invoiceId": bill, "invoiceStatus": "paid",
		"purchaseOrderId": p.order.ID.String()}}}
	p.event(t, orders.EventPaymentAllocated, paid)
	p.wait(t, orders.StatusClosed)
	if got := p.result(t); got != orders.StatusClosed {
		t.Fatalf("the workflow ended %q, want closed", got)
	}
	replayRun(t, p.temporal, orders.PurchaseWorkflowID(p.order.ID.String()), "purchase-order-closed.json")
	p.event(t, orders.EventPaymentAllocated, paid)
	p.approvalCompleted(t, "approved")
	for typ, n := range map[string]int{orders.EventPurchaseOrderCreated: 1, orders.EventPurchaseOrderSubmitted: 1,
		orders.EventPurchaseOrderApproved: 1, orders.EventGoodsReceived: 2, orders.EventStockMoved: 2,
		orders.EventPurchaseOrderClosed: 1} {
		if got := p.count(t, typ); got != n {
			t.Errorf("%d %s events, want %d", got, typ, n)
		}
	}
}

// TestARejectedPurchaseOrderGoesBackToDraft: the workflow returns the
// order to draft with the reason, and a later approval of the same run
// changes nothing.
func TestARejectedPurchaseOrderGoesBackToDraft(t *testing.T) {
	p := newPurchase(t)
	runWorker(t, p.temporal, p.f.svc)
	p.submit(t)
	p.approvalCompleted(t, "rejected")
	o := p.wait(t, orders.StatusDraft)
	if o.Reason == "" || o.Number != "" {
		t.Fatalf("rejected order: %+v, want a draft with the reason and no number", o)
	}
	if got := p.result(t); got != orders.StatusDraft {
		t.Fatalf("the workflow ended %q, want draft", got)
	}
	p.approvalCompleted(t, "approved")
	if o = p.wait(t, orders.StatusDraft); o.ApprovedAt != nil {
		t.Fatal("an approval after the rejection issued the order")
	}
}

// TestAnEarlierRunsOutcomeLeavesTheResubmittedOrderAlone: an order
// rejected at its approval's first run and submitted again waits on the
// second run of the same approval. The first run's rejection arriving
// late (a lagging consumer, a redelivery) leaves it submitted, and the
// second run's approval issues it.
func TestAnEarlierRunsOutcomeLeavesTheResubmittedOrderAlone(t *testing.T) {
	p := newPurchase(t)
	runWorker(t, p.temporal, p.f.svc)
	p.submit(t)
	p.approvalRunCompleted(t, "rejected", 1)
	p.wait(t, orders.StatusDraft)
	if got := p.result(t); got != orders.StatusDraft {
		t.Fatalf("the first submission's workflow ended %q, want draft", got)
	}
	p.resubmitPastALateOutcome(t, "rejected")
}

// TestTheOutcomeOfARunTheOrderNeverWaitedOnIsIgnored: a submit whose
// approval the workflow recorded (run 1) but could not start returns the
// order to draft; submitted again, it waits on run 2. Run 1's withdrawal
// (the workflow's sweep ends such a run) arriving after that is not the
// order's, although no outcome of run 1 ever reached it.
func TestTheOutcomeOfARunTheOrderNeverWaitedOnIsIgnored(t *testing.T) {
	p := newPurchase(t)
	runWorker(t, p.temporal, p.f.svc)
	p.approval.mu.Lock()
	p.approval.answer = errs.E(errs.Unavailable, "the workflow service went away")
	p.approval.mu.Unlock()
	if _, err := p.f.svc.SubmitPurchaseOrder(p.ctx, p.order.ID, 0); !errs.Is(err, errs.Unavailable) {
		t.Fatalf("submit while the workflow is away: %v, want UNAVAILABLE", err)
	}
	p.approval.mu.Lock()
	p.approval.answer = nil
	p.approval.mu.Unlock()
	p.resubmitPastALateOutcome(t, "withdrawn")
}

// resubmitPastALateOutcome submits the order again, which waits on its
// approval's run 2, delivers run 1's late outcome status, then run 2's
// approval: the order must be issued.
func (p *purchaseSetup) resubmitPastALateOutcome(tb testing.TB, status string) {
	tb.Helper()
	p.submit(tb)
	p.approvalRunCompleted(tb, status, 1)
	p.approvalRunCompleted(tb, "approved", 2)
	if o := p.wait(tb, orders.StatusApproved); o.Number == "" {
		tb.Fatalf("after run 1's late %s, run 2's approval: %+v, want the order issued", status, o)
	}
}

// TestCancellingAPurchaseOrderCompensates: cancel goes through the
// workflow, which ends; the open approval is withdrawn; nothing can be
// received against the order afterwards. Once goods arrived an order is
// no longer cancelled.
func TestCancellingAPurchaseOrderCompensates(t *testing.T) {
	p := newPurchase(t)
	runWorker(t, p.temporal, p.f.svc)
	p.submit(t)
	o, err := p.f.svc.CancelPurchaseOrder(p.ctx, p.order.ID, "the site changed its design")
	if err != nil || o.Status != orders.StatusCancelled {
		t.Fatalf("cancel: %+v, %v; want cancelled", o, err)
	}
	if got := p.result(t); got != orders.StatusCancelled {
		t.Fatalf("the workflow ended %q, want cancelled", got)
	}
	replayRun(t, p.temporal, orders.PurchaseWorkflowID(p.order.ID.String()), "purchase-order-cancelled.json")
	if len(p.approval.withdrawn) != 1 || p.approval.withdrawn[0] != *p.order.ApprovalID {
		t.Fatalf("withdrawn approvals %v, want the order's", p.approval.withdrawn)
	}
	_, err = p.f.svc.RecordReceipt(p.ctx, p.order.ID, orders.ReceiptInput{Lines: []orders.ReceiptLineInput{{Line: 1, Accepted: "1"}}})
	wantCode(t, err, errs.FailedPrecondition)

	q := newPurchase(t)
	runWorker(t, q.temporal, q.f.svc)
	q.submit(t)
	q.approvalCompleted(t, "approved")
	q.wait(t, orders.StatusApproved)
	q.receive(t, "10", "0")
	_, err = q.f.svc.CancelPurchaseOrder(q.ctx, q.order.ID, "too late")
	wantCode(t, err, errs.FailedPrecondition)
	q.wait(t, orders.StatusPartiallyReceived)
}

// TestARestartedWorkerLosesAndRepeatsNothing stops the worker (and
// drops the service, as a crashed process would) in the middle of an
// order: the approval, receipts, bill and payment arrive while no worker
// runs. A new service and worker pick the order up from its workflow's
// history and close it, with every effect exactly once, though the
// bill's payment was reported before its match.
func TestARestartedWorkerLosesAndRepeatsNothing(t *testing.T) {
	p := newPurchase(t)
	stop := runWorker(t, p.temporal, p.f.svc)
	p.submit(t)
	stop()

	p.approvalCompleted(t, "approved")
	restarted, err := orders.New(orders.Deps{DB: p.f.db.App, Events: mustOutbox(t), Settings: p.f.settings,
		Now: p.f.clock.Now, Catalog: p.f.catalog, Temporal: p.temporal, Approvals: p.approval})
	if err != nil {
		t.Fatal(err)
	}
	stop = runWorker(t, p.temporal, restarted)
	p.wait(t, orders.StatusApproved)
	p.receive(t, "500", "0")
	stop()
	// The payment is another aggregate's event: it may overtake the
	// bill's match, and the bill stays paid.
	bill := uuid.New()
	p.event(t, orders.EventPaymentAllocated, map[string]any{"allocations": []any{map[string]any{"invoiceId": bill,
		"invoiceStatus": "paid", "purchaseOrderId": p.order.ID.String()}}})
	p.event(t, orders.EventBillMatched, map[string]any{"id": bill, "purchaseOrderId": p.order.ID,
		"amount": money.New(287500_00, money.BDT), "lines": []any{map[string]any{"line": 1, "quantity": "500"}}})
	if o, _ := p.f.svc.PurchaseOrder(p.ctx, p.order.ID); o.Status != orders.StatusReceived {
		t.Fatalf("with no worker the order is %s, want still received", o.Status)
	}
	runWorker(t, p.temporal, restarted)
	p.wait(t, orders.StatusClosed)
	for typ, n := range map[string]int{orders.EventPurchaseOrderApproved: 1, orders.EventGoodsReceived: 1,
		orders.EventStockMoved: 1, orders.EventPurchaseOrderClosed: 1} {
		if got := p.count(t, typ); got != n {
			t.Errorf("%d %s events, want %d", got, typ, n)
		}
	}
}

func mustOutbox(tb testing.TB) *events.Outbox {
	o, err := events.NewOutbox(orders.Name)
	if err != nil {
		tb.Fatal(err)
	}
	return o
}

// signals counts the signals in the history of order's current run.
func (p *purchaseSetup) signals(tb testing.TB) int {
	tb.Helper()
	n := 0
	for _, e := range temporaltest.History(tb, p.temporal, orders.PurchaseWorkflowID(p.order.ID.String())).GetEvents() {
		if e.GetEventType() == enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED {
			n++
		}
	}
	return n
}

// submitApproved submits the order under a chain that approves it at
// once.
func (p *purchaseSetup) submitApproved(tb testing.TB) {
	tb.Helper()
	p.approval.status = approvalclient.Approved
	o, err := p.f.svc.SubmitPurchaseOrder(p.ctx, p.order.ID, 0)
	if err != nil || o.Status != orders.StatusApproved {
		tb.Fatalf("submit: %+v, %v; want approved at once", o, err)
	}
	p.order = o
}

// TestAnIssuedOrderIsSignalledOnlyWhenItSettles: the outcome of an
// approval the order no longer waits for, its receipt and its matched,
// unpaid bill leave the workflow waiting as it was, so they send it
// nothing (a signal costs the engine a workflow task); the payment that
// settles the order does, and the workflow closes it.
func TestAnIssuedOrderIsSignalledOnlyWhenItSettles(t *testing.T) {
	p := newPurchase(t)
	runWorker(t, p.temporal, p.f.svc)
	p.submitApproved(t)
	p.approvalCompleted(t, "approved")
	p.receive(t, "500", "0")
	bill := uuid.New()
	p.event(t, orders.EventBillMatched, map[string]any{"id": bill, "purchaseOrderId": p.order.ID,
		"amount": money.New(287500_00, money.BDT), "lines": []any{map[string]any{"line": 1, "quantity": "500"}}})
	if o := p.wait(t, orders.StatusReceived); len(o.Bills) != 1 {
		t.Fatalf("bills %+v, want the matched one", o.Bills)
	}
	if n := p.signals(t); n != 0 {
		t.Fatalf("%d signals before the order settled, want none", n)
	}
	p.event(t, orders.EventPaymentAllocated, map[string]any{"allocations": []any{map[string]any{"invoiceId": bill,
		"invoiceStatus": "paid", "purchaseOrderId": p.order.ID.String()}}})
	p.wait(t, orders.StatusClosed)
	if got := p.result(t); got != orders.StatusClosed {
		t.Fatalf("the workflow ended %q, want closed", got)
	}
	if n := p.signals(t); n != 1 {
		t.Fatalf("%d signals, want the payment's only", n)
	}
}

// TestAnIssuedOrderWhoseRunWasLostIsClosedShort: closing short an order
// whose workflow is gone (its start lost, and no event since settled
// anything) starts the run and closes the order through it.
func TestAnIssuedOrderWhoseRunWasLostIsClosedShort(t *testing.T) {
	p := newPurchase(t)
	runWorker(t, p.temporal, p.f.svc)
	p.submitApproved(t)
	wid := orders.PurchaseWorkflowID(p.order.ID.String())
	if err := p.temporal.TerminateWorkflow(context.Background(), wid, "", "a lost start"); err != nil {
		t.Fatal(err)
	}
	o, err := p.f.svc.ClosePurchaseOrder(p.ctx, p.order.ID, "the vendor stopped supplying")
	if err != nil || o.Status != orders.StatusClosed {
		t.Fatalf("close: %+v, %v; want closed", o, err)
	}
	if got := p.result(t); got != orders.StatusClosed {
		t.Fatalf("the new run ended %q, want closed", got)
	}
}

// TestTwoPaymentsHandledAtOnceCloseTheOrder: the payments of an order's
// two bills are handled in two transactions at the same time; neither
// alone settles the order, and the one that commits second, having
// waited for the order's row, sees both and signals the workflow.
func TestTwoPaymentsHandledAtOnceCloseTheOrder(t *testing.T) {
	p := newPurchase(t)
	runWorker(t, p.temporal, p.f.svc)
	p.submitApproved(t)
	p.receive(t, "500", "0")
	bills := map[uuid.UUID]string{uuid.New(): "300", uuid.New(): "200"}
	for bill, bags := range bills {
		p.event(t, orders.EventBillMatched, map[string]any{"id": bill, "purchaseOrderId": p.order.ID,
			"amount": money.New(50000_00, money.BDT), "lines": []any{map[string]any{"line": 1, "quantity": bags}}})
	}
	errc := make(chan error, len(bills))
	for bill := range bills {
		raw, err := json.Marshal(map[string]any{"allocations": []any{map[string]any{"invoiceId": bill,
			"invoiceStatus": "paid", "purchaseOrderId": p.order.ID.String()}}})
		if err != nil {
			t.Fatal(err)
		}
		go func() {
			errc <- orders.HandleEvent(p.f.svc, context.Background(), events.Event{ID: uuid.NewString(),
				Type: orders.EventPaymentAllocated, Tenant: p.t, Data: raw})
		}()
	}
	for range bills {
		if err := <-errc; err != nil {
			t.Fatal(err)
		}
	}
	p.wait(t, orders.StatusClosed)
	if n := p.signals(t); n != 1 {
		t.Fatalf("%d signals, want one", n)
	}
}
