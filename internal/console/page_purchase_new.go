package console

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/vextrus/vextrus/internal/platform/bd"
	"github.com/vextrus/vextrus/internal/platform/httpx"
	"github.com/vextrus/vextrus/internal/platform/svcclient"
)

// choices is what a purchase order form picks from: vendors, delivery
// locations and products, each bounded to one API page (the vendor and
// product lists narrow by the form's search fields, so a tenant with
// 100,000 of them still gets a small form).
type choices struct {
	Vendors, Locations, Products []Option
}

func (c *Console) choices(r *http.Request, vendorQ, productQ string) (choices, error) {
	var ch choices
	pick := func(svc *svcclient.Client, path, q, label string, into *[]Option) error {
		v := url.Values{"limit": {"200"}}
		if q != "" {
			v.Set("q", q)
		}
		var page httpx.Page[Record]
		if err := c.API(r, svc, http.MethodGet, path+"?"+v.Encode(), nil, &page); err != nil {
			return err
		}
		*into = append(*into, Option{Value: "", Label: "form.choose"})
		for _, rec := range page.Items {
			*into = append(*into, Option{Value: rec.Str("id"), Label: rec.Str(label) + " — " + rec.Str("name"), Raw: true})
		}
		return nil
	}
	if err := pick(c.svc.Masterdata, masterdataAPI+"vendors", vendorQ, "code", &ch.Vendors); err != nil {
		return ch, err
	}
	if err := pick(c.svc.Masterdata, masterdataAPI+"products", productQ, "sku", &ch.Products); err != nil {
		return ch, err
	}
	var locs httpx.Page[Record]
	if err := c.API(r, c.svc.Orders, http.MethodGet, "/api/v1/orders/locations?limit=200", nil, &locs); err != nil {
		return ch, err
	}
	ch.Locations = append(ch.Locations, Option{Value: "", Label: "form.choose"})
	for _, rec := range locs.Items {
		ch.Locations = append(ch.Locations, Option{Value: rec.Str("id"), Label: rec.Str("code") + " — " + rec.Str("name"), Raw: true})
	}
	return ch, nil
}

func (c *Console) purchaseNew(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	ch, err := c.choices(r, q.Get("vendor_q"), q.Get("product_q"))
	if err != nil {
		return err
	}
	f := NewForm(Href("purchase-orders"), nil, nil)
	f.Values.Set("idem", newToken())
	f.Values.Set("deliveryDate", c.now().In(viewOf(r.Context()).Zone).AddDate(0, 0, 7).Format("2006-01-02"))
	c.Render(w, r, http.StatusOK, "purchase.new", PurchaseForm(f, ch))
	return nil
}

// purchaseCreate raises the order (a draft) and, with then=submit,
// submits it for approval at once. The form's key makes a double click
// one order.
func (c *Console) purchaseCreate(w http.ResponseWriter, r *http.Request) error {
	form := r.PostForm
	body := map[string]any{"vendorId": form.Get("vendorId"), "locationId": form.Get("locationId"),
		"deliveryDate": form.Get("deliveryDate"), "department": form.Get("department"), "memo": form.Get("memo")}
	var lines []any
	for i := range lineCount {
		pid := form.Get(lineName(i, "productId"))
		qty, price := decimalInput(form.Get(lineName(i, "quantity"))), decimalInput(form.Get(lineName(i, "unitPrice")))
		if pid == "" && qty == "" && price == "" {
			continue
		}
		lines = append(lines, map[string]any{"productId": pid, "quantity": qty,
			"unitPrice": map[string]string{"amount": price, "currency": "BDT"}})
	}
	body["lines"] = lines
	var made purchaseOrder
	err := c.API(r, c.svc.Orders, http.MethodPost, purchaseAPI, body, &made, svcclient.IdempotencyKey("console-po-"+form.Get("idem")))
	if err == nil && form.Get("then") == "submit" {
		err = c.API(r, c.svc.Orders, http.MethodPost, purchaseAPI+"/"+made.ID+"/submit", nil, nil,
			svcclient.IdempotencyKey("console-po-submit-"+form.Get("idem")))
		if err != nil {
			// The draft exists: show it, with the refusal.
			return err
		}
	}
	if err != nil {
		ch, cerr := c.choices(r, "", "")
		if cerr != nil {
			return cerr
		}
		f := NewForm(Href("purchase-orders"), form, err)
		return c.formFailed(w, r, err, "purchase.new", PurchaseForm(f, ch))
	}
	Redirect(w, r, Href("purchase-orders", made.ID))
	return nil
}

// decimalInput accepts what people type: Bangla digits and lakh commas
// (১,২৫,০০০ is 125000).
func decimalInput(s string) string {
	return strings.ReplaceAll(strings.TrimSpace(bd.FromBengaliDigits(s)), ",", "")
}
