package mixed

import (
	"context"
	"fmt"
	"net/http"
	"strings"
)

// submitOrder orders bags of a seeded product from a seeded vendor into
// the workload's store and submits the order: four in five stay within 1
// lakh (approved at once), one in five waits for an approver.
func (w *Workload) submitOrder(ctx context.Context, u *user) error {
	bags := 20 + u.rng.IntN(131) // 10,000-75,500 taka
	if u.rng.IntN(5) == 0 {
		bags = 250 + u.rng.IntN(101) // 1,25,000-1,75,500: an approver decides
	}
	vendor, product := w.seed.vendors[u.rng.IntN(len(w.seed.vendors))], w.seed.products[u.rng.IntN(len(w.seed.products))]
	body := map[string]any{"vendorId": vendor, "locationId": w.seed.location, "deliveryDate": today(),
		"lines": []any{map[string]any{"productId": product, "quantity": fmt.Sprint(bags), "unitPrice": orderPrice}}}
	var po struct {
		ID     string `json:"id"`
		Status string `json:"status"`
	}
	if _, err := w.call(ctx, u, request{method: http.MethodPost, path: "/api/v1/orders/purchase-orders", body: body}, &po); err != nil {
		return err
	}
	w.ack(func(a *Acked) *[]string { return &a.PurchaseOrders }, po.ID)
	if _, err := w.call(ctx, u, request{method: http.MethodPost, path: "/api/v1/orders/purchase-orders/" + po.ID + "/submit"}, &po); err != nil {
		return err
	}
	d := document{id: po.ID, party: vendor, product: product, quantity: fmt.Sprint(bags)}
	switch po.Status {
	case "approved":
		d.approved = true
	case "submitted":
	default:
		return fmt.Errorf("order %s is %s after submit", po.ID, po.Status)
	}
	u.orders = keep(u.orders, d)
	return nil
}

// receive records the goods of the user's oldest open order, all
// accepted, once it is approved; while it waits the user only looks at
// it.
func (w *Workload) receive(ctx context.Context, u *user) (string, error) {
	d := u.orders[0]
	if !d.approved {
		var po struct {
			Status string `json:"status"`
		}
		if _, err := w.call(ctx, u, request{method: http.MethodGet, path: "/api/v1/orders/purchase-orders/" + d.id}, &po); err != nil {
			return OpPOStatus, err
		}
		if po.Status != "approved" {
			u.orders = append(u.orders[1:], d)
			return OpPOStatus, nil
		}
	}
	body := map[string]any{"receivedOn": today(), "challanRef": "CH-" + d.id[len(d.id)-8:],
		"lines": []any{map[string]any{"line": 1, "accepted": d.quantity}}}
	var grn struct{ ID string }
	_, err := w.call(ctx, u, request{method: http.MethodPost, path: "/api/v1/orders/purchase-orders/" + d.id + "/receipts", body: body}, &grn)
	u.orders = u.orders[1:] // once, as with payments
	if err != nil {
		return OpGoodsReceipt, err
	}
	w.ack(func(a *Acked) *[]string { return &a.GoodsReceipts }, grn.ID)
	u.received = keep(u.received, d)
	return OpGoodsReceipt, nil
}

// orderPrice is the unit price of every order line (a bag of cement).
var orderPrice = money{Amount: "500.00", Currency: "BDT"}

