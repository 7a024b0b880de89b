package console_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/vextrus/vextrus/internal/app"
	"github.com/vextrus/vextrus/internal/platform/apitest"
	"github.com/vextrus/vextrus/internal/platform/testwait"
)

// invoiceAwaitingApproval makes and submits a sales invoice of 20 lakh
// (before VAT) through the API: above the 10 lakh of
// smallInvoicesNeedNoApproval, so it waits for a finance_manager. Returns
// the invoice's and its approval's ids.
func invoiceAwaitingApproval(t *testing.T, owner *apitest.Client, customerID string) (invoice, approval string) {
	t.Helper()
	smallInvoicesNeedNoApproval(t, owner)
	var inv struct {
		ID, Status string
		ApprovalID *string `json:"approvalId"`
	}
	owner.Do(http.MethodPost, "/api/v1/finance/invoices", map[string]any{"kind": "sales", "party": map[string]any{"id": customerID},
		"lines": []any{map[string]any{"description": "Steel rod, 20 mm", "vatCategory": "standard", "quantity": "1", "unit": "lot",
			"unitPrice": map[string]string{"amount": "2000000.00", "currency": "BDT"}}}}).Want(t, http.StatusCreated).Decode(t, &inv)
	owner.Do(http.MethodPost, "/api/v1/finance/invoices/"+inv.ID+"/submit", nil).Want(t, http.StatusOK).Decode(t, &inv)
	testwait.For(t, 30*time.Second, "the invoice's approval", func() bool {
		owner.Do(http.MethodGet, "/api/v1/finance/invoices/"+inv.ID, nil).Want(t, http.StatusOK).Decode(t, &inv)
		return inv.ApprovalID != nil
	})
	if inv.Status != "submitted" {
		t.Fatalf("invoice %s is %s, want submitted (waiting for approval)", inv.ID, inv.Status)
	}
	return inv.ID, *inv.ApprovalID
}

func TestTheSubmitterAnswersARequestForInformationAndTheHistoryNamesPeople(t *testing.T) {
	base, owner := platform(t)
	// The approver may decide invoices but not read users: auth answers
	// them no names.
	role(t, owner, "finance_manager", "workflow.approval.read", "workflow.approval.approve", "workflow.approval.reject",
		"finance.invoice.read", "finance.invoice.approve")
	approverEmail := person(t, base, owner, "Nasreen", "finance_manager")
	_, customerID := customer(t, owner, "Meghna Cement")
	invoiceID, approvalID := invoiceAwaitingApproval(t, owner, customerID)
	var admin struct{ ID string }
	owner.Do(http.MethodGet, "/api/v1/auth/me", nil).Want(t, http.StatusOK).Decode(t, &admin)
	page := "/console/approvals/" + approvalID

	approver := newBrowserless(t, base)
	approver.signIn(app.DevTenant, approverEmail, userPassword)
	testwait.For(t, 30*time.Second, "the approver's decision buttons", func() bool {
		_, body := approver.get(page)
		return strings.Contains(body, "decision-request-info")
	})
	if status, _, body := approver.post(page+"/request-info", url.Values{"csrf": {approver.csrf}, "comment": {"Which site is this steel for?"}}); status != http.StatusSeeOther {
		t.Fatalf("request information: %d\n%s", status, body)
	}
	_, body := approver.get(page)
	if strings.Contains(body, page+"/respond") || strings.Contains(body, "decision-approve") {
		t.Fatalf("while the level waits for the answer the approver is offered to answer or decide:\n%s", body)
	}
	if status, _, body := approver.post(page+"/respond", url.Values{"csrf": {approver.csrf}, "comment": {"Padma site"}}); status != http.StatusForbidden {
		t.Fatalf("the approver answering the question: %d, want 403 (only the submitter answers)\n%s", status, body)
	}

	owner2 := newBrowserless(t, base)
	owner2.signIn(app.DevTenant, app.DevAdmin, devPassword)
	testwait.For(t, 30*time.Second, "the question in the submitter's inbox", func() bool {
		_, inbox := owner2.get("/console/approvals")
		return strings.Contains(inbox, page) && strings.Contains(inbox, "Answer a question")
	})
	if _, home := owner2.get("/console/"); !strings.Contains(home, page) || !strings.Contains(home, "Answer a question") {
		t.Error("the submitter's home page does not show the question waiting for an answer")
	}
	_, body = owner2.get(page)
	for _, want := range []string{"Nasreen asks:", "Which site is this steel for?", `action="` + page + `/respond"`, "Your answer"} {
		if !strings.Contains(body, want) {
			t.Errorf("the submitter's page lacks %q", want)
		}
	}
	if strings.Contains(body, "decision-approve") {
		t.Error("the submitter is offered to decide on their own invoice")
	}
	if strings.Contains(body, userID(t, owner, approverEmail)) {
		t.Error("the history shows the approver's id instead of the name")
	}
	if status, _, body := owner2.post(page+"/respond", url.Values{"csrf": {owner2.csrf}, "comment": {"The Padma bridge site, block C"}}); status != http.StatusSeeOther {
		t.Fatalf("the submitter's answer: %d\n%s", status, body)
	}
	_, body = owner2.get(page)
	for _, want := range []string{"badge-pending", "Answered", "The Padma bridge site, block C", "Demo Admin"} {
		if !strings.Contains(body, want) {
			t.Errorf("after the answer the page lacks %q", want)
		}
	}
	if _, inv := owner2.get("/console/invoices/" + invoiceID); !strings.Contains(inv, "Nasreen") {
		t.Error("the invoice page's approval history does not name the approver")
	}

	// The approver, who may not read users, sees the submitter as "a
	// user" and the start of the id, never the whole id, and decides.
	_, body = approver.get(page)
	if !strings.Contains(body, "decision-approve") || !strings.Contains(body, "a user ("+admin.ID[:8]+")") || strings.Contains(body, admin.ID) {
		t.Fatalf("the approver's page after the answer: want the decision and the submitter as a user (%s)\n%s", admin.ID[:8], body)
	}
	if status, _, body := approver.post(page+"/approve", url.Values{"csrf": {approver.csrf}, "comment": {"Site confirmed"}}); status != http.StatusSeeOther {
		t.Fatalf("approve after the answer: %d\n%s", status, body)
	}
	testwait.For(t, 30*time.Second, "the invoice approved", func() bool {
		_, inv := owner2.get("/console/invoices/" + invoiceID)
		return strings.Contains(inv, "badge-approved")
	})
}

// userID is the id of the dev tenant's user with email.
func userID(t *testing.T, owner *apitest.Client, email string) string {
	t.Helper()
	var page struct {
		Items []struct{ ID, Email string }
	}
	owner.Do(http.MethodGet, "/api/v1/auth/users?q="+url.QueryEscape(email), nil).Want(t, http.StatusOK).Decode(t, &page)
	for _, u := range page.Items {
		if u.Email == email {
			return u.ID
		}
	}
	t.Fatalf("no user %s", email)
	return ""
}
