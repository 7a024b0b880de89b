package app_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/vextrus/vextrus/internal/app"
	"github.com/vextrus/vextrus/internal/platform/apitest"
	"github.com/vextrus/vextrus/internal/platform/bd"
	"github.com/vextrus/vextrus/internal/platform/testwait"
)

// purchaseOrderAnswer is what the test reads of a purchase order.
type purchaseOrderAnswer struct {
	ID         string  `json:"id"`
	Number     *string `json:"number"`
	Status     string  `json:"status"`
	ApprovalID *string `json:"approvalId"`
	Amount     money   `json:"amount"`
	Lines      []struct {
		Received string `json:"received"`
		Rejected string `json:"rejected"`
	} `json:"lines"`
	Bills []struct {
		BillID  string   `json:"billId"`
		Status  string   `json:"status"`
		Reasons []string `json:"reasons"`
	} `json:"bills"`
}

// person invites a user with roles and returns a client logged in as them.
func person(t *testing.T, base string, owner *apitest.Client, email string, roles ...string) (*apitest.Client, string) {
	t.Helper()
	var invite struct {
		User        struct{ ID string } `json:"user"`
		InviteToken string              `json:"inviteToken"`
	}
	owner.Do(http.MethodPost, "/api/v1/auth/invites", map[string]any{"email": email, "name": email, "roles": roles}).
		Want(t, http.StatusCreated).Decode(t, &invite)
	apitest.New(t, base, nil).Do(http.MethodPost, "/api/v1/auth/invites/accept",
		map[string]any{"token": invite.InviteToken, "password": "Meghna-river-1971"}).Want(t, http.StatusNoContent)
	return apitest.New(t, base, nil).Login(app.DevTenant, email, "Meghna-river-1971"), invite.User.ID
}

// publish puts a new version of rule set key in force from 2026-01-01.
func publish(t *testing.T, owner *apitest.Client, key string, rows ...map[string]any) {
	t.Helper()
	// A new tenant's rule sets are seeded when auth announces it.
	testwait.For(t, 30*time.Second, "the tenant's "+key, func() bool {
		return owner.Do(http.MethodGet, "/api/v1/rules/rulesets/"+key, nil).Status == http.StatusOK
	})
	var draft struct {
		Number int `json:"number"`
	}
	owner.Do(http.MethodPost, "/api/v1/rules/rulesets/"+key+"/versions", map[string]any{
		"hitPolicy": "COLLECT", "collectAs": "levels", "effectiveFrom": "2026-01-01", "reference": "test chain",
		"tests": []any{}, "rows": rows}).Want(t, http.StatusCreated).Decode(t, &draft)
	owner.Do(http.MethodPost, fmt.Sprintf("/api/v1/rules/rulesets/%s/versions/%d/publish", key, draft.Number), nil).
		Want(t, http.StatusOK)
}

