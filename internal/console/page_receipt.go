package console

import (
	"net/http"
	"net/url"

	"github.com/vextrus/vextrus/internal/platform/svcclient"
)

// receiptNew is the goods receipt form of an order: per order line, what
// was accepted and rejected (with why).
func (c *Console) receiptNew(w http.ResponseWriter, r *http.Request) error {
	var p purchaseOrder
	if err := c.API(r, c.svc.Orders, http.MethodGet, purchaseAPI+"/"+url.PathEscape(r.PathValue("id")), nil, &p); err != nil {
		return err
	}
	f := NewForm(Href("purchase-orders", p.ID, "receipts"), nil, nil)
	f.Values.Set("idem", newToken())
	c.Render(w, r, http.StatusOK, "receipt.new", ReceiptForm(p, f))
	return nil
}

func (c *Console) receiptCreate(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	var p purchaseOrder
	if err := c.API(r, c.svc.Orders, http.MethodGet, purchaseAPI+"/"+url.PathEscape(id), nil, &p); err != nil {
		return err
	}
	form := r.PostForm
	var lines []any
	for i, l := range p.Lines {
		acc, rej := decimalInput(form.Get(lineName(i, "accepted"))), decimalInput(form.Get(lineName(i, "rejected")))
		if acc == "" && rej == "" {
			continue
		}
		line := map[string]any{"line": l.Line}
		if acc != "" {
			line["accepted"] = acc
		}
		if rej != "" {
			line["rejected"] = rej
			line["reason"] = form.Get(lineName(i, "reason"))
		}
		lines = append(lines, line)
	}
	body := map[string]any{"challanRef": form.Get("challanRef"), "note": form.Get("note"), "lines": lines}
	if d := form.Get("receivedOn"); d != "" {
		body["receivedOn"] = d
	}
	err := c.API(r, c.svc.Orders, http.MethodPost, purchaseAPI+"/"+url.PathEscape(id)+"/receipts", body, nil,
		svcclient.IdempotencyKey("console-grn-"+form.Get("idem")))
	if err != nil {
		return c.formFailed(w, r, err, "receipt.new", ReceiptForm(p, NewForm(Href("purchase-orders", id, "receipts"), form, err)))
	}
	Redirect(w, r, Href("purchase-orders", id))
	return nil
}
