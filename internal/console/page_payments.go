package console

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/finance"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/httpx"
	"github.com/vextrus/vextrus/internal/platform/money"
)

// paymentFormAllocations is how many allocation rows the payment form
// offers.
const paymentFormAllocations = 3

func (c *Console) paymentRoutes() {
	m := c.mux
	m.Handle("GET "+Prefix+"/payments", c.page(c.payments))
	m.Handle("GET "+Prefix+"/payments/new", c.page(c.newPayment))
	m.Handle("POST "+Prefix+"/payments", c.page(c.recordPayment))
	m.Handle("GET "+Prefix+"/payments/{id}", c.page(c.payment))
	m.Handle("POST "+Prefix+"/payments/{id}/allocate", c.page(c.allocatePayment))
	m.Handle("POST "+Prefix+"/payments/{id}/reverse", c.page(c.reversePayment))
	c.statementRoutes()
}

// payments lists receipts and disbursements, newest first.
func (c *Console) payments(w http.ResponseWriter, r *http.Request) error {
	l := ListOf(r)
	var page httpx.Page[finance.PaymentJSON]
	if err := c.API(r, c.svc.Finance, http.MethodGet, financeAPI+"payments?"+l.API("kind", "status", "from", "to", "partyId"), nil, &page); err != nil {
		if errs.Is(err, errs.InvalidArgument) {
			c.Render(w, r, errs.Public(err).HTTPStatus(), "payments.title", PaymentsPage(NewForm(l.Path, l.Values, err), Table{Caption: "payments.caption", List: l}))
			return nil
		}
		return err
	}
	t := Table{Caption: "payments.caption", List: l, Empty: "payments.empty", Columns: []Column{
		{Label: "payment.number", Sort: "number"}, {Label: "payment.kind"}, {Label: "payment.date", Sort: "date"}, {Label: "payment.method"},
		{Label: "payment.status"}, {Label: "payment.amount", Num: true, Sort: "amount"}, {Label: "payment.unallocated", Num: true}}}
	for _, p := range page.Items {
		t.Rows = append(t.Rows, Row{Link(Href("payments", p.ID.String()), p.Number), Text(T(r.Context(), "payment.kind."+p.Kind)),
			Text(Digits(r.Context(), p.Date)), Text(T(r.Context(), "payment.method."+p.Method)), Status(p.Status), Sum(p.Amount), Sum(p.Unallocated)})
	}
	if page.NextCursor != nil {
		t.Next = *page.NextCursor
	}
	c.Render(w, r, http.StatusOK, "payments.title", PaymentsPage(NewForm(l.Path, l.Values, nil), t))
	return nil
}

// paymentView is a payment with its party's name (when master data
// answers), its form for allocating what is left and its reversal form.
type paymentView struct {
	P       finance.PaymentJSON
	Party   string
	Form    *Form
	Reverse *Form
}

func (c *Console) payment(w http.ResponseWriter, r *http.Request) error {
	return c.showPayment(w, r, http.StatusOK, nil)
}

func (c *Console) showPayment(w http.ResponseWriter, r *http.Request, status int, f *Form) error {
	return c.showPaymentForms(w, r, status, f, nil)
}

// showPaymentForms shows the payment with the allocation form f and the
// reversal form rev (nil: empty ones).
func (c *Console) showPaymentForms(w http.ResponseWriter, r *http.Request, status int, f, rev *Form) error {
	v := paymentView{Form: f, Reverse: rev}
	id := r.PathValue("id")
	if err := c.API(r, c.svc.Finance, http.MethodGet, financeAPI+"payments/"+url.PathEscape(id), nil, &v.P); err != nil {
		return err
	}
	coll := "customers"
	if v.P.Kind == string(finance.Disbursement) {
		coll = "vendors"
	}
	var party Record
	if err := c.API(r, c.svc.Masterdata, http.MethodGet, masterdataAPI+coll+"/"+v.P.PartyID.String(), nil, &party); err == nil {
		v.Party = party.Str("name")
	}
	if v.Form == nil {
		v.Form = NewForm(Href("payments", id, "allocate"), nil, nil)
	}
	if v.Reverse == nil {
		v.Reverse = NewForm(Href("payments", id, "reverse"), nil, nil)
	}
	c.Render(w, r, status, "payment.title", PaymentPage(v))
	return nil
}

// newPayment is the form; ?invoice=<id> fills it in to settle that
// invoice: the receipt or disbursement, its party and the amount due.
func (c *Console) newPayment(w http.ResponseWriter, r *http.Request) error {
	v := url.Values{"kind": {string(finance.Receipt)}, "method": {string(finance.MethodBank)}}
	if id := r.URL.Query().Get("invoice"); id != "" {
		var inv finance.InvoiceJSON
		if err := c.API(r, c.svc.Finance, http.MethodGet, financeAPI+"invoices/"+url.PathEscape(id), nil, &inv); err != nil {
			return err
		}
		if inv.Side == string(finance.KindPurchase) {
			v.Set("kind", string(finance.Disbursement))
		}
		due, err := inv.Payable.Sub(inv.Paid)
		if err != nil {
			due = inv.Payable
		}
		v.Set("partyId", inv.Party.ID.String())
		v.Set("amount", due.Decimal())
		v.Set("allocations[0].invoiceId", inv.ID)
		v.Set("allocations[0].amount", due.Decimal())
	}
	c.Render(w, r, http.StatusOK, "payment.new", PaymentForm(NewForm(Href("payments"), v, nil)))
	return nil
}

