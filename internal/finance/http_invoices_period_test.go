package finance_test

import (
	"net/http"
	"testing"

	"github.com/vextrus/vextrus/internal/platform/errs"
)

// The list narrows to one side's documents in the books dated in a
// span: what the documents service's VAT registers read. Drafts and
// documents outside the span are left out.
func TestListingNarrowsToPostedDocumentsOfASpan(t *testing.T) {
	f := newInvoiceFixture(t)
	srv := serveREST(t, f)
	tid, ctx := newTenantCtx(t)
	inNov := f.mustSubmit(t, ctx, f.mustCreate(t, ctx, smallSale("2026-11-10", 100000)).ID)
	f.mustCreate(t, ctx, smallSale("2026-11-20", 200000))
	f.mustSubmit(t, ctx, f.mustCreate(t, ctx, smallSale("2026-12-01", 300000)).ID)
	api := restClient(t, srv, tid)
	var page struct {
		Items []invoiceAnswer `json:"items"`
	}
	api.Do(http.MethodGet, invoicesPath+"?side=sales&posted=true&from=2026-11-01&to=2026-11-30", nil).
		Want(t, http.StatusOK).Decode(t, &page)
	if len(page.Items) != 1 || page.Items[0].ID != inNov.ID.String() {
		t.Fatalf("November's posted sales = %+v, want only %s", page.Items, inNov.ID)
	}
	api.Do(http.MethodGet, invoicesPath+"?side=purchase&posted=true", nil).Want(t, http.StatusOK).Decode(t, &page)
	if len(page.Items) != 0 {
		t.Fatalf("purchases = %+v, want none", page.Items)
	}
	api.Do(http.MethodGet, invoicesPath+"?from=November", nil).WantProblem(t, http.StatusBadRequest, errs.InvalidArgument)
}