// TestAPurchaseOrderRunsFromApprovalToPayment runs a purchase order of
// 2,50,000 taka through the whole platform on embedded engines: the
// seeded chain asks the department head and finance, two partial
// receipts put the accepted cement into the site's stock, the vendor's
// bill matches three ways in finance and posts, a payment settles it,
// and the order's workflow closes it. The audit log has every step in
// order. A second order's bill priced above the tolerance is held, and
// that order stays open.
func TestAPurchaseOrderRunsFromApprovalToPayment(t *testing.T) {
	m, err := app.NewMain(context.Background(), app.Options{Dir: dataDir(t)})
	if err != nil {
		t.Fatalf("start: %v", err)
	}
	t.Cleanup(func() { m.Close() })
	base := m.URL()
	owner := newClient(t, base, devLogin(t, base))

	owner.Do(http.MethodPost, "/api/v1/auth/roles", map[string]any{"name": "finance", "description": "Finance approvals",
		"permissions": []string{"workflow.approval.read", "workflow.approval.approve", "workflow.approval.reject"}}).
		Want(t, http.StatusCreated)
	head, headID := person(t, base, owner, "head@demo.local", "approver")
	fin, _ := person(t, base, owner, "finance@demo.local", "finance")
	var dept struct{ ID string }
	owner.Do(http.MethodPost, "/api/v1/auth/departments", map[string]any{"name": "Civil Works"}).Want(t, http.StatusCreated).Decode(t, &dept)
	owner.Do(http.MethodPut, "/api/v1/auth/departments/"+dept.ID+"/members/"+headID, map[string]any{"head": true}).
		Want(t, http.StatusNoContent)
	// Bills go to the department head's role above 1 lakh.
	publish(t, owner, "approval.chain.invoice", map[string]any{"description": "approver above 1 lakh", "condition": "amount > 100000",
		"outputs": map[string]string{"role": `"approver"`, "mode": `"any"`, "slaHours": "24"}})

	var vendor, cement, site struct{ ID string }
	owner.Do(http.MethodPost, "/api/v1/masterdata/vendors", map[string]any{"code": "VEND-SHAH", "name": "Shah Cement Ltd",
		"type": "company", "bin": "003456789-0101"}).Want(t, http.StatusCreated).Decode(t, &vendor)
	owner.Do(http.MethodPost, "/api/v1/masterdata/products", map[string]any{"sku": "CEM-50KG", "name": "Cement, 50 kg bag",
		"unit": "bag", "vatCategory": "standard"}).Want(t, http.StatusCreated).Decode(t, &cement)
	owner.Do(http.MethodPost, "/api/v1/orders/locations", map[string]any{"code": "SITE-PADMA", "name": "Padma bridge site",
		"kind": "project_site"}).Want(t, http.StatusCreated).Decode(t, &site)

	today := time.Now().In(bd.Dhaka()).Format(time.DateOnly) // the tenant's day
	order := func(qty, price string) purchaseOrderAnswer {
		var po purchaseOrderAnswer
		owner.Do(http.MethodPost, "/api/v1/orders/purchase-orders", map[string]any{"vendorId": vendor.ID, "locationId": site.ID,
			"deliveryDate": today, "department": "Civil Works", "lines": []any{map[string]any{"productId": cement.ID,
				"quantity": qty, "unitPrice": money{price, "BDT"}}}}).Want(t, http.StatusCreated).Decode(t, &po)
		return po
	}
	get := func(id string) purchaseOrderAnswer {
		var po purchaseOrderAnswer
		owner.Do(http.MethodGet, "/api/v1/orders/purchase-orders/"+id, nil).Want(t, http.StatusOK).Decode(t, &po)
		return po
	}
	approve := func(who *apitest.Client, approval, what string) {
		testwait.For(t, 30*time.Second, what, func() bool {
			return who.Do(http.MethodPost, "/api/v1/workflow/approvals/"+approval+"/approve",
				map[string]any{"comment": "ok"}).Status == http.StatusOK
		})
	}

	po := order("500", "500.00")
	if po.Status != "draft" || po.Amount != (money{"250000.00", "BDT"}) {
		t.Fatalf("new order: %+v, want a draft of 2,50,000.00", po)
	}
	owner.Do(http.MethodPost, "/api/v1/orders/purchase-orders/"+po.ID+"/submit", nil).Want(t, http.StatusOK).Decode(t, &po)
	if po.Status != "submitted" || po.ApprovalID == nil || po.Number != nil {
		t.Fatalf("submitted order: %+v, want submitted with an approval and no number", po)
	}
	approve(head, *po.ApprovalID, "the department head's approval")
	approve(fin, *po.ApprovalID, "finance's approval")
	testwait.For(t, 30*time.Second, "the order approved", func() bool { po = get(po.ID); return po.Status == "approved" })
	if po.Number == nil {
		t.Fatalf("approved order has no number: %+v", po)
	}

	receive := func(accepted, rejected string) {
		owner.Do(http.MethodPost, "/api/v1/orders/purchase-orders/"+po.ID+"/receipts", map[string]any{"challanRef": "SC-" + accepted,
			"lines": []any{map[string]any{"line": 1, "accepted": accepted, "rejected": rejected, "reason": "torn bags"}}}).
			Want(t, http.StatusCreated)
	}
	receive("300", "10")
	if po = get(po.ID); po.Status != "partially_received" {
		t.Fatalf("after the first receipt: %s, want partially_received", po.Status)
	}
	receive("200", "0")
	if po = get(po.ID); po.Status != "received" || po.Lines[0].Received != "500" || po.Lines[0].Rejected != "10" {
		t.Fatalf("after the second receipt: %+v, want received 500, rejected 10", po)
	}
	var stock struct {
		Items []struct {
			OnHand string `json:"onHand"`
		} `json:"items"`
	}
	owner.Do(http.MethodGet, "/api/v1/orders/stock?product="+cement.ID+"&location="+site.ID, nil).Want(t, http.StatusOK).Decode(t, &stock)
	if len(stock.Items) != 1 || stock.Items[0].OnHand != "500" {
		t.Fatalf("stock at the site: %+v, want exactly the 500 accepted bags", stock.Items)
	}

	// Finance learns orders and receipts from orders' events: a bill is
	// entered once finance shows the goods as billable.
	billable := func(orderID, want string) {
		testwait.For(t, 30*time.Second, "finance to know "+want+" billable", func() bool {
			var m struct {
				Lines []struct{ Billable string } `json:"lines"`
			}
			res := owner.Do(http.MethodGet, "/api/v1/finance/purchase-orders/"+orderID, nil)
			if res.Status != http.StatusOK {
				return false
			}
			res.Decode(t, &m)
			return len(m.Lines) == 1 && m.Lines[0].Billable == want
		})
	}
	bill := func(orderID, qty, price string) invoiceAnswer {
		billable(orderID, qty)
		var b invoiceAnswer
		owner.Do(http.MethodPost, "/api/v1/finance/invoices", map[string]any{"kind": "purchase", "date": today,
			"party": map[string]any{"id": vendor.ID}, "purchaseOrderId": orderID, "supplierRef": "SC/6.3/" + qty,
			"lines": []any{map[string]any{"productId": cement.ID, "quantity": qty, "unitPrice": money{price, "BDT"}}}}).
			Want(t, http.StatusCreated).Decode(t, &b)
		owner.Do(http.MethodPost, "/api/v1/finance/invoices/"+b.ID+"/submit", nil).Want(t, http.StatusOK).Decode(t, &b)
		return b
	}
	matched := bill(po.ID, "500", "500.00")
	if matched.Status != "submitted" || matched.ApprovalID == nil {
		t.Fatalf("the matching bill: %+v, want submitted for approval", matched)
	}
	approve(head, *matched.ApprovalID, "the bill's approval")
	testwait.For(t, 30*time.Second, "the bill posted", func() bool {
		owner.Do(http.MethodGet, "/api/v1/finance/invoices/"+matched.ID, nil).Want(t, http.StatusOK).Decode(t, &matched)
		return matched.Status == "approved" && matched.JournalID != nil
	})
	testwait.For(t, 30*time.Second, "the order knows its matched bill", func() bool {
		po = get(po.ID)
		return len(po.Bills) == 1 && po.Bills[0].Status == "matched"
	})
	if po.Status != "received" {
		t.Fatalf("order with an unpaid bill: %s, want still received", po.Status)
	}
	owner.Do(http.MethodPost, "/api/v1/finance/payments", map[string]any{"kind": "disbursement", "partyId": vendor.ID,
		"date": today, "method": "bank", "reference": "BEFTN-1", "amount": money{"287500.00", "BDT"},
		"allocations": []any{map[string]any{"invoiceId": matched.ID, "amount": money{"287500.00", "BDT"}}}}).
		Want(t, http.StatusCreated)
	testwait.For(t, 30*time.Second, "the paid order closed", func() bool { po = get(po.ID); return po.Status == "closed" })

	want := []string{"vextrus.orders.purchase_order.created.v1", "vextrus.orders.purchase_order.submitted.v1",
		"vextrus.orders.purchase_order.approved.v1", "vextrus.orders.goods.received.v1", "vextrus.orders.goods.received.v1",
		"vextrus.orders.purchase_order.closed.v1"}
	var got []string
	for _, e := range waitAudit(t, owner, "subject="+po.ID, len(want)) {
		got = append(got, fmt.Sprint(e["type"]))
	}
	slices.Reverse(got) // the audit log lists newest first
	if !slices.Equal(got, want) {
		t.Fatalf("the order's audit trail:\n got %v\nwant %v", got, want)
	}

	// Below 50,000 the chain has no level: the order is issued at once.
	small := order("40", "500.00")
	owner.Do(http.MethodPost, "/api/v1/orders/purchase-orders/"+small.ID+"/submit", nil).Want(t, http.StatusOK).Decode(t, &small)
	if small.Status != "approved" {
		t.Fatalf("a 20,000 taka order after submit: %s, want approved at once", small.Status)
	}
	owner.Do(http.MethodPost, "/api/v1/orders/purchase-orders/"+small.ID+"/receipts", map[string]any{
		"lines": []any{map[string]any{"line": 1, "accepted": "40"}}}).Want(t, http.StatusCreated)
	if held := bill(small.ID, "40", "600.00"); held.Status != "held" {
		t.Fatalf("a bill 20%% above the order's price: %s, want held", held.Status)
	}
	testwait.For(t, 30*time.Second, "the order knows its held bill", func() bool {
		small = get(small.ID)
		return len(small.Bills) == 1 && small.Bills[0].Status == "held" && len(small.Bills[0].Reasons) > 0
	})
	if small.Status != "received" {
		t.Fatalf("the order of the held bill: %s, want still open (received)", small.Status)
	}
}

