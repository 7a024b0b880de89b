package mixed

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/vextrus/vextrus/internal/platform/bd"
)

// Operations that stand in when the drawn one has nothing to work on.
const (
	OpInvoiceStatus = "invoice-status" // REST GET: the invoice to pay still waits for approval
	OpPOStatus      = "po-status"      // REST GET: the order to receive still waits for approval
	OpBillWait      = "bill-wait"      // REST GET: finance does not show the received goods billable yet
	OpInboxEmpty    = "approve-none"   // REST inbox read with nothing of this approver's to decide
	OpApproveTaken  = "approve-taken"  // another approver decided first (a correct refusal, not an error)
)

// GraphQL pages of the list screens; each joins two services.
const (
	qCustomers = `{ customers(first: 20) { edges { node { id code name createdBy { name } } } } }`
	qInvoices  = `{ invoices(first: 20) { edges { node { id invoiceNumber status customer { name } } } } }`
	qOrders    = `{ purchaseOrders(first: 20) { edges { node { id number status vendor { name } } } } }`
	qInbox     = `{ myApprovals(first: 20) { edges { node { approvalId levelName document { type id } } } } }`
)

// perform runs op as u and answers the name of what it did (an
// operation with nothing to work on does what stands in for it).
func (w *Workload) perform(ctx context.Context, u *user, op string) (string, error) {
	switch op {
	case OpSignIn:
		return op, u.signIn(ctx, w)
	case OpListCustomers:
		return op, w.graphql(ctx, u, qCustomers, nil)
	case OpListInvoices:
		return op, w.graphql(ctx, u, qInvoices, nil)
	case OpListOrders:
		return op, w.graphql(ctx, u, qOrders, nil)
	case OpInbox:
		return op, w.graphql(ctx, u, qInbox, nil)
	case OpCustomerEdit:
		if len(u.customers) > 0 {
			return op, w.editCustomer(ctx, u)
		}
		fallthrough
	case OpCustomerCreate:
		id, err := w.createCustomer(ctx, u)
		if err == nil && len(u.customers) < pending {
			u.customers = append(u.customers, id)
		}
		return OpCustomerCreate, err
	case OpVendorCreate:
		_, err := w.createVendor(ctx, u)
		return op, err
	case OpProductCreate:
		_, err := w.createProduct(ctx, u)
		return op, err
	case OpPayment:
		if len(u.invoices) > 0 {
			return w.payment(ctx, u)
		}
		fallthrough
	case OpInvoiceSubmit:
		return OpInvoiceSubmit, w.submitInvoice(ctx, u)
	case OpBill:
		if len(u.received) > 0 {
			return w.enterBill(ctx, u)
		}
		fallthrough
	case OpGoodsReceipt:
		if len(u.orders) > 0 {
			return w.receive(ctx, u)
		}
		fallthrough
	case OpPOSubmit:
		return OpPOSubmit, w.submitOrder(ctx, u)
	case OpApprove:
		return w.approve(ctx, u)
	}
	return op, fmt.Errorf("unknown operation %q", op)
}

// today is the business day in Dhaka.
func today() string { return time.Now().In(bd.Dhaka()).Format(time.DateOnly) }

// submitInvoice makes out a sales invoice of two lines to a seeded
// customer and submits it: four in five stay below the approval
// threshold (approved at once, numbered and posted), one in five waits
// for an approver.
func (w *Workload) submitInvoice(ctx context.Context, u *user) error {
	customer := w.seed.customers[u.rng.IntN(len(w.seed.customers))]
	qty := 5 + u.rng.IntN(21) // 5,750-28,750 taka with VAT
	if u.rng.IntN(5) == 0 {
		qty = 60 + u.rng.IntN(16) // 69,000-92,000: an approver decides
	}
	body := map[string]any{"kind": "sales", "party": map[string]any{"id": customer}, "lines": []map[string]any{
		{"description": "Cement, 50 kg bag (lot of 10)", "vatCategory": "standard", "quantity": fmt.Sprint(qty), "unit": "lot",
			"unitPrice": money{Amount: fmt.Sprintf("1000.%02d", u.rng.IntN(100)), Currency: "BDT"}},
		{"description": "Delivery", "vatCategory": "standard", "quantity": "1", "unit": "trip",
			"unitPrice": money{Amount: "250.00", Currency: "BDT"}},
	}}
	var inv struct {
		ID      string `json:"id"`
		Status  string `json:"status"`
		Payable money  `json:"payable"`
	}
	if _, err := w.call(ctx, u, request{method: http.MethodPost, path: "/api/v1/finance/invoices", body: body}, &inv); err != nil {
		return err
	}
	if _, err := w.call(ctx, u, request{method: http.MethodPost, path: "/api/v1/finance/invoices/" + inv.ID + "/submit"}, &inv); err != nil {
		return err
	}
	w.ack(func(a *Acked) *[]string { return &a.Invoices }, inv.ID)
	d := document{id: inv.ID, party: customer, payable: inv.Payable}
	switch inv.Status {
	case "approved":
		d.approved = true
		w.ack(func(a *Acked) *[]string { return &a.ApprovedInvoices }, inv.ID)
	case "submitted":
	default:
		return fmt.Errorf("invoice %s is %s after submit", inv.ID, inv.Status)
	}
	u.invoices = keep(u.invoices, d)
	return nil
}

// payment records the bank transfer for the user's oldest unpaid invoice
// or bill once it is approved (a receipt from the customer, a
// disbursement to the vendor), allocated to it in full; while it waits
// for approval the user only looks at it. Paying a bill lets the order's
// workflow close the order.
func (w *Workload) payment(ctx context.Context, u *user) (string, error) {
	d := u.invoices[0]
	if !d.approved {
		var inv struct {
			Status  string `json:"status"`
			Payable money  `json:"payable"`
		}
		if _, err := w.call(ctx, u, request{method: http.MethodGet, path: "/api/v1/finance/invoices/" + d.id}, &inv); err != nil {
			return OpInvoiceStatus, err
		}
		if inv.Status != "approved" {
			u.invoices = append(u.invoices[1:], d) // come back to it later
			return OpInvoiceStatus, nil
		}
		d.approved, d.payable = true, inv.Payable
	}
	kind := "receipt"
	if d.bill {
		kind = "disbursement"
	}
	body := map[string]any{"kind": kind, "partyId": d.party, "method": "bank", "amount": d.payable, "date": today(),
		"reference": "MX-" + w.run + "-" + d.id[len(d.id)-8:], "allocations": []map[string]any{{"invoiceId": d.id, "amount": d.payable}}}
	var p struct{ ID string }
	_, err := w.call(ctx, u, request{method: http.MethodPost, path: "/api/v1/finance/payments", body: body}, &p)
	// Done with the invoice either way: a payment whose answer was lost
	// (a crash) may have been recorded, and is not tried twice.
	u.invoices = u.invoices[1:]
	if err != nil {
		return OpPayment, err
	}
	w.ack(func(a *Acked) *[]string { return &a.Payments }, p.ID)
	return OpPayment, nil
}
