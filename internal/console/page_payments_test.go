package console_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/vextrus/vextrus/internal/app"
	"github.com/vextrus/vextrus/internal/platform/apitest"
)

// approvedInvoice makes and submits a sales invoice of one line through
// the API (approved at once: see smallInvoicesNeedNoApproval).
func approvedInvoice(t *testing.T, owner *apitest.Client, customerID, price string) string {
	t.Helper()
	smallInvoicesNeedNoApproval(t, owner)
	var inv struct{ ID, Status string }
	owner.Do(http.MethodPost, "/api/v1/finance/invoices", map[string]any{"kind": "sales", "party": map[string]any{"id": customerID},
		"lines": []any{map[string]any{"description": "Brick, first class", "vatCategory": "standard", "quantity": "1", "unit": "lot",
			"unitPrice": map[string]string{"amount": price, "currency": "BDT"}}}}).Want(t, http.StatusCreated).Decode(t, &inv)
	owner.Do(http.MethodPost, "/api/v1/finance/invoices/"+inv.ID+"/submit", nil).Want(t, http.StatusOK).Decode(t, &inv)
	if inv.Status != "approved" {
		t.Fatalf("invoice %s: %s, want approved", inv.ID, inv.Status)
	}
	return inv.ID
}

var paymentLocation = regexp.MustCompile(`^/console/payments/([0-9a-f-]{36})$`)

func TestAReceiptRecordedFromAnInvoiceIsAllocatedToIt(t *testing.T) {
	base, owner := platform(t)
	_, customerID := customer(t, owner, "Surma Tiles")
	id := approvedInvoice(t, owner, customerID, "100000.00") // 1,15,000.00 with VAT
	b := newBrowserless(t, base)
	b.signIn(app.DevTenant, app.DevAdmin, devPassword)

	status, form := b.get("/console/payments/new?invoice=" + id)
	if status != http.StatusOK || !strings.Contains(form, `value="115000.00"`) || !strings.Contains(form, `value="`+id+`"`) {
		t.Fatalf("the payment form is not filled in for the invoice: %d\n%s", status, form)
	}
	status, loc, body := b.post("/console/payments", url.Values{"csrf": {b.csrf}, "kind": {"receipt"}, "partyId": {customerID},
		"method": {"bank"}, "amount": {"1,15,000.00"}, "reference": {"BEFTN 7781"},
		"allocations[0].invoiceId": {id}, "allocations[0].amount": {"1,15,000.00"}})
	m := paymentLocation.FindStringSubmatch(loc)
	if status != http.StatusSeeOther || m == nil {
		t.Fatalf("record the receipt: %d %q\n%s", status, loc, body)
	}
	_, page := b.get("/console/payments/" + m[1])
	for _, want := range []string{"Surma Tiles", "1,15,000.00", "BEFTN 7781", "/console/invoices/" + id} {
		if !strings.Contains(page, want) {
			t.Errorf("the payment page lacks %q", want)
		}
	}
	if _, inv := b.get("/console/invoices/" + id); !strings.Contains(inv, "badge-paid") {
		t.Errorf("the invoice is not paid after the receipt:\n%s", inv)
	}
	if _, list := b.get("/console/payments?kind=receipt"); !strings.Contains(list, "/console/payments/"+m[1]) {
		t.Errorf("the receipts list lacks the payment")
	}
}

func TestAPaymentWithoutAnAmountShowsTheErrorByTheField(t *testing.T) {
	base, owner := platform(t)
	_, customerID := customer(t, owner, "Titas Traders")
	b := newBrowserless(t, base)
	b.signIn(app.DevTenant, app.DevAdmin, devPassword)
	b.get("/console/payments/new")
	status, _, body := b.post("/console/payments", url.Values{"csrf": {b.csrf}, "kind": {"receipt"}, "partyId": {customerID},
		"method": {"cash"}, "amount": {"twelve"}})
	if status != http.StatusBadRequest || !strings.Contains(body, `id="f-amount-error"`) {
		t.Fatalf("a payment of 'twelve': %d, want 400 with the error by the amount\n%s", status, body)
	}
}
