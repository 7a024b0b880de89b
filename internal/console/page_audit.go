package console

import (
	"net/http"

	"github.com/vextrus/vextrus/internal/audit"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/httpx"
)

const auditAPI = "/api/v1/audit/"

func (c *Console) auditRoutes() {
	c.mux.Handle("GET "+Prefix+"/audit", c.page(c.auditLog))
	c.mux.Handle("POST "+Prefix+"/audit/verify", c.page(c.verifyAudit))
}

// auditFilters are the log's filters, under the API's names.
var auditFilters = []string{"subject", "type", "actor", "fromDate", "toDate"}

// auditLog is the tenant's audit log, newest first, filtered in the URL.
func (c *Console) auditLog(w http.ResponseWriter, r *http.Request) error {
	return c.showAudit(w, r, nil)
}

func (c *Console) showAudit(w http.ResponseWriter, r *http.Request, verified *audit.VerifyJSON) error {
	l := ListOf(r)
	var page httpx.Page[audit.EntryJSON]
	err := c.API(r, c.svc.Audit, http.MethodGet, auditAPI+"events?"+l.API(auditFilters...), nil, &page)
	if err != nil && !errs.Is(err, errs.InvalidArgument) {
		return err
	}
	t := Table{Caption: "audit.caption", List: l, Empty: "audit.empty", Columns: []Column{
		{Label: "audit.seq", Num: true}, {Label: "audit.time"}, {Label: "audit.type"}, {Label: "audit.subject"},
		{Label: "audit.actor"}, {Label: "audit.data"}}}
	for _, e := range page.Items {
		t.Rows = append(t.Rows, Row{Text(Digits(r.Context(), itoa64(e.Seq))), Moment(e.Time), Text(e.Type),
			Link(l.With("subject", e.Subject), e.Subject), Link(l.With("actor", e.Actor), e.Actor), EventData(string(e.Data), e.Hash)})
	}
	if page.NextCursor != nil {
		t.Next = *page.NextCursor
	}
	c.Render(w, r, status(err), "audit.title", AuditPage(NewForm(l.Path, l.Values, err), t, verified))
	return nil
}

// verifyAudit walks the tenant's hash chain at the audit service and
// shows the log with the result.
func (c *Console) verifyAudit(w http.ResponseWriter, r *http.Request) error {
	var v audit.VerifyJSON
	if err := c.API(r, c.svc.Audit, http.MethodPost, auditAPI+"verify", nil, &v); err != nil {
		return err
	}
	return c.showAudit(w, r, &v)
}