// recordPayment records the payment with its allocations.
func (c *Console) recordPayment(w http.ResponseWriter, r *http.Request) error {
	in, err := c.paymentInput(r)
	var made finance.PaymentJSON
	if err == nil {
		err = c.API(r, c.svc.Finance, http.MethodPost, financeAPI+"payments", in, &made)
	}
	if err != nil {
		return c.formFailed(w, r, err, "payment.new", PaymentForm(NewForm(Href("payments"), r.PostForm, err)))
	}
	Redirect(w, r, Href("payments", made.ID.String()))
	return nil
}

// allocatePayment allocates what is left of a payment to invoices.
func (c *Console) allocatePayment(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	ce := &errs.Collector{}
	in := map[string]any{"allocations": allocationsInput(ce, r)}
	err := ce.Err()
	if err == nil {
		err = c.API(r, c.svc.Finance, http.MethodPost, financeAPI+"payments/"+url.PathEscape(id)+"/allocate", in, nil)
	}
	if err != nil {
		switch errs.CodeOf(err) {
		case errs.InvalidArgument, errs.Conflict, errs.FailedPrecondition, errs.PermissionDenied:
			return c.showPayment(w, r, errs.Public(err).HTTPStatus(), NewForm(Href("payments", id, "allocate"), r.PostForm, err))
		}
		return err
	}
	Redirect(w, r, Href("payments", id))
	return nil
}

// paymentInput is the API's body from the form: partyId takes a
// customer's or vendor's code too.
func (c *Console) paymentInput(r *http.Request) (map[string]any, error) {
	f := r.PostForm
	ce := &errs.Collector{}
	kind := f.Get("kind")
	partyKind := "sales"
	if kind == string(finance.Disbursement) {
		partyKind = "purchase"
	}
	party, err := c.partyID(r, partyKind, strings.TrimSpace(f.Get("partyId")))
	if err != nil {
		if !errs.Is(err, errs.InvalidArgument) {
			return nil, err
		}
		for _, fe := range errs.As(err).Fields {
			ce.Add("partyId", "%s", fe.Message)
		}
	}
	in := map[string]any{"kind": kind, "partyId": party, "date": f.Get("date"), "method": f.Get("method"),
		"amount": moneyInput(ce, r, "amount", f.Get("amount")), "reference": f.Get("reference"), "memo": f.Get("memo"),
		"allocations": allocationsInput(ce, r)}
	switch f.Get("method") {
	case string(finance.MethodCheque):
		in["cheque"] = map[string]string{"number": f.Get("cheque.number"), "bank": f.Get("cheque.bank"), "date": f.Get("cheque.date")}
	case string(finance.MethodWallet):
		in["wallet"] = map[string]string{"provider": f.Get("wallet.provider"), "number": f.Get("wallet.number"), "transactionId": f.Get("wallet.transactionId")}
	}
	return in, ce.Err()
}

// allocationsInput reads the allocation rows that name an invoice.
// Rows after the last one filled in are not sent; an empty row between
// filled ones is, so the API's allocations[i] errors land on row i.
func allocationsInput(ce *errs.Collector, r *http.Request) []map[string]any {
	f := r.PostForm
	last := -1
	for i := range paymentFormAllocations {
		if strings.TrimSpace(f.Get(allocField(i, "invoiceId"))+f.Get(allocField(i, "amount"))) != "" {
			last = i
		}
	}
	out := []map[string]any{}
	for i := range last + 1 {
		id, err := uuid.Parse(strings.TrimSpace(f.Get(allocField(i, "invoiceId"))))
		if err != nil {
			ce.Add(allocField(i, "invoiceId"), "%s", T(r.Context(), "payment.bad_invoice"))
		}
		out = append(out, map[string]any{"invoiceId": id, "amount": moneyInput(ce, r, allocField(i, "amount"), f.Get(allocField(i, "amount")))})
	}
	return out
}

// moneyInput reads an amount of taka for the API, as a money object.
func moneyInput(ce *errs.Collector, r *http.Request, field, s string) json.RawMessage {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	a, err := money.Parse(s, money.BDT)
	if err != nil {
		ce.Add(field, "%s", T(r.Context(), "invoice.bad_amount"))
		return nil
	}
	b, _ := json.Marshal(a)
	return b
}

// allocField is allocation row i's input name, as the API names it.
func allocField(i int, name string) string { return fmt.Sprintf("allocations[%d].%s", i, name) }

// methodOptions are the ways money moves.
func methodOptions() []Option {
	var out []Option
	for _, m := range []finance.PaymentMethod{finance.MethodBank, finance.MethodCheque, finance.MethodCash, finance.MethodWallet} {
		out = append(out, Option{Value: string(m), Label: "payment.method." + string(m)})
	}
	return out
}
