package console

import (
	"context"
	"net/http"
	"net/url"
	"time"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/httpx"
	"github.com/vextrus/vextrus/internal/workflow"
)

// inboxTask is what the console reads of a task in the user's inbox.
type inboxTask struct {
	ApprovalID string      `json:"approvalId"`
	Task       string      `json:"task"`
	Level      int         `json:"level"`
	LevelName  string      `json:"levelName"`
	Document   approvalDoc `json:"document"`
	DueAt      *time.Time  `json:"dueAt"`
	Since      time.Time   `json:"since"`
}

type approvalDoc struct {
	Service    string    `json:"service"`
	Type       string    `json:"type"`
	ID         string    `json:"id"`
	Amount     moneyJSON `json:"amount"`
	Department string    `json:"department"`
	Summary    string    `json:"summary"`
}

// moneyJSON is the platform's money on the wire.
type moneyJSON struct {
	Amount   string `json:"amount"`
	Currency string `json:"currency"`
}

type approvalJSON struct {
	ID         string      `json:"id"`
	Status     string      `json:"status"`
	Document   approvalDoc `json:"document"`
	Submitter  string      `json:"submitter"`
	Level      int         `json:"level"`
	LevelCount int         `json:"levelCount"`
	Levels     []struct {
		Name string `json:"name"`
		Mode string `json:"mode"`
	} `json:"levels"`
	DueAt     *time.Time     `json:"dueAt"`
	History   []historyEntry `json:"history"`
	CreatedAt time.Time      `json:"createdAt"`
}

// decisions are the inbox's actions: the console's path, the workflow
// API's path, the permission that offers the button and its label.
var decisions = []struct{ Path, Perm, Label string }{
	{"approve", workflow.PermApprove, "approval.approve"},
	{"reject", workflow.PermReject, "approval.reject"},
	{"request-info", workflow.PermApprove, "approval.request_info"},
}

// respondPath is the submitter's answer to a request for information.
const respondPath = "respond"

func (c *Console) approvalRoutes() {
	c.mux.Handle("GET "+Prefix+"/approvals", c.page(c.approvals))
	c.mux.Handle("GET "+Prefix+"/approvals/{id}", c.page(c.approval))
	for _, d := range decisions {
		c.mux.Handle("POST "+Prefix+"/approvals/{id}/"+d.Path, c.page(c.decide(d.Path)))
	}
	c.mux.Handle("POST "+Prefix+"/approvals/{id}/"+respondPath, c.page(c.decide(respondPath)))
}

func (c *Console) inbox(r *http.Request, cursor string) (httpx.Page[inboxTask], error) {
	var page httpx.Page[inboxTask]
	q := url.Values{"limit": {"50"}}
	if cursor != "" {
		q.Set("cursor", cursor)
	}
	err := c.API(r, c.svc.Workflow, http.MethodGet, "/api/v1/workflow/inbox?"+q.Encode(), nil, &page)
	return page, err
}

// approvals is the inbox: what waits for the user, newest first.
func (c *Console) approvals(w http.ResponseWriter, r *http.Request) error {
	l := ListOf(r)
	page, err := c.inbox(r, l.Get("after"))
	if err != nil {
		return err
	}
	t := Table{Caption: "approvals.caption", List: l, Empty: "approvals.empty", Columns: []Column{
		{Label: "approvals.document"}, {Label: "approvals.task"}, {Label: "approvals.level"}, {Label: "approvals.amount", Num: true}, {Label: "approvals.since"}}}
	for _, task := range page.Items {
		t.Rows = append(t.Rows, Row{Link(Href("approvals", task.ApprovalID), docTitle(r, task.Document)), Text(T(r.Context(), "approvals.task."+task.Task)),
			Text(task.LevelName), Money(task.Document.Amount.Amount, task.Document.Amount.Currency), When(task.Since)})
	}
	if page.NextCursor != nil {
		t.Next = *page.NextCursor
	}
	c.Render(w, r, http.StatusOK, "approvals.title", ApprovalsPage(t))
	return nil
}

// approval shows one approval: its document, levels, history and the
// decisions the user may take.
func (c *Console) approval(w http.ResponseWriter, r *http.Request) error {
	return c.showApproval(w, r, http.StatusOK, NewForm("", nil, nil))
}

func (c *Console) showApproval(w http.ResponseWriter, r *http.Request, status int, f *Form) error {
	var a approvalJSON
	if err := c.API(r, c.svc.Workflow, http.MethodGet, "/api/v1/workflow/approvals/"+url.PathEscape(r.PathValue("id")), nil, &a); err != nil {
		return err
	}
	c.Render(w, r, status, "approval.title", ApprovalPage(approvalView{A: a, Names: c.actorNames(r, a), Form: f}))
	return nil
}

// decide posts a decision (or the submitter's answer) with its comment
// and shows the approval again; a refusal shows the form again with the
// service's message.
func (c *Console) decide(path string) HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id := r.PathValue("id")
		in := map[string]string{"comment": r.PostFormValue("comment")}
		err := c.API(r, c.svc.Workflow, http.MethodPost, "/api/v1/workflow/approvals/"+url.PathEscape(id)+"/"+path, in, nil)
		if err != nil {
			if code := errs.CodeOf(err); code == errs.InvalidArgument || code == errs.FailedPrecondition || code == errs.PermissionDenied || code == errs.Conflict {
				return c.showApproval(w, r, errs.Public(err).HTTPStatus(), NewForm("", r.PostForm, err))
			}
			return err
		}
		Redirect(w, r, Href("approvals", id))
		return nil
	}
}

// docTitle names an approval's document: its summary, else its type.
func docTitle(r *http.Request, d approvalDoc) string { return docTitleCtx(r.Context(), d) }

// docHref is the console page of an approval's document, "" when the
// console has none.
func docHref(d approvalDoc) string {
	switch d.Type {
	case "purchase_order":
		return Href("purchase-orders", d.ID)
	case "invoice", "bill":
		return Href("invoices", d.ID)
	}
	return ""
}

func docTitleCtx(ctx context.Context, d approvalDoc) string {
	if d.Summary != "" {
		return d.Summary
	}
	return T(ctx, "doc."+d.Type)
}
