package workflow_test

import (
	"net/http"
	"slices"
	"testing"

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
