package console

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/vextrus/vextrus/internal/finance"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/money"
)

// invoiceFormLines is how many line rows the new-invoice form offers; a
// row left empty is not sent.
const invoiceFormLines = 5

// newInvoice shows the draft form; ?kind=purchase opens a bill.
func (c *Console) newInvoice(w http.ResponseWriter, r *http.Request) error {
	v := url.Values{"kind": {"sales"}}
	if r.URL.Query().Get("kind") == "purchase" {
		v.Set("kind", "purchase")
	}
	c.Render(w, r, http.StatusOK, "invoice.new", InvoiceForm(NewForm(Href("invoices"), v, nil)))
	return nil
}

// createInvoice makes a draft from the form and opens it; the finance
// service's field errors (party.id, lines[0].unitPrice) come back by
// their inputs.
func (c *Console) createInvoice(w http.ResponseWriter, r *http.Request) error {
	in, err := c.invoiceInput(r)
	var made finance.InvoiceJSON
	if err == nil {
		err = c.API(r, c.svc.Finance, http.MethodPost, financeAPI+"invoices", in, &made)
	}
	if err != nil {
		return c.formFailed(w, r, err, "invoice.new", InvoiceForm(NewForm(Href("invoices"), r.PostForm, err)))
	}
	Redirect(w, r, Href("invoices", made.ID))
	return nil
}

// invoiceInput is the API's body from the form. Amounts are read as
// the API reads them (lakh grouping accepted). Rows after the last one
// filled in are not sent; an empty row between filled ones is, so the
// API's lines[i] errors land on the row the user sees as i.
func (c *Console) invoiceInput(r *http.Request) (finance.InvoiceInputJSON, error) {
	f := r.PostForm
	in := finance.InvoiceInputJSON{Kind: f.Get("kind"), Date: f.Get("date"), DueDate: f.Get("dueDate"),
		SupplierRef: strings.TrimSpace(f.Get("supplierRef")), Memo: f.Get("memo"), Department: f.Get("department")}
	ce := &errs.Collector{}
	id, err := c.partyID(r, in.Kind, strings.TrimSpace(f.Get("party.id")))
	if err != nil {
		if !errs.Is(err, errs.InvalidArgument) {
			return in, err
		}
		ce.Merge("", err)
	}
	in.Party = &finance.PartyJSON{ID: id}
	lines, err := lineInputs(r)
	in.Lines = lines
	ce.Merge("", err)
	return in, ce.Err()
}

// lineInputs reads the line rows of an invoice or note form. Rows after
// the last one filled in are not sent; an empty row between filled ones
// is, so the API's lines[i] errors land on the row the user sees as i.
// An amount that is not one names its input.
func lineInputs(r *http.Request) ([]finance.LineInputJSON, error) {
	f := r.PostForm
	ce := &errs.Collector{}
	var out []finance.LineInputJSON
	for i := range lastLine(f) + 1 {
		p := fmt.Sprintf("lines[%d].", i)
		desc, qty, price := strings.TrimSpace(f.Get(p+"description")), strings.TrimSpace(f.Get(p+"quantity")), strings.TrimSpace(f.Get(p+"unitPrice"))
		line := finance.LineInputJSON{Description: desc, Quantity: qty, Unit: strings.TrimSpace(f.Get(p + "unit")), VATCategory: f.Get(p + "vatCategory")}
		if price != "" {
			a, err := money.Parse(price, money.BDT)
			if err != nil {
				ce.Add(p+"unitPrice", "%s", T(r.Context(), "invoice.bad_amount"))
			} else {
				line.UnitPrice, _ = json.Marshal(a)
			}
		}
		out = append(out, line)
	}
	return out, ce.Err()
}

// vatOptions are the VAT categories a line may name; "" is the tenant's
// default.
func vatOptions() []Option {
	return []Option{{Value: "", Label: "invoice.vat_default"}, {Value: "standard", Label: "product.vat.standard"},
		{Value: "reduced", Label: "product.vat.reduced"}, {Value: "zero_rated", Label: "product.vat.zero_rated"},
		{Value: "exempt", Label: "product.vat.exempt"}, {Value: "truncated", Label: "product.vat.truncated"}}
}

// lineField is row i's input name (lines[i].name), as the API names it.
func lineField(i int, name string) string { return fmt.Sprintf("lines[%d].%s", i, name) }

// lastLine is the index of the last line row with anything in it, -1
// when none.
func lastLine(f url.Values) int {
	last := -1
	for i := range invoiceFormLines {
		for _, k := range []string{"description", "quantity", "unitPrice", "unit"} {
			if strings.TrimSpace(f.Get(lineField(i, k))) != "" {
				last = i
			}
		}
	}
	return last
}