// salesOrderAnswer is what the test reads of a sales order.
type salesOrderAnswer struct {
	ID         string  `json:"id"`
	Number     *string `json:"number"`
	Status     string  `json:"status"`
	ApprovalID *string `json:"approvalId"`
	Credit     *struct {
		Decision string `json:"decision"`
	} `json:"credit"`
}

// TestASalesOrderChecksCreditDeliversAndInvoices: under the customer's
// credit limit an order is confirmed at once, delivered in two challans,
// each invoiced in finance by the orders service on its own credential,
// and closes; over the limit it waits for the finance manager's
// approval, which confirms it through its workflow.
func TestASalesOrderChecksCreditDeliversAndInvoices(t *testing.T) {
	m, err := app.NewMain(context.Background(), app.Options{Dir: dataDir(t)})
	if err != nil {
		t.Fatalf("start: %v", err)
	}
	t.Cleanup(func() { m.Close() })
	base := m.URL()
	owner := newClient(t, base, devLogin(t, base))
	owner.Do(http.MethodPost, "/api/v1/auth/roles", map[string]any{"name": "finance_manager", "description": "Credit approvals",
		"permissions": []string{"workflow.approval.read", "workflow.approval.approve", "workflow.approval.reject"}}).
		Want(t, http.StatusCreated)
	manager, _ := person(t, base, owner, "fm@demo.local", "finance_manager")

	var customer, vendor, cement, store struct{ ID string }
	owner.Do(http.MethodPost, "/api/v1/masterdata/customers", map[string]any{"code": "CUST-RUPSHA", "name": "Rupsha Builders",
		"type": "company", "creditLimit": money{"100000.00", "BDT"}}).Want(t, http.StatusCreated).Decode(t, &customer)
	owner.Do(http.MethodPost, "/api/v1/masterdata/vendors", map[string]any{"code": "VEND-SHAH", "name": "Shah Cement Ltd",
		"type": "company"}).Want(t, http.StatusCreated).Decode(t, &vendor)
	owner.Do(http.MethodPost, "/api/v1/masterdata/products", map[string]any{"sku": "CEM-50KG", "name": "Cement, 50 kg bag",
		"unit": "bag", "vatCategory": "standard"}).Want(t, http.StatusCreated).Decode(t, &cement)
	owner.Do(http.MethodPost, "/api/v1/orders/locations", map[string]any{"code": "WH-TEJGAON", "name": "Tejgaon warehouse",
		"kind": "warehouse"}).Want(t, http.StatusCreated).Decode(t, &store)

	// 100 bags into the warehouse through a purchase order issued at once.
	today := time.Now().In(bd.Dhaka()).Format(time.DateOnly) // the tenant's day
	var po purchaseOrderAnswer
	owner.Do(http.MethodPost, "/api/v1/orders/purchase-orders", map[string]any{"vendorId": vendor.ID, "locationId": store.ID,
		"deliveryDate": today, "lines": []any{map[string]any{"productId": cement.ID, "quantity": "100",
			"unitPrice": money{"400.00", "BDT"}}}}).Want(t, http.StatusCreated).Decode(t, &po)
	owner.Do(http.MethodPost, "/api/v1/orders/purchase-orders/"+po.ID+"/submit", nil).Want(t, http.StatusOK)
	owner.Do(http.MethodPost, "/api/v1/orders/purchase-orders/"+po.ID+"/receipts", map[string]any{
		"lines": []any{map[string]any{"line": 1, "accepted": "100"}}}).Want(t, http.StatusCreated)

	quote := func(bags string) salesOrderAnswer {
		var so salesOrderAnswer
		owner.Do(http.MethodPost, "/api/v1/orders/sales-orders", map[string]any{"customerId": customer.ID, "locationId": store.ID,
			"validUntil": today, "lines": []any{map[string]any{"productId": cement.ID, "quantity": bags,
				"unitPrice": money{"500.00", "BDT"}}}}).Want(t, http.StatusCreated).Decode(t, &so)
		owner.Do(http.MethodPost, "/api/v1/orders/sales-orders/"+so.ID+"/confirm", nil).Want(t, http.StatusOK).Decode(t, &so)
		return so
	}
	get := func(id string) salesOrderAnswer {
		var so salesOrderAnswer
		owner.Do(http.MethodGet, "/api/v1/orders/sales-orders/"+id, nil).Want(t, http.StatusOK).Decode(t, &so)
		return so
	}

	small := quote("10")
	if small.Status != "confirmed" || small.Number == nil || small.Credit == nil || small.Credit.Decision != "approve" {
		t.Fatalf("a 5,000 taka order under a 1 lakh limit: %+v, want confirmed at once", small)
	}
	var deliveries []string
	for _, bags := range []string{"4", "6"} {
		var d struct{ ID string }
		owner.Do(http.MethodPost, "/api/v1/orders/sales-orders/"+small.ID+"/deliveries", map[string]any{"vehicle": "Dhaka Metro-Ta 11-2233",
			"lines": []any{map[string]any{"line": 1, "quantity": bags}}}).Want(t, http.StatusCreated).Decode(t, &d)
		deliveries = append(deliveries, d.ID)
	}
	testwait.For(t, 30*time.Second, "the delivered order closed", func() bool { return get(small.ID).Status == "closed" })
	for _, id := range deliveries {
		var d struct {
			InvoiceID *string `json:"invoiceId"`
		}
		owner.Do(http.MethodGet, "/api/v1/orders/deliveries/"+id, nil).Want(t, http.StatusOK).Decode(t, &d)
		if d.InvoiceID == nil {
			t.Fatalf("delivery %s has no invoice", id)
		}
		var inv struct {
			Kind      string `json:"kind"`
			CreatedBy string `json:"createdBy"`
			Party     struct{ ID string }
		}
		owner.Do(http.MethodGet, "/api/v1/finance/invoices/"+*d.InvoiceID, nil).Want(t, http.StatusOK).Decode(t, &inv)
		if inv.Kind != "sales" || inv.Party.ID != customer.ID || inv.CreatedBy != "service:orders" {
			t.Fatalf("the delivery's invoice: %+v, want a sales invoice to the customer made by service:orders", inv)
		}
	}

	// 1,05,000 taka is 5% over the limit: the credit check asks for review.
	large := quote("210")
	if large.Status != "credit_review" || large.ApprovalID == nil {
		t.Fatalf("an order over the limit: %+v, want credit_review with an approval", large)
	}
	testwait.For(t, 30*time.Second, "the finance manager's approval", func() bool {
		return manager.Do(http.MethodPost, "/api/v1/workflow/approvals/"+*large.ApprovalID+"/approve",
			map[string]any{"comment": "good customer"}).Status == http.StatusOK
	})
	testwait.For(t, 30*time.Second, "the reviewed order confirmed", func() bool { return get(large.ID).Status == "confirmed" })
}

