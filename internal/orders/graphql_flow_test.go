package orders_test

import (
	"testing"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/orders"
	"github.com/vextrus/vextrus/internal/platform/money"
	"github.com/vextrus/vextrus/internal/platform/qty"
)

// TestGraphQLAPurchaseOrderShowsItsReceiptsAndBills: submitted through
// the subgraph and approved, the order takes two receipts through
// recordGoodsReceipt; once finance matches a bill the order lists it as
// an Invoice reference with what finance said of it, and is not closed
// short while the bill is unpaid.
func TestGraphQLAPurchaseOrderShowsItsReceiptsAndBills(t *testing.T) {
	p := newPurchase(t)
	runWorker(t, p.temporal, p.f.svc)
	api := p.f.graphClient(t, p.t)
	var po struct {
		Status   string
		Approval *struct{ ID string }
		Version  int
	}
	decode(t, api.GraphQL(subgraph, `mutation($id: ID!, $v: Int) { submitPurchaseOrder(id: $id, expectedVersion: $v) { status approval { id } version } }`,
		map[string]any{"id": p.order.ID, "v": p.order.Version}).Data(t), "submitPurchaseOrder", &po)
	if po.Status != "SUBMITTED" || po.Approval == nil {
		t.Fatalf("submitted: %+v", po)
	}
	p.order.ApprovalID = new(uuid.UUID)
	*p.order.ApprovalID = uuid.MustParse(po.Approval.ID)
	p.approvalCompleted(t, "approved")
	p.wait(t, orders.StatusApproved)

	receipt := `mutation($id: ID!, $in: GoodsReceiptInput!) { recordGoodsReceipt(purchaseOrderId: $id, input: $in) {
		number purchaseOrderId location { code } challanRef lines { line product { id } accepted rejected reason } } }`
	var rc struct {
		Number, PurchaseOrderID, ChallanRef string
		Location                            struct{ Code string }
		Lines                               []struct {
			Line               int
			Accepted, Rejected string
			Reason             *string
		}
	}
	decode(t, api.GraphQL(subgraph, receipt, map[string]any{"id": p.order.ID, "in": map[string]any{"challanRef": "SC-1",
		"lines": []any{map[string]any{"line": 1, "accepted": "300", "rejected": "10", "reason": "torn bags"}}}}).Data(t),
		"recordGoodsReceipt", &rc)
	if rc.PurchaseOrderID != p.order.ID.String() || rc.Location.Code != "SITE-PADMA" || rc.ChallanRef != "SC-1" ||
		len(rc.Lines) != 1 || rc.Lines[0].Accepted != "300" || rc.Lines[0].Rejected != "10" || rc.Lines[0].Reason == nil {
		t.Fatalf("receipt: %+v", rc)
	}
	wantGraphError(t, api.GraphQL(subgraph, receipt, map[string]any{"id": p.order.ID, "in": map[string]any{
		"lines": []any{map[string]any{"line": 1, "accepted": "201"}}}}), "INVALID_ARGUMENT", "input.lines[0].accepted")
	decode(t, api.GraphQL(subgraph, receipt, map[string]any{"id": p.order.ID, "in": map[string]any{
		"lines": []any{map[string]any{"line": 1, "accepted": "200"}}}}).Data(t), "recordGoodsReceipt", &rc)

	bill := uuid.New()
	p.event(t, orders.EventBillMatched, map[string]any{"id": bill, "purchaseOrderId": p.order.ID,
		"amount": money.New(287500_00, money.BDT), "lines": []any{map[string]any{"line": 1, "productId": p.cement, "quantity": "500"}}})
	p.wait(t, orders.StatusReceived)
	var got struct {
		Status   string
		Number   *string
		Lines    []struct{ Received, Rejected string }
		Receipts []struct {
			Number string
			Lines  []struct{ Accepted string }
		}
		Bills       []struct{ ID string }
		BillMatches []struct {
			Bill    struct{ ID string }
			Status  string
			Amount  struct{ Amount string }
			Reasons []string
		}
	}
	decode(t, api.GraphQL(subgraph, `query($id: ID!) { purchaseOrder(id: $id) { status number lines { received rejected }
		receipts { number lines { accepted } } bills { id } billMatches { bill { id } status amount { amount } reasons } } }`,
		map[string]any{"id": p.order.ID}).Data(t), "purchaseOrder", &got)
	if got.Status != "RECEIVED" || got.Number == nil || got.Lines[0].Received != "500" || got.Lines[0].Rejected != "10" ||
		len(got.Receipts) != 2 || got.Receipts[0].Lines[0].Accepted != "300" || got.Receipts[1].Lines[0].Accepted != "200" {
		t.Fatalf("received order: %+v", got)
	}
	if len(got.Bills) != 1 || got.Bills[0].ID != bill.String() || len(got.BillMatches) != 1 ||
		got.BillMatches[0].Status != "MATCHED" || got.BillMatches[0].Amount.Amount != "287500.00" || got.BillMatches[0].Reasons == nil {
		t.Fatalf("the order's bills: %+v %+v", got.Bills, got.BillMatches)
	}
	// Closing short waits for the matched bill's payment.
	wantGraphError(t, api.GraphQL(subgraph, `mutation($id: ID!) { closePurchaseOrder(id: $id, reason: "the rest is not coming") { status } }`,
		map[string]any{"id": p.order.ID}), "FAILED_PRECONDITION", "")
}

