package workflow_test

import (
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/vextrus/vextrus/internal/platform/testwait"
)

// A delegation passes on what the delegator holds at the decision, not
// what they held when they delegated: once the clerk's accounts_payable
// role is revoked, the clerk's delegate can no longer decide level 1.
func TestDelegateGetsTheDelegatorsCurrentRoles(t *testing.T) {
	s := newSystem(t)
	a := s.start(aSubmitter, "INV-300")
	testwait.For(t, waitLimit, "level 1 in the clerk's inbox", func() bool { return slices.Contains(s.inbox(aClerk), a.ID) })
	body := map[string]any{"to": aOutsider.id, "ends": time.Now().Add(48 * time.Hour).UTC()}
	if code := s.call(aClerk, http.MethodPost, "/delegations", body, nil); code != http.StatusCreated {
		t.Fatalf("delegate: status %d", code)
	}
	if !slices.Contains(s.inbox(aOutsider), a.ID) {
		t.Fatal("the delegate does not see the clerk's task while the clerk holds the role")
	}

	s.dir.revoked.Store(aClerk.id, true)
	if slices.Contains(s.inbox(aOutsider), a.ID) {
		t.Error("the delegate still sees the task of a delegator who lost the role")
	}
	var refused struct {
		Code string `json:"code"`
	}
	if code := s.call(aOutsider, http.MethodPost, "/approvals/"+a.ID+"/approve", nil, &refused); code != http.StatusForbidden {
		t.Fatalf("approve by the delegate of a delegator without the role: status %d %s, want 403", code, refused.Code)
	}

	s.dir.revoked.Delete(aClerk.id)
	if code := s.call(aOutsider, http.MethodPost, "/approvals/"+a.ID+"/approve", nil, nil); code != http.StatusOK {
		t.Fatalf("approve by the delegate once the role is back: status %d", code)
	}
}