// enterBill enters the vendor's bill of the user's oldest received order
// once finance's copy of the order shows the goods billable (orders'
// events reached finance), and submits it: it matches three ways and
// goes on to approval like an invoice, and its payment closes the order.
func (w *Workload) enterBill(ctx context.Context, u *user) (string, error) {
	d := u.received[0]
	var m struct {
		Lines []struct{ Billable string } `json:"lines"`
	}
	_, err := w.call(ctx, u, request{method: http.MethodGet, path: "/api/v1/finance/purchase-orders/" + d.id}, &m)
	if err != nil && !IsStatus(err, http.StatusNotFound) {
		return OpBillWait, err
	}
	if err != nil || len(m.Lines) != 1 || m.Lines[0].Billable != d.quantity {
		u.received = append(u.received[1:], d)
		return OpBillWait, nil
	}
	u.received = u.received[1:]
	body := map[string]any{"kind": "purchase", "party": map[string]any{"id": d.party}, "purchaseOrderId": d.id,
		"supplierRef": "SB-" + d.id[len(d.id)-8:],
		"lines":       []any{map[string]any{"productId": d.product, "quantity": d.quantity, "unitPrice": orderPrice}}}
	var bill struct {
		ID      string `json:"id"`
		Status  string `json:"status"`
		Payable money  `json:"payable"`
	}
	if _, err := w.call(ctx, u, request{method: http.MethodPost, path: "/api/v1/finance/invoices", body: body}, &bill); err != nil {
		return OpBill, err
	}
	if _, err := w.call(ctx, u, request{method: http.MethodPost, path: "/api/v1/finance/invoices/" + bill.ID + "/submit"}, &bill); err != nil {
		return OpBill, err
	}
	w.ack(func(a *Acked) *[]string { return &a.Invoices }, bill.ID)
	b := document{id: bill.ID, party: d.party, bill: true, payable: bill.Payable}
	switch bill.Status {
	case "approved":
		b.approved = true
		w.ack(func(a *Acked) *[]string { return &a.ApprovedInvoices }, bill.ID)
	case "submitted":
	default:
		return OpBill, fmt.Errorf("bill %s of order %s is %s after submit, want matched", bill.ID, d.id, bill.Status)
	}
	u.invoices = keep(u.invoices, b)
	return OpBill, nil
}

// approve reads the approver's inbox and approves one task it has not
// decided yet, picked at random so approvers rarely take the same one.
// Another approver deciding it first is a correct refusal, counted as
// OpApproveTaken.
func (w *Workload) approve(ctx context.Context, u *user) (string, error) {
	var inbox struct {
		Items []struct {
			ApprovalID string `json:"approvalId"`
			Task       string `json:"task"`
			Document   struct{ Type, ID string }
		} `json:"items"`
	}
	if _, err := w.call(ctx, u, request{method: http.MethodGet, path: "/api/v1/workflow/inbox?limit=50"}, &inbox); err != nil {
		return OpInboxEmpty, err
	}
	// What this approver decided stays in the inbox until the workflow
	// completes the approval; remembered only while it is shown.
	decided := make(map[string]bool, len(u.decided))
	var open []int
	for i, t := range inbox.Items {
		switch {
		case u.decided[t.ApprovalID]:
			decided[t.ApprovalID] = true
		case t.Task == "decide":
			open = append(open, i)
		}
	}
	u.decided = decided
	if len(open) == 0 {
		return OpInboxEmpty, nil
	}
	t := inbox.Items[open[u.rng.IntN(len(open))]]
	u.decided[t.ApprovalID] = true
	_, err := w.call(ctx, u, request{method: http.MethodPost, path: "/api/v1/workflow/approvals/" + t.ApprovalID + "/approve",
		body: map[string]string{"comment": "checked against the delivery challan"}}, nil)
	if taken(err) {
		return OpApproveTaken, nil
	}
	if err != nil {
		return OpApprove, err
	}
	if t.Document.Type == "invoice" {
		w.ack(func(a *Acked) *[]string { return &a.ApprovedInvoices }, t.Document.ID)
	}
	return OpApprove, nil
}

// taken is the refusal of a decision on a level another approver
// already decided (the approval is over, or its level moved on).
func taken(err error) bool {
	if !IsStatus(err, http.StatusPreconditionFailed) && !IsStatus(err, http.StatusConflict) {
		return false
	}
	msg := err.Error()
	return strings.Contains(msg, "already") || strings.Contains(msg, "no longer running") || strings.Contains(msg, "no level is waiting")
}
