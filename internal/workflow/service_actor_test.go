package workflow_test

import (
	"net/http"
	"slices"
	"testing"

	"github.com/vextrus/vextrus/internal/platform/tenant"
	"github.com/vextrus/vextrus/internal/platform/testwait"
	"github.com/vextrus/vextrus/internal/workflow"
)

// A platform service acting with a service credential (the orders
// service's background work) submits a document for approval and
// withdraws it when the document is cancelled; it never decides.
func TestAServiceSubmitsAndWithdrawsButNeverDecides(t *testing.T) {
	s := newSystem(t)
	orders := user{tenantA, "service:orders", ""}
	started := s.start(orders, "PO-SVC-1")
	testwait.For(t, waitLimit, "A's clerk to see the service's approval", func() bool { return slices.Contains(s.inbox(aClerk), started.ID) })
	for _, decision := range []string{"approve", "reject"} {
		if code := s.call(orders, http.MethodPost, "/approvals/"+started.ID+"/"+decision, nil, nil); code != http.StatusForbidden {
			t.Fatalf("%s as a service: status %d, want 403", decision, code)
		}
	}
	for _, path := range []string{"/inbox", "/delegations"} {
		if code := s.call(orders, http.MethodGet, path, nil, nil); code != http.StatusForbidden {
			t.Fatalf("GET %s as a service: status %d, want 403", path, code)
		}
	}
	var w approvalAnswer
	if code := s.call(orders, http.MethodPost, "/approvals/"+started.ID+"/withdraw", nil, &w); code != http.StatusOK || w.Status != workflow.StatusWithdrawn {
		t.Fatalf("withdraw as the service: status %d %s", code, w.Status)
	}
	testwait.For(t, waitLimit, "the withdrawn task to leave the inbox", func() bool { return !slices.Contains(s.inbox(aClerk), started.ID) })
	var read struct {
		Submitter string `json:"submitter"`
		Status    string `json:"status"`
	}
	if code := s.call(aClerk, http.MethodGet, "/approvals/"+started.ID, nil, &read); code != http.StatusOK ||
		read.Submitter != "service:orders" || read.Status != workflow.StatusWithdrawn {
		t.Fatalf("the approval as the clerk reads it: %d %+v", code, read)
	}
}

// A platform service resuming a submit (one a crash kept from reaching
// the workflow) starts the approval as its submitter's: a user's, who
// may then withdraw it, or another service's (a delivery's invoice,
// submitted by orders), which may. A user cannot start one in another's
// name: the start is refused naming document.submitter and nothing opens.
func TestAServiceResumesAUsersSubmitInTheirName(t *testing.T) {
	s := newSystem(t)
	forged := invoiceBody("INV-FORGED")
	forged["document"].(map[string]any)["submitter"] = submitter
	var r struct {
		Code   string
		Errors []struct{ Field string }
	}
	if code := s.call(aClerk, http.MethodPost, "/approvals", forged, &r); code != http.StatusBadRequest ||
		r.Code != "INVALID_ARGUMENT" || len(r.Errors) != 1 || r.Errors[0].Field != "document.submitter" {
		t.Fatalf("a user naming another submitter: status %d %+v, want 400 naming document.submitter", code, r)
	}
	finance := user{tenantA, "service:finance", ""}
	if code := s.call(aClerk, http.MethodGet, "/approvals/"+workflow.ApprovalID(tenant.MustParse(tenantA),
		workflow.Document{Service: "finance", Type: "invoice", ID: "INV-FORGED"}).String(), nil, nil); code != http.StatusNotFound {
		t.Fatalf("the refused approval: status %d, want 404", code)
	}

	resumed := invoiceBody("INV-RESUMED")
	resumed["document"].(map[string]any)["submitter"] = submitter
	var a approvalAnswer
	if code := s.call(finance, http.MethodPost, "/approvals", resumed, &a); code != http.StatusCreated {
		t.Fatalf("the service resuming the accountant's submit: status %d %+v", code, a)
	}
	testwait.For(t, waitLimit, "A's clerk to see the resumed approval", func() bool { return slices.Contains(s.inbox(aClerk), a.ID) })
	var read struct {
		Submitter string `json:"submitter"`
	}
	if code := s.call(aClerk, http.MethodGet, "/approvals/"+a.ID, nil, &read); code != http.StatusOK || read.Submitter != submitter {
		t.Fatalf("the resumed approval's submitter: %d %q, want the accountant %q", code, read.Submitter, submitter)
	}
	var w approvalAnswer
	if code := s.call(aSubmitter, http.MethodPost, "/approvals/"+a.ID+"/withdraw", nil, &w); code != http.StatusOK || w.Status != workflow.StatusWithdrawn {
		t.Fatalf("the accountant withdrawing the approval resumed in their name: status %d %s", code, w.Status)
	}

	delivery := invoiceBody("INV-DELIVERY")
	delivery["document"].(map[string]any)["submitter"] = "service:orders"
	if code := s.call(finance, http.MethodPost, "/approvals", delivery, &a); code != http.StatusCreated {
		t.Fatalf("the service resuming orders' submit: status %d %+v", code, a)
	}
	orders := user{tenantA, "service:orders", ""}
	if code := s.call(orders, http.MethodPost, "/approvals/"+a.ID+"/withdraw", nil, &w); code != http.StatusOK || w.Status != workflow.StatusWithdrawn {
		t.Fatalf("orders withdrawing the approval resumed in its name: status %d %s", code, w.Status)
	}
}
