package finance_test

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/vextrus/vextrus/internal/finance"
	"github.com/vextrus/vextrus/internal/platform/apitest"
	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/httpx"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// serveREST is the REST API with a stand-in for the authentication
// middleware: X-Test-Tenant names the tenant whose accountant calls.
func serveREST(tb testing.TB, f *invoiceFixture) *httptest.Server {
	tb.Helper()
	mux := http.NewServeMux()
	f.svc.Routes(mux)
	auth := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if t, err := tenant.Parse(r.Header.Get("X-Test-Tenant")); err == nil {
				ctx := accountant(t)
				p, _ := authz.From(ctx)
				r = r.WithContext(tenant.With(authz.With(r.Context(), p), t))
			}
			next.ServeHTTP(w, r)
		})
	}
	srv := httptest.NewServer(httpx.Chain(mux, httpx.RequestID, auth))
	tb.Cleanup(srv.Close)
	return srv
}

func restClient(tb testing.TB, srv *httptest.Server, t tenant.ID) *apitest.Client {
	return apitest.New(tb, srv.URL, srv.Client()).WithHeader("X-Test-Tenant", t.String())
}

const invoicesPath = finance.Base + "/invoices"

func saleBody(unitPrice string) map[string]any {
	return map[string]any{"kind": "sales", "date": "2026-12-04",
		"party": map[string]any{"id": customer.ID, "name": customer.Name, "bin": customer.BIN},
		"lines": []map[string]any{{"description": "Cement, 50 kg bag", "quantity": "10", "unit": "bag",
			"unitPrice": map[string]string{"amount": unitPrice, "currency": "BDT"}, "vatCategory": "cosmetics"}}}
}

type invoiceAnswer struct {
	ID      string  `json:"id"`
	Status  string  `json:"status"`
	Number  *string `json:"number"`
	Version int     `json:"version"`
	Total   struct {
		Amount, Currency string
	} `json:"total"`
	SD struct{ Amount string } `json:"sd"`
}

func TestRESTInvoiceFromDraftToApproved(t *testing.T) {
	f := newInvoiceFixture(t)
	srv := serveREST(t, f)
	tid, _ := newTenantCtx(t)
	api := restClient(t, srv, tid)

	var draft invoiceAnswer
	r := api.Do(http.MethodPost, invoicesPath, saleBody("520.00")).Want(t, http.StatusCreated)
	r.Decode(t, &draft)
	// 10 × 520.00 = 5,200.00; SD 10 % = 520.00; VAT 15 % of 5,720.00 = 858.00.
	if draft.Status != "draft" || draft.Total.Amount != "6578.00" || draft.Total.Currency != "BDT" || draft.SD.Amount != "520.00" {
		t.Fatalf("draft %+v", draft)
	}
	if r.Header.Get("ETag") != `"1"` || r.Header.Get("Location") != invoicesPath+"/"+draft.ID {
		t.Fatalf("headers %v", r.Header)
	}
	one := invoicesPath + "/" + draft.ID
	api.Do(http.MethodPut, one, saleBody("600.00")).WantProblem(t, http.StatusPreconditionRequired, errs.FailedPrecondition)
	api.Do(http.MethodPut, one, saleBody("600.00"), "If-Match", `"7"`).WantProblem(t, http.StatusPreconditionFailed, errs.FailedPrecondition)
	var edited invoiceAnswer
	api.Do(http.MethodPut, one, saleBody("600.00"), "If-Match", `"1"`).Want(t, http.StatusOK).Decode(t, &edited)
	if edited.Version != 2 || edited.Total.Amount != "7590.00" {
		t.Fatalf("edited %+v", edited)
	}
	var approved invoiceAnswer
	api.Do(http.MethodPost, one+"/submit", nil, "If-Match", `"2"`).Want(t, http.StatusOK).Decode(t, &approved)
	if approved.Status != "approved" || approved.Number == nil || *approved.Number != "INV/2026-27/000001" {
		t.Fatalf("submitted %+v", approved)
	}
	got := api.Do(http.MethodGet, one, nil).Want(t, http.StatusOK)
	if got.Header.Get("ETag") != `"`+strconv.Itoa(approved.Version)+`"` {
		t.Fatalf("ETag %q after approval v%d", got.Header.Get("ETag"), approved.Version)
	}
	api.Do(http.MethodPut, one, saleBody("1.00"), "If-Match", got.Header.Get("ETag")).
		WantProblem(t, http.StatusPreconditionFailed, errs.FailedPrecondition)
	api.Do(http.MethodPost, one+"/cancel", map[string]string{"reason": "typo"}).WantProblem(t, http.StatusPreconditionFailed, errs.FailedPrecondition)

	var page struct {
		Items []invoiceAnswer `json:"items"`
	}
	api.Do(http.MethodGet, invoicesPath+"?kind=sales&status=approved&partyId="+customer.ID.String(), nil).Want(t, http.StatusOK).Decode(t, &page)
	if len(page.Items) != 1 || page.Items[0].ID != draft.ID {
		t.Fatalf("list %+v", page)
	}
	api.Do(http.MethodGet, invoicesPath+"?status=draft", nil).Want(t, http.StatusOK).Decode(t, &page)
	if len(page.Items) != 0 {
		t.Fatalf("drafts %+v", page)
	}

	// Another tenant sees none of it.
	other := restClient(t, srv, tenant.New())
	other.Do(http.MethodGet, one, nil).WantProblem(t, http.StatusNotFound, errs.NotFound)
	other.Do(http.MethodPost, one+"/submit", nil).WantProblem(t, http.StatusNotFound, errs.NotFound)
	other.Do(http.MethodPost, one+"/credit-notes", saleBody("1.00")).WantProblem(t, http.StatusNotFound, errs.NotFound)
	other.Do(http.MethodGet, invoicesPath, nil).Want(t, http.StatusOK).Decode(t, &page)
	if len(page.Items) != 0 {
		t.Fatalf("the other tenant lists %+v", page)
	}
}

func TestRESTRefusesNegativeAndSubPoishaAmountsNamingTheField(t *testing.T) {
	f := newInvoiceFixture(t)
	srv := serveREST(t, f)
	tid, _ := newTenantCtx(t)
	api := restClient(t, srv, tid)
	for _, tc := range []struct{ price, field string }{
		{"-5.00", "lines[0].unitPrice"},
		{"12.345", "lines[0].unitPrice.amount"},
		{"0.001", "lines[0].unitPrice.amount"},
	} {
		r := api.Do(http.MethodPost, invoicesPath, saleBody(tc.price))
		r.WantProblem(t, http.StatusBadRequest, errs.InvalidArgument)
		if fields := r.Fields(t); !slices.Contains(fields, tc.field) {
			t.Fatalf("price %s: fields %v, want %s", tc.price, fields, tc.field)
		}
	}
	body := saleBody("10.00")
	body["lines"].([]map[string]any)[0]["discount"] = map[string]string{"amount": "0.005", "currency": "BDT"}
	r := api.Do(http.MethodPost, invoicesPath, body)
	r.WantProblem(t, http.StatusBadRequest, errs.InvalidArgument)
	if fields := r.Fields(t); !slices.ContainsFunc(fields, func(s string) bool { return strings.HasPrefix(s, "lines[0].discount") }) {
		t.Fatalf("fields %v, want lines[0].discount", fields)
	}
	var page struct {
		Items []invoiceAnswer `json:"items"`
	}
	api.Do(http.MethodGet, invoicesPath, nil).Want(t, http.StatusOK).Decode(t, &page)
	if len(page.Items) != 0 {
		t.Fatalf("refused invoices were stored: %+v", page.Items)
	}
}
