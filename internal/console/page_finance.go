package console

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/finance"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/httpx"
	"github.com/vextrus/vextrus/internal/platform/svcclient"
)

const financeAPI = "/api/v1/finance/"

func (c *Console) financeRoutes() {
	m := c.mux
	m.Handle("GET "+Prefix+"/invoices", c.page(c.invoices))
	m.Handle("GET "+Prefix+"/invoices/new", c.page(c.newInvoice))
	m.Handle("POST "+Prefix+"/invoices", c.page(c.createInvoice))
	m.Handle("GET "+Prefix+"/invoices/{id}", c.page(c.invoice))
	m.Handle("POST "+Prefix+"/invoices/{id}/submit", c.page(c.submitInvoice))
	m.Handle("POST "+Prefix+"/invoices/{id}/mushak", c.page(c.requestMushak))
	m.Handle("GET "+Prefix+"/documents/{id}", c.page(c.documentJob))
	m.Handle("GET "+Prefix+"/documents/{id}/download", c.page(c.downloadDocument))
	c.noteRoutes()
}

// invoiceFilters are the list's filters, under the API's names.
var invoiceFilters = []string{"side", "kind", "status", "from", "to", "partyId"}

// invoices lists sales and purchase invoices (and their notes), newest
// first, keyset-paged, the filters in the URL.
func (c *Console) invoices(w http.ResponseWriter, r *http.Request) error {
	l := ListOf(r)
	var page httpx.Page[finance.InvoiceJSON]
	if err := c.API(r, c.svc.Finance, http.MethodGet, financeAPI+"invoices?"+l.API(invoiceFilters...), nil, &page); err != nil {
		if errs.Is(err, errs.InvalidArgument) {
			// A bad filter in a shared URL: show the list with the error
			// by its field, not an error page.
			c.Render(w, r, errs.Public(err).HTTPStatus(), "invoices.title", InvoicesPage(NewForm(l.Path, l.Values, err), Table{Caption: "invoices.caption", List: l}))
			return nil
		}
		return err
	}
	t := Table{Caption: "invoices.caption", List: l, Empty: "invoices.empty", Columns: []Column{
		{Label: "invoice.number"}, {Label: "invoice.kind"}, {Label: "invoice.party", Sort: "party"}, {Label: "invoice.date", Sort: "date"},
		{Label: "invoice.status"}, {Label: "invoice.total", Num: true, Sort: "total"}}}
	for _, inv := range page.Items {
		t.Rows = append(t.Rows, Row{Link(Href("invoices", inv.ID), invoiceName(r, inv)), Text(T(r.Context(), "invoice.kind."+inv.Kind)),
			Text(inv.Party.Name), Text(Digits(r.Context(), inv.Date)), Status(inv.Status), Sum(inv.Total)})
	}
	if page.NextCursor != nil {
		t.Next = *page.NextCursor
	}
	c.Render(w, r, http.StatusOK, "invoices.title", InvoicesPage(NewForm(l.Path, l.Values, nil), t))
	return nil
}

// invoiceName is an invoice's number, or "draft" before it has one.
func invoiceName(r *http.Request, inv finance.InvoiceJSON) string {
	return invoiceNumber(r.Context(), inv)
}

// invoiceView is what the invoice page shows: the invoice, its
// approval (nil when it has none or the user may not read it) and the
// Mushak-6.3 already made for it, if any.
type invoiceView struct {
	Inv      finance.InvoiceJSON
	Approval *approvalJSON
	// Names are the approval's people by id (actorNames).
	Names  map[string]string
	Mushak *documentJobJSON
}

// invoice shows one invoice with its lines, tax breakdown, approval
// state and history, and the actions the user may take.
func (c *Console) invoice(w http.ResponseWriter, r *http.Request) error {
	var v invoiceView
	if err := c.API(r, c.svc.Finance, http.MethodGet, financeAPI+"invoices/"+url.PathEscape(r.PathValue("id")), nil, &v.Inv); err != nil {
		return err
	}
	if v.Inv.ApprovalID != nil {
		var a approvalJSON
		// The approval is the workflow service's; a user who may read the
		// invoice but not approvals sees the state without the history.
		if err := c.API(r, c.svc.Workflow, http.MethodGet, "/api/v1/workflow/approvals/"+v.Inv.ApprovalID.String(), nil, &a); err == nil {
			v.Approval, v.Names = &a, c.actorNames(r, a)
		}
	}
	if mushakable(v.Inv) {
		v.Mushak = c.lastMushak(r, v.Inv.ID)
	}
	c.Render(w, r, http.StatusOK, "invoice.title", InvoicePage(v))
	return nil
}

// submitInvoice submits a draft at the version the page showed; the
// finance service refuses a user without finance.invoice.write.
func (c *Console) submitInvoice(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	var opts []svcclient.CallOption
	if v, err := strconv.Atoi(r.PostFormValue("version")); err == nil {
		opts = append(opts, svcclient.Header("If-Match", `"`+strconv.Itoa(v)+`"`))
	}
	if err := c.API(r, c.svc.Finance, http.MethodPost, financeAPI+"invoices/"+url.PathEscape(id)+"/submit", nil, nil, opts...); err != nil {
		if errs.Is(err, errs.FailedPrecondition) && len(opts) > 0 {
			return errs.E(errs.FailedPrecondition, "%s", T(r.Context(), "form.stale"))
		}
		return err
	}
	Redirect(w, r, Href("invoices", id))
	return nil
}

// partyID reads the party field: an id, or a customer's or vendor's code
// looked up in master data.
func (c *Console) partyID(r *http.Request, kind, v string) (uuid.UUID, error) {
	if id, err := uuid.Parse(v); err == nil {
		return id, nil
	}
	if v == "" {
		return uuid.Nil, errs.Field("party.id", "%s", T(r.Context(), "invoice.party_required"))
	}
	coll := "customers"
	if kind == "purchase" {
		coll = "vendors"
	}
	var page httpx.Page[Record]
	q := url.Values{"q": {v}, "limit": {"10"}}
	if err := c.API(r, c.svc.Masterdata, http.MethodGet, masterdataAPI+coll+"?"+q.Encode(), nil, &page); err != nil {
		return uuid.Nil, err
	}
	for _, rec := range page.Items {
		if rec.Str("code") == v {
			return uuid.Parse(rec.Str("id"))
		}
	}
	return uuid.Nil, errs.Field("party.id", "%s", T(r.Context(), "invoice.party_unknown", v))
}

// invoiceNumber is invoiceName for templates.
func invoiceNumber(ctx context.Context, inv finance.InvoiceJSON) string {
	if inv.Number != nil && *inv.Number != "" {
		return *inv.Number
	}
	return T(ctx, "invoice.unnumbered")
}

// invoiceStatusOptions are the list's status filter.
func invoiceStatusOptions() []Option {
	opts := []Option{{Value: "", Label: "list.any"}}
	for _, s := range []string{finance.StatusDraft, finance.StatusHeld, finance.StatusSubmitted, finance.StatusApproved,
		finance.StatusPartiallyPaid, finance.StatusPaid, finance.StatusCancelled} {
		opts = append(opts, Option{Value: s, Label: "status." + s})
	}
	return opts
}

// withHint gives fd a hint (a message key).
func withHint(fd Field, hint string) Field { fd.Hint = hint; return fd }

// payable reports whether an invoice waits for (more) payment.
func payable(inv finance.InvoiceJSON) bool {
	return inv.Status == finance.StatusApproved || inv.Status == finance.StatusPartiallyPaid
}
