package finance_test

import (
	"testing"
)

// TestGraphQLHeldBillIsReleased: a bill naming purchaseOrderId is HELD
// on submission with its match's reasons, and releaseBill sends it on.
func TestGraphQLHeldBillIsReleased(t *testing.T) {
	f := newInvoiceFixture(t)
	a, _ := newTenantCtx(t)
	api := serveGraph(t, f.fixture).accountant(t, a)
	order := f.receivedOrder(t, a, "4")
	const fields = `id status purchaseOrderId invoiceNumber match { status lines { line productId quantity }
		reasons { line orderLine field message } releasedBy releaseReason }`
	type bill struct {
		ID, Status      string
		PurchaseOrderID *string
		InvoiceNumber   *string
		Match           *struct {
			Status  string
			Lines   []struct{ Line int }
			Reasons []struct {
				Line      int
				OrderLine *int
				Field     string
			}
			ReleaseReason *string
		}
	}
	in := map[string]any{"kind": "PURCHASE", "invoiceDate": "2026-12-04", "purchaseOrderId": order.String(),
		"party":     map[string]any{"id": contractor.ID.String(), "name": contractor.Name},
		"lineItems": []map[string]any{{"productId": cement.String(), "description": "Cement", "quantity": "4", "unitPrice": "1300"}}}
	var draft bill
	decode(t, api.GraphQL(subgraph, `mutation($in: CreateInvoiceInput!) { createInvoice(input: $in) { `+fields+` } }`,
		map[string]any{"in": in}).Data(t), "createInvoice", &draft)
	if draft.PurchaseOrderID == nil || *draft.PurchaseOrderID != order.String() || draft.Match == nil || draft.Match.Status != "" {
		t.Fatalf("draft %+v", draft)
	}
	var held bill
	decode(t, api.GraphQL(subgraph, `mutation($id: ID!) { submitInvoice(id: $id) { `+fields+` } }`,
		map[string]any{"id": draft.ID}).Data(t), "submitInvoice", &held)
	if held.Status != "HELD" || held.InvoiceNumber != nil || held.Match.Status != "held" || len(held.Match.Reasons) != 1 ||
		held.Match.Reasons[0].Field != "lines[0].unitPrice" || held.Match.Reasons[0].OrderLine == nil {
		t.Fatalf("held %+v", held)
	}
	var released bill
	decode(t, api.GraphQL(subgraph, `mutation($id: ID!) { releaseBill(id: $id, reason: "agreed") { `+fields+` } }`,
		map[string]any{"id": draft.ID}).Data(t), "releaseBill", &released)
	if released.Status != "APPROVED" || released.Match.Status != "overridden" || len(released.Match.Lines) != 1 ||
		released.Match.ReleaseReason == nil || *released.Match.ReleaseReason != "agreed" {
		t.Fatalf("released %+v", released)
	}
}
