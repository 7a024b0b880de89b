package orders_test

import (
	"net/http"
	"testing"

	"github.com/vextrus/vextrus/internal/masterdata/mdclient"
	"github.com/vextrus/vextrus/internal/orders"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/money"
)

// A draft's PUT takes If-Match as the other changes do: without it 428,
// naming an old version 412 and nothing changes, "*" or the current
// version replaces it.
func TestAPurchaseOrderIsReplacedFromTheVersionIfMatchNames(t *testing.T) {
	f := newFixture(t)
	tid := newTenant(t)
	ctx := manager(tid)
	cement := f.catalog.product("Cement, 50 kg bag", "bag")
	vendor := f.catalog.vendor(mdclient.Party{Name: "Shah Cement Ltd"})
	site := f.location(t, ctx, "SITE-PADMA", orders.LocationProjectSite)
	o, err := f.svc.CreatePurchaseOrder(ctx, orders.PurchaseInput{VendorID: vendor, LocationID: site.ID,
		DeliveryDate: day("2026-12-20"), Lines: []orders.LineInput{{ProductID: cement, Quantity: "10", UnitPrice: money.New(500_00, money.BDT)}}})
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	path := orders.Base + "/purchase-orders/" + o.ID.String()
	body := func(quantity string) map[string]any {
		return map[string]any{"vendorId": vendor, "locationId": site.ID, "deliveryDate": "2026-12-20",
			"lines": []map[string]any{{"productId": cement, "quantity": quantity, "unitPrice": map[string]string{"amount": "500.00", "currency": "BDT"}}}}
	}
	api := f.rest(t, tid)
	api.Do(http.MethodPut, path, body("20")).WantProblem(t, http.StatusPreconditionRequired, errs.FailedPrecondition)
	var got orders.PurchaseOrderJSON
	api.Do(http.MethodPut, path, body("20"), "If-Match", `"1"`).Want(t, http.StatusOK).Decode(t, &got)
	if got.Version != 2 || got.Amount.Decimal() != "10000.00" {
		t.Fatalf("replaced from version 1: version %d amount %s, want 2 and 10000.00", got.Version, got.Amount.Decimal())
	}
	api.Do(http.MethodPut, path, body("30"), "If-Match", `"1"`).WantProblem(t, http.StatusPreconditionFailed, errs.FailedPrecondition)
	api.Do(http.MethodPut, path, body("30"), "If-Match", "*").Want(t, http.StatusOK).Decode(t, &got)
	if got.Version != 3 || got.Amount.Decimal() != "15000.00" {
		t.Fatalf("replaced with If-Match *: version %d amount %s, want 3 and 15000.00", got.Version, got.Amount.Decimal())
	}
}
