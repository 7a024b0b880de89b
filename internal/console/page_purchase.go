package console

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/vextrus/vextrus/internal/orders"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/httpx"
	"github.com/vextrus/vextrus/internal/platform/svcclient"
)

const purchaseAPI = "/api/v1/orders/purchase-orders"

// purchaseOrder is what the console reads of a purchase order.
type purchaseOrder struct {
	ID           string     `json:"id"`
	Number       *string    `json:"number"`
	Status       string     `json:"status"`
	VendorID     string     `json:"vendorId"`
	VendorName   string     `json:"vendorName"`
	LocationID   string     `json:"locationId"`
	OrderDate    string     `json:"orderDate"`
	DeliveryDate string     `json:"deliveryDate"`
	Department   string     `json:"department"`
	Amount       moneyJSON  `json:"amount"`
	Memo         string     `json:"memo"`
	ApprovalID   *string    `json:"approvalId"`
	Reason       string     `json:"reason"`
	SubmittedAt  *time.Time `json:"submittedAt"`
	Version      int        `json:"version"`
	Lines        []struct {
		Line        int       `json:"line"`
		ProductName string    `json:"productName"`
		Unit        string    `json:"unit"`
		Quantity    string    `json:"quantity"`
		UnitPrice   moneyJSON `json:"unitPrice"`
		Amount      moneyJSON `json:"amount"`
		Received    string    `json:"received"`
		Rejected    string    `json:"rejected"`
	} `json:"lines"`
}

// title is the order's number, or "draft" before it has one.
func (p purchaseOrder) title() string {
	if p.Number != nil {
		return *p.Number
	}
	return ""
}

// receipt is what the console reads of a goods receipt.
type receipt struct {
	ID         string `json:"id"`
	Number     string `json:"number"`
	ReceivedOn string `json:"receivedOn"`
	ChallanRef string `json:"challanRef"`
	Lines      []struct {
		Line     int    `json:"line"`
		Accepted string `json:"accepted"`
		Rejected string `json:"rejected"`
	} `json:"lines"`
}

// purchaseStatuses are the list filter's choices.
var purchaseStatuses = []string{"draft", "submitted", "approved", "partially_received", "received", "closed", "cancelled"}

func (c *Console) purchaseRoutes() {
	base := Prefix + "/purchase-orders"
	c.mux.Handle("GET "+base, c.page(c.purchaseList))
	c.mux.Handle("GET "+base+"/new", c.page(c.purchaseNew))
	c.mux.Handle("POST "+base, c.page(c.purchaseCreate))
	c.mux.Handle("GET "+base+"/{id}", c.page(c.purchaseShow))
	c.mux.Handle("POST "+base+"/{id}/submit", c.page(c.purchaseSubmit))
	c.mux.Handle("GET "+base+"/{id}/receipts/new", c.page(c.receiptNew))
	c.mux.Handle("POST "+base+"/{id}/receipts", c.page(c.receiptCreate))
}

func (c *Console) purchaseList(w http.ResponseWriter, r *http.Request) error {
	l := ListOf(r)
	var page httpx.Page[purchaseOrder]
	if err := c.API(r, c.svc.Orders, http.MethodGet, purchaseAPI+"?"+l.API("status", "vendorId"), nil, &page); err != nil {
		return err
	}
	t := Table{Caption: "purchase.title", List: l, Columns: []Column{{Label: "purchase.number"}, {Label: "purchase.vendor", Sort: "vendor"},
		{Label: "purchase.delivery", Sort: "deliveryDate"}, {Label: "purchase.amount", Num: true, Sort: "amount"}, {Label: "purchase.status"}}}
	for _, p := range page.Items {
		label := p.title()
		if label == "" {
			label = T(r.Context(), "status.draft")
		}
		t.Rows = append(t.Rows, Row{Link(Href("purchase-orders", p.ID), label), Text(p.VendorName),
			Text(Digits(r.Context(), p.DeliveryDate)), Money(p.Amount.Amount, p.Amount.Currency), Status(p.Status)})
	}
	if page.NextCursor != nil {
		t.Next = *page.NextCursor
	}
	status := FieldSpec{Name: "status", Label: "purchase.status", Type: "select",
		Options: append([]Option{{Value: "", Label: "list.any"}}, opts("status.", purchaseStatuses...)...)}
	c.Render(w, r, http.StatusOK, "purchase.title", PurchaseList(t, status.field(NewForm(l.Path, l.Values, nil))))
	return nil
}

func (c *Console) purchaseShow(w http.ResponseWriter, r *http.Request) error {
	var p purchaseOrder
	if err := c.API(r, c.svc.Orders, http.MethodGet, purchaseAPI+"/"+url.PathEscape(r.PathValue("id")), nil, &p); err != nil {
		return err
	}
	var receipts httpx.Page[receipt]
	if Can(r.Context(), orders.PermPurchaseRead) {
		if err := c.API(r, c.svc.Orders, http.MethodGet, purchaseAPI+"/"+url.PathEscape(p.ID)+"/receipts", nil, &receipts); err != nil {
			return err
		}
	}
	c.Render(w, r, http.StatusOK, "purchase.order", PurchasePage(p, receipts.Items))
	return nil
}

// purchaseSubmit sends a draft to its approval chain, with the version
// the page showed.
func (c *Console) purchaseSubmit(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	var opts []svcclient.CallOption
	if v := r.PostFormValue("version"); v != "" {
		opts = append(opts, svcclient.Header("If-Match", `"`+v+`"`))
	}
	if err := c.API(r, c.svc.Orders, http.MethodPost, purchaseAPI+"/"+url.PathEscape(id)+"/submit", nil, nil, opts...); err != nil {
		if errs.Is(err, errs.FailedPrecondition) {
			return errs.E(errs.FailedPrecondition, "%s", T(r.Context(), "form.stale"))
		}
		return err
	}
	Redirect(w, r, Href("purchase-orders", id))
	return nil
}

// lineCount is the order lines the new-order form offers.
const lineCount = 3

func lineName(i int, field string) string { return "lines[" + strconv.Itoa(i) + "]." + field }