// TestAnOrderSurvivesARestartMidway stops the whole process between an
// order's two receipts, before its events have all travelled, and
// finishes the order in a new process on the same data: the stock, the
// ledger and the order's events are each there exactly once.
func TestAnOrderSurvivesARestartMidway(t *testing.T) {
	dir := dataDir(t)
	m, err := app.NewMain(context.Background(), app.Options{Dir: dir})
	if err != nil {
		t.Fatalf("start: %v", err)
	}
	owner := newClient(t, m.URL(), devLogin(t, m.URL()))
	publish(t, owner, "approval.chain.invoice", map[string]any{"description": "the board above 10 crore",
		"condition": "amount > 100000000", "outputs": map[string]string{"role": `"owner"`, "mode": `"any"`, "slaHours": "72"}})
	var vendor, cement, site struct{ ID string }
	owner.Do(http.MethodPost, "/api/v1/masterdata/vendors", map[string]any{"code": "VEND-SHAH", "name": "Shah Cement Ltd",
		"type": "company"}).Want(t, http.StatusCreated).Decode(t, &vendor)
	owner.Do(http.MethodPost, "/api/v1/masterdata/products", map[string]any{"sku": "CEM-50KG", "name": "Cement, 50 kg bag",
		"unit": "bag", "vatCategory": "standard"}).Want(t, http.StatusCreated).Decode(t, &cement)
	owner.Do(http.MethodPost, "/api/v1/orders/locations", map[string]any{"code": "SITE-JAMUNA", "name": "Jamuna site",
		"kind": "project_site"}).Want(t, http.StatusCreated).Decode(t, &site)
	today := time.Now().In(bd.Dhaka()).Format(time.DateOnly)
	var po purchaseOrderAnswer
	owner.Do(http.MethodPost, "/api/v1/orders/purchase-orders", map[string]any{"vendorId": vendor.ID, "locationId": site.ID,
		"deliveryDate": today, "lines": []any{map[string]any{"productId": cement.ID, "quantity": "40",
			"unitPrice": money{"500.00", "BDT"}}}}).Want(t, http.StatusCreated).Decode(t, &po)
	owner.Do(http.MethodPost, "/api/v1/orders/purchase-orders/"+po.ID+"/submit", nil).Want(t, http.StatusOK)
	receive := func(c *apitest.Client) {
		c.Do(http.MethodPost, "/api/v1/orders/purchase-orders/"+po.ID+"/receipts", map[string]any{
			"lines": []any{map[string]any{"line": 1, "accepted": "20"}}}).Want(t, http.StatusCreated)
	}
	receive(owner)
	if err := m.Close(); err != nil {
		t.Fatalf("stop: %v", err)
	}

	m, err = app.NewMain(context.Background(), app.Options{Dir: dir})
	if err != nil {
		t.Fatalf("restart: %v", err)
	}
	t.Cleanup(func() { m.Close() })
	owner = newClient(t, m.URL(), devLogin(t, m.URL()))
	receive(owner)
	testwait.For(t, 30*time.Second, "finance to know all 40 bags billable", func() bool {
		var fm struct {
			Lines []struct{ Billable string } `json:"lines"`
		}
		r := owner.Do(http.MethodGet, "/api/v1/finance/purchase-orders/"+po.ID, nil)
		if r.Status != http.StatusOK {
			return false
		}
		r.Decode(t, &fm)
		return len(fm.Lines) == 1 && fm.Lines[0].Billable == "40"
	})
	var bill invoiceAnswer
	owner.Do(http.MethodPost, "/api/v1/finance/invoices", map[string]any{"kind": "purchase", "date": today,
		"party": map[string]any{"id": vendor.ID}, "purchaseOrderId": po.ID,
		"lines": []any{map[string]any{"productId": cement.ID, "quantity": "40", "unitPrice": money{"500.00", "BDT"}}}}).
		Want(t, http.StatusCreated).Decode(t, &bill)
	owner.Do(http.MethodPost, "/api/v1/finance/invoices/"+bill.ID+"/submit", nil).Want(t, http.StatusOK).Decode(t, &bill)
	if bill.Status != "approved" || bill.Total != (money{"23000.00", "BDT"}) {
		t.Fatalf("the bill: %+v, want matched and posted for 23,000.00", bill)
	}
	owner.Do(http.MethodPost, "/api/v1/finance/payments", map[string]any{"kind": "disbursement", "partyId": vendor.ID,
		"date": today, "method": "bank", "amount": money{"23000.00", "BDT"},
		"allocations": []any{map[string]any{"invoiceId": bill.ID, "amount": money{"23000.00", "BDT"}}}}).Want(t, http.StatusCreated)
	testwait.For(t, 30*time.Second, "the order closed", func() bool {
		owner.Do(http.MethodGet, "/api/v1/orders/purchase-orders/"+po.ID, nil).Want(t, http.StatusOK).Decode(t, &po)
		return po.Status == "closed"
	})

	var moves struct {
		Items []struct{ Quantity string } `json:"items"`
	}
	owner.Do(http.MethodGet, "/api/v1/orders/stock/movements?product="+cement.ID+"&location="+site.ID, nil).
		Want(t, http.StatusOK).Decode(t, &moves)
	if len(moves.Items) != 2 {
		t.Fatalf("%d stock movements, want the two receipts'", len(moves.Items))
	}
	var tb struct {
		TotalDebit money `json:"totalDebit"`
	}
	owner.Do(http.MethodGet, "/api/v1/finance/trial-balance?asOf="+today, nil).Want(t, http.StatusOK).Decode(t, &tb)
	// The bill debits stock 20,000 and input VAT 3,000 against the
	// vendor, the payment clears the vendor against the bank: 23,000 on
	// each side. A journal posted twice would double a side.
	if tb.TotalDebit.Amount != "23000.00" {
		t.Fatalf("trial balance debits %s, want 23000.00: the bill's journal and the payment's, once each", tb.TotalDebit.Amount)
	}
	entries := waitAudit(t, owner, "subject="+po.ID, 6)
	if len(entries) != 6 {
		t.Fatalf("%d audit entries of the order, want 6 (created, submitted, approved, two receipts, closed)", len(entries))
	}
}
