package finance_test

import (
	"net/http"
	"testing"

	"github.com/vextrus/vextrus/internal/finance"
)

// TestRESTHeldBillIsReleasedAndOutstandingIsRead walks the REST side: a
// bill naming purchaseOrderId is answered held with its match, released
// with a reason, and the customer's outstanding is read.
func TestRESTHeldBillIsReleasedAndOutstandingIsRead(t *testing.T) {
	f := newInvoiceFixture(t)
	srv := serveREST(t, f)
	tid, ctx := newTenantCtx(t)
	api := restClient(t, srv, tid)
	order := f.receivedOrder(t, tid, "4")

	body := map[string]any{"kind": "purchase", "date": "2026-12-04", "purchaseOrderId": order,
		"party": map[string]any{"id": contractor.ID, "name": contractor.Name},
		"lines": []map[string]any{{"productId": cement, "description": "Cement", "quantity": "4", "unit": "bag",
			"unitPrice": map[string]string{"amount": "1300.00", "currency": "BDT"}}}}
	var bill struct {
		ID              string `json:"id"`
		Status          string `json:"status"`
		PurchaseOrderID string `json:"purchaseOrderId"`
		Match           *finance.BillMatchJSON
	}
	api.Do(http.MethodPost, invoicesPath, body).Want(t, http.StatusCreated).Decode(t, &bill)
	if bill.PurchaseOrderID != order.String() || bill.Match == nil || bill.Match.Status != "" {
		t.Fatalf("draft bill %+v", bill)
	}
	one := invoicesPath + "/" + bill.ID
	api.Do(http.MethodPost, one+"/submit", nil).Want(t, http.StatusOK).Decode(t, &bill)
	if bill.Status != "held" || bill.Match.Status != "held" || len(bill.Match.Reasons) != 1 ||
		bill.Match.Reasons[0].Field != "lines[0].unitPrice" {
		t.Fatalf("submitted bill %+v", bill)
	}
	var page struct {
		Items []struct{ ID string } `json:"items"`
	}
	api.Do(http.MethodGet, invoicesPath+"?status=held", nil).Want(t, http.StatusOK).Decode(t, &page)
	if len(page.Items) != 1 || page.Items[0].ID != bill.ID {
		t.Fatalf("held bills %+v", page)
	}
	api.Do(http.MethodPost, one+"/release", map[string]any{}).Want(t, http.StatusBadRequest)
	api.Do(http.MethodPost, one+"/release", map[string]any{"reason": "price agreed by phone"}).Want(t, http.StatusOK).Decode(t, &bill)
	if bill.Status != "approved" || bill.Match.Status != "overridden" || bill.Match.ReleaseReason != "price agreed by phone" {
		t.Fatalf("released bill %+v", bill)
	}

	f.approvedSale(t, ctx, "2026-12-01", "", 100000)
	var out struct {
		CustomerID  string `json:"customerId"`
		Outstanding struct{ Amount, Currency string }
		OverdueDays int `json:"overdueDays"`
	}
	api.Do(http.MethodGet, finance.Base+"/customers/"+customer.ID.String()+"/outstanding", nil).Want(t, http.StatusOK).Decode(t, &out)
	if out.CustomerID != customer.ID.String() || out.Outstanding.Amount != "1150.00" || out.Outstanding.Currency != "BDT" ||
		out.OverdueDays != 0 {
		t.Fatalf("outstanding %+v", out)
	}
}
