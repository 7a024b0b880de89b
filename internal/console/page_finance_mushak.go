package console

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"slices"

	"github.com/vextrus/vextrus/internal/documents"
	"github.com/vextrus/vextrus/internal/finance"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/httpx"
)

const documentsAPI = "/api/v1/documents/jobs"

// documentJobJSON is a document job as the documents service answers it.
type documentJobJSON = documents.JobJSON

// mushakable reports whether inv has a Mushak-6.3: a sales invoice once
// approved (the documents service refuses the others).
func mushakable(inv finance.InvoiceJSON) bool {
	if inv.Kind != "sales" {
		return false
	}
	switch inv.Status {
	case "approved", "partially_paid", "paid":
		return true
	}
	return false
}

// lastMushak is the newest Mushak-6.3 job for the invoice among the
// user's recent ones, nil when none (or documents does not answer: the
// page then offers to make one).
func (c *Console) lastMushak(r *http.Request, invoiceID string) *documentJobJSON {
	if !Can(r.Context(), documents.PermJobRead) {
		return nil
	}
	var page httpx.Page[documentJobJSON]
	q := url.Values{"kind": {documents.KindMushak63}, "mine": {"true"}, "limit": {"50"}}
	if err := c.API(r, c.svc.Documents, http.MethodGet, documentsAPI+"?"+q.Encode(), nil, &page); err != nil {
		return nil
	}
	for i, j := range page.Items {
		var p struct {
			InvoiceID string `json:"invoiceId"`
		}
		if json.Unmarshal(j.Params, &p) == nil && p.InvoiceID == invoiceID && j.Status != documents.StatusFailed {
			return &page.Items[i]
		}
	}
	return nil
}

// requestMushak asks the documents service for the invoice's Mushak-6.3
// in the user's language and shows the job.
func (c *Console) requestMushak(w http.ResponseWriter, r *http.Request) error {
	params := map[string]string{"invoiceId": r.PathValue("id"), "lang": string(viewOf(r.Context()).Lang)}
	var job documentJobJSON
	if err := c.API(r, c.svc.Documents, http.MethodPost, documentsAPI, map[string]any{"kind": documents.KindMushak63, "params": params}, &job); err != nil {
		return err
	}
	Redirect(w, r, Href("documents", job.ID.String()))
	return nil
}

// documentJob shows a job's progress; while it runs, the page asks
// again every two seconds (htmx, or the refresh link without script).
func (c *Console) documentJob(w http.ResponseWriter, r *http.Request) error {
	var job documentJobJSON
	if err := c.API(r, c.svc.Documents, http.MethodGet, documentsAPI+"/"+url.PathEscape(r.PathValue("id")), nil, &job); err != nil {
		return err
	}
	c.Render(w, r, http.StatusOK, "document.title", DocumentJobPage(job))
	return nil
}

// downloadDocument sends the browser to the file's presigned link, asked
// of the documents service as the user (it checks the job is theirs to
// read).
func (c *Console) downloadDocument(w http.ResponseWriter, r *http.Request) error {
	s := sessionOf(r.Context())
	if c.svc.Documents == nil {
		return errs.E(errs.Unavailable, "this service is not available here")
	}
	tok, err := c.accessToken(r.Context(), s)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(r.Context(), http.MethodGet, documentsAPI+"/"+url.PathEscape(r.PathValue("id"))+"/download", nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+tok)
	hc := &http.Client{Transport: c.svc.Documents.RoundTripper(), CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}
	res, err := hc.Do(req)
	if err != nil {
		return errs.Wrap(errs.Unavailable, err, "ask the documents service for the file")
	}
	defer res.Body.Close()
	if loc := res.Header.Get("Location"); res.StatusCode == http.StatusSeeOther && loc != "" {
		http.Redirect(w, r, loc, http.StatusSeeOther)
		return nil
	}
	body, _ := io.ReadAll(io.LimitReader(res.Body, 64<<10))
	var p httpx.Problem
	if json.Unmarshal(body, &p) == nil && slices.Contains(errs.Codes(), p.Code) {
		return p.Err()
	}
	return errs.E(errs.FromHTTPStatus(res.StatusCode), "the documents service answered %d", res.StatusCode)
}

// jobDone reports whether a job has finished, well or not.
func jobDone(j documentJobJSON) bool {
	return j.Status == documents.StatusSucceeded || j.Status == documents.StatusFailed
}
