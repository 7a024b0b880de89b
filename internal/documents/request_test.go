package documents_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/vextrus/vextrus/internal/documents"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// A request with a bad kind or parameter is refused naming the field,
// and no job is made.
func TestABadRequestNamesTheFieldAndMakesNoJob(t *testing.T) {
	f := newFixture(t, func(d *documents.Deps) { d.Temporal = nil })
	tn := tenant.New()
	ctx := clerk(tn)
	approved := f.finance.invoice("approved")
	cases := []struct {
		name, kind, params, field string
	}{
		{"unknown kind", "mushak_9_9", `{}`, "kind"},
		{"missing invoice", documents.KindMushak63, `{"lang":"bn"}`, "params.invoiceId"},
		{"bad language", documents.KindMushak63, `{"invoiceId":"` + approved.String() + `","lang":"fr"}`, "params.lang"},
		{"unknown parameter", documents.KindMushak62, `{"period":"2026-11","colour":"red"}`, "params.colour"},
		{"bad period", documents.KindMushak62, `{"period":"Nov 2026"}`, "params.period"},
		{"no period", documents.KindMushak61, `{"format":"csv"}`, "params.period"},
		{"to before from", documents.KindMushak61, `{"from":"2026-11-30","to":"2026-11-01"}`, "params.to"},
		{"register as pdf", documents.KindMushak62, `{"period":"2026-11","format":"pdf"}`, "params.format"},
		{"return without month", documents.KindVATReturn91, `{"format":"json"}`, "params.period"},
		{"ageing without side", documents.KindAgeing, `{"asOf":"2026-11-30"}`, "params.side"},
		{"trial balance without day", documents.KindTrialBalance, `{"format":"xlsx"}`, "params.asOf"},
		{"number as string", documents.KindTrialBalance, `{"asOf":20261130}`, "params.asOf"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := f.svc.RequestJob(ctx, c.kind, json.RawMessage(c.params))
			wantField(t, err, errs.InvalidArgument, c.field)
		})
	}
	list, _, err := f.svc.Jobs(ctx, documents.JobFilter{})
	if err != nil || len(list) != 0 {
		t.Fatalf("jobs = %v, %v; want none", list, err)
	}
}

// A Mushak-6.3 is issued only for an approved sales invoice: a draft is
// refused at request time naming the invoice.
func TestAMushak63OfADraftIsRefused(t *testing.T) {
	f := newFixture(t, func(d *documents.Deps) { d.Temporal = engine(t) })
	ctx := clerk(tenant.New())
	draft := f.finance.invoice("draft")
	_, err := f.svc.RequestJob(ctx, documents.KindMushak63, json.RawMessage(`{"invoiceId":"`+draft.String()+`"}`))
	wantField(t, err, errs.FailedPrecondition, "params.invoiceId")
	list, _, _ := f.svc.Jobs(ctx, documents.JobFilter{})
	if len(list) != 0 {
		t.Fatalf("jobs = %v, want none", list)
	}
}

// The figures a job prints need the caller's own finance permission:
// documents.job.write alone is not enough.
func TestAJobNeedsTheRightToItsFigures(t *testing.T) {
	f := newFixture(t, func(d *documents.Deps) { d.Temporal = nil })
	tn := tenant.New()
	ctx := as(tn, "u1", documents.PermJobWrite, documents.PermJobRead)
	_, err := f.svc.RequestJob(ctx, documents.KindTrialBalance, json.RawMessage(`{"asOf":"2026-11-30"}`))
	if !errs.Is(err, errs.PermissionDenied) {
		t.Fatalf("error = %v, want PERMISSION_DENIED", err)
	}
	f.rest(t, tn).Do(http.MethodPost, documents.Base+"/jobs", map[string]any{"kind": "ageing",
		"params": map[string]any{"asOf": "2026-11-30", "side": "sideways"}}).Want(t, http.StatusBadRequest)
}