// TestGraphQLASalesOrderIsQuotedConfirmedAndDelivered: a quotation
// created through the subgraph references its customer and products,
// confirms under the credit limit, delivers with a challan, lists from
// the customer entity, and a second quotation is cancelled with its
// reason.
func TestGraphQLASalesOrderIsQuotedConfirmedAndDelivered(t *testing.T) {
	sf := newSalesFixture(t)
	if err := orders.Move(sf.svc, sf.ctx, orders.Movement{ProductID: sf.cement, LocationID: sf.warehouse.ID, Kind: orders.MoveReceipt,
		Quantity: 100 * qty.Scale, UnitCost: 480_00, SourceType: orders.SourceGoodsReceipt, SourceID: uuid.New(), SourceLine: 1,
		OccurredOn: day("2026-12-01")}); err != nil {
		t.Fatal(err)
	}
	api := sf.graphClient(t, sf.tenant)
	create := `mutation($in: CreateQuotationInput!) { createQuotation(input: $in) { id quoteNumber number status customer { id }
		customerName location { code } deliveryAddress amount { amount } lines { product { id } quantity delivered } version } }`
	in := map[string]any{"customerId": sf.customer, "locationId": sf.warehouse.ID,
		"lines": []any{map[string]any{"productId": sf.cement, "quantity": "40", "unitPrice": map[string]any{"amount": "550", "currency": "BDT"}}}}
	var q struct {
		ID, QuoteNumber, Status, CustomerName, DeliveryAddress string
		Number                                                 *string
		Customer                                               struct{ ID string }
		Location                                               struct{ Code string }
		Amount                                                 struct{ Amount string }
		Version                                                int
	}
	decode(t, api.GraphQL(subgraph, create, map[string]any{"in": in}).Data(t), "createQuotation", &q)
	if q.Status != "QUOTATION" || q.Number != nil || q.Customer.ID != sf.customer.String() || q.CustomerName != "Rahman Builders" ||
		q.Location.Code != "WH-1" || q.DeliveryAddress == "" || q.Amount.Amount != "22000.00" {
		t.Fatalf("quotation: %+v", q)
	}
	var o struct {
		Status string
		Number *string
		Credit *struct {
			Decision    string
			CreditLimit *struct{ Amount string }
		}
	}
	decode(t, api.GraphQL(subgraph, `mutation($id: ID!, $v: Int) { confirmSalesOrder(id: $id, expectedVersion: $v) { status number credit { decision creditLimit { amount } } } }`,
		map[string]any{"id": q.ID, "v": q.Version}).Data(t), "confirmSalesOrder", &o)
	if o.Status != "CONFIRMED" || o.Number == nil || o.Credit == nil || o.Credit.CreditLimit == nil || o.Credit.CreditLimit.Amount != "100000.00" {
		t.Fatalf("confirmed: %+v", o)
	}
	deliver := `mutation($id: ID!, $in: DeliveryInput!) { deliverSalesOrder(id: $id, input: $in) { number salesOrderId customer { id }
		location { code } vehicle lines { line product { id } quantity } invoice { id } } }`
	var d struct {
		Number, SalesOrderID, Vehicle string
		Lines                         []struct{ Quantity string }
		Invoice                       *struct{ ID string }
	}
	decode(t, api.GraphQL(subgraph, deliver, map[string]any{"id": q.ID, "in": map[string]any{"vehicle": "Dhaka Metro Ta 11-2345",
		"lines": []any{map[string]any{"line": 1, "quantity": "15"}}}}).Data(t), "deliverSalesOrder", &d)
	if d.SalesOrderID != q.ID || d.Vehicle != "Dhaka Metro Ta 11-2345" || len(d.Lines) != 1 || d.Lines[0].Quantity != "15" {
		t.Fatalf("delivery: %+v", d)
	}
	wantGraphError(t, api.GraphQL(subgraph, deliver, map[string]any{"id": q.ID, "in": map[string]any{
		"lines": []any{map[string]any{"line": 1, "quantity": "26"}}}}), "INVALID_ARGUMENT", "input.lines[0].quantity")

	var ents []struct {
		SalesOrders struct {
			Edges []struct {
				Node struct {
					Status     string
					Lines      []struct{ Delivered string }
					Deliveries []struct{ Number string }
				}
			}
		}
	}
	decode(t, api.GraphQL(subgraph, `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Customer {
		salesOrders { edges { node { status lines { delivered } deliveries { number } } } } } } }`,
		map[string]any{"reps": []any{map[string]any{"__typename": "Customer", "id": sf.customer}}}).Data(t), "_entities", &ents)
	if len(ents) != 1 || len(ents[0].SalesOrders.Edges) != 1 {
		t.Fatalf("the customer's orders: %+v", ents)
	}
	if n := ents[0].SalesOrders.Edges[0].Node; n.Status != "PARTIALLY_DELIVERED" || n.Lines[0].Delivered != "15" ||
		len(n.Deliveries) != 1 || n.Deliveries[0].Number != d.Number {
		t.Fatalf("the customer's order: %+v", n)
	}

	decode(t, api.GraphQL(subgraph, create, map[string]any{"in": in}).Data(t), "createQuotation", &q)
	var cancelled struct{ Status, Reason string }
	decode(t, api.GraphQL(subgraph, `mutation($id: ID!) { cancelSalesOrder(id: $id, reason: "customer bought elsewhere") { status reason } }`,
		map[string]any{"id": q.ID}).Data(t), "cancelSalesOrder", &cancelled)
	if cancelled.Status != "CANCELLED" || cancelled.Reason != "customer bought elsewhere" {
		t.Fatalf("cancelled: %+v", cancelled)
	}
}
