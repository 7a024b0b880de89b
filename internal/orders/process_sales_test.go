package orders_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/orders"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/tenant"
	"github.com/vextrus/vextrus/internal/platform/testwait"
)

// actingAsItself is servicecred.Acting that keeps the context it is given:
// the test's caller stands for the service's credential.
type actingAsItself struct{}

func (actingAsItself) Act(ctx context.Context, _ tenant.ID) (context.Context, error) { return ctx, nil }

// TestASalesOrderLivesInItsWorkflow: an order over the credit limit
// waits in credit review until its approval's outcome reaches the
// workflow, which confirms it; each delivery's event makes the workflow
// invoice it once, and the order closes when everything is delivered
// and invoiced. Events are delivered twice.
func TestASalesOrderLivesInItsWorkflow(t *testing.T) {
	c := engine(t)
	sf := newSalesFixture(t, func(d *orders.Deps) { d.Temporal, d.Acting = c, actingAsItself{} })
	runWorker(t, c, sf.svc)
	err := orders.Move(sf.svc, sf.ctx, orders.Movement{ProductID: sf.cement, LocationID: sf.warehouse.ID, Kind: orders.MoveReceipt,
		Quantity: units(100), UnitCost: 400_00, SourceType: "goods_receipt", SourceID: uuid.New(), SourceLine: 1,
		OccurredOn: day("2026-12-04")})
	if err != nil {
		t.Fatal(err)
	}
	q, err := sf.svc.CreateQuotation(sf.ctx, sf.quote(line(sf.cement, "100", 550)))
	if err != nil {
		t.Fatal(err)
	}
	o, err := sf.svc.ConfirmSales(sf.ctx, q.ID, 0)
	if err != nil || o.Status != orders.SalesCreditReview {
		t.Fatalf("confirm over the limit: %+v, %v; want credit_review", o, err)
	}
	feed := func(typ string, data any) {
		raw, _ := json.Marshal(data)
		for range 2 {
			if err := orders.HandleEvent(sf.svc, context.Background(), events.Event{ID: uuid.NewString(), Type: typ,
				Tenant: sf.tenant, Data: raw}); err != nil {
				t.Fatalf("handle %s: %v", typ, err)
			}
		}
	}
	wait := func(status string) {
		testwait.For(t, 30*time.Second, "the sales order "+status, func() bool {
			got, err := sf.svc.SalesOrder(sf.ctx, o.ID)
			return err == nil && got.Status == status
		})
	}
	feed(orders.EventApprovalCompleted, map[string]any{"approvalId": o.ApprovalID.String(), "status": "approved",
		"document": map[string]any{"service": orders.Name, "type": orders.ApprovalSalesOrder, "id": o.ID.String()}})
	wait(orders.SalesConfirmed)
	for _, n := range []string{"40", "60"} {
		d, err := sf.deliver(sf.ctx, o.ID, map[int]string{1: n})
		if err != nil {
			t.Fatalf("deliver %s: %v", n, err)
		}
		feed(orders.EventGoodsDelivered, map[string]any{"id": d.ID, "salesOrderId": o.ID, "number": d.Number,
			"locationId": sf.warehouse.ID, "deliveredOn": "2026-12-04", "lines": []any{}})
	}
	wait(orders.StatusClosed)
	if len(sf.invoicer.invoices) != 2 {
		t.Fatalf("%d deliveries invoiced, want 2", len(sf.invoicer.invoices))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var ended string
	if err := c.GetWorkflow(ctx, orders.SalesWorkflowID(o.ID.String()), "").Get(ctx, &ended); err != nil || ended != orders.StatusClosed {
		t.Fatalf("the workflow ended %q, %v; want closed", ended, err)
	}
	replayRun(t, c, orders.SalesWorkflowID(o.ID.String()), "sales-order-closed.json")
	if n := len(sf.outbox(t, sf.tenant, orders.EventSalesOrderClosed)); n != 1 {
		t.Fatalf("%d closed events, want 1", n)
	}
}
