package console

import (
	"net/http"
	"net/url"

	"github.com/vextrus/vextrus/internal/documents"
	"github.com/vextrus/vextrus/internal/finance"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

func (c *Console) reportRoutes() {
	m := c.mux
	m.Handle("GET "+Prefix+"/reports/trial-balance", c.page(c.trialBalance))
	m.Handle("GET "+Prefix+"/reports/ageing/{side}", c.page(c.ageing))
	m.Handle("POST "+Prefix+"/reports/pdf", c.page(c.reportPDF))
}

// trialBalance is the trial balance as of a day (the tenant's today
// when none), the day in the URL.
func (c *Console) trialBalance(w http.ResponseWriter, r *http.Request) error {
	l := ListOf(r)
	q := url.Values{}
	if d := l.Get("asOf"); d != "" {
		q.Set("asOf", d)
	}
	if l.Get("all") == "true" {
		q.Set("all", "true")
	}
	var tb finance.TrialBalanceJSON
	err := c.API(r, c.svc.Finance, http.MethodGet, financeAPI+"trial-balance?"+q.Encode(), nil, &tb)
	if err != nil && !errs.Is(err, errs.InvalidArgument) {
		return err
	}
	c.Render(w, r, status(err), "report.trial_balance", TrialBalancePage(NewForm(l.Path, l.Values, err), l, tb))
	return nil
}

// ageing is the receivables or payables ageing as of a day.
func (c *Console) ageing(w http.ResponseWriter, r *http.Request) error {
	side := r.PathValue("side")
	if side != "receivables" && side != "payables" {
		return errNoPage
	}
	l := ListOf(r)
	q := url.Values{}
	if d := l.Get("asOf"); d != "" {
		q.Set("asOf", d)
	}
	var a finance.AgeingJSON
	err := c.API(r, c.svc.Finance, http.MethodGet, financeAPI+"ageing/"+side+"?"+q.Encode(), nil, &a)
	if err != nil && !errs.Is(err, errs.InvalidArgument) {
		return err
	}
	c.Render(w, r, status(err), "report.ageing."+side, AgeingPage(NewForm(l.Path, l.Values, err), l, side, a))
	return nil
}

// reportPDF asks the documents service for a report's PDF (trial
// balance or ageing, as of the day shown) and shows the job.
func (c *Console) reportPDF(w http.ResponseWriter, r *http.Request) error {
	kind := r.PostFormValue("kind")
	params := map[string]string{"asOf": r.PostFormValue("asOf"), "format": "pdf"}
	switch kind {
	case documents.KindTrialBalance:
	case documents.KindAgeing:
		params["side"] = r.PostFormValue("side")
	default:
		return errs.Field("kind", "must be %s or %s", documents.KindTrialBalance, documents.KindAgeing)
	}
	var job documentJobJSON
	if err := c.API(r, c.svc.Documents, http.MethodPost, documentsAPI, map[string]any{"kind": kind, "params": params}, &job); err != nil {
		return err
	}
	Redirect(w, r, Href("documents", job.ID.String()))
	return nil
}

// status is the page's status: 200, or the error's when a parameter was
// refused (the form shows it by its field).
func status(err error) int {
	if err != nil {
		return errs.Public(err).HTTPStatus()
	}
	return http.StatusOK
}
