package console_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/vextrus/vextrus/internal/app"
	"github.com/vextrus/vextrus/internal/platform/testwait"
)

func TestTheAuditLogFindsARecordsEntriesAndTheChainVerifies(t *testing.T) {
	base, owner := platform(t)
	_, customerID := customer(t, owner, "Gorai Steel")
	b := newBrowserless(t, base)
	b.signIn(app.DevTenant, app.DevAdmin, devPassword)

	// The audit service records the customer's event when it consumes it.
	var page string
	testwait.For(t, 60*time.Second, "the customer's audit entry", func() bool {
		_, page = b.get("/console/audit?subject=" + customerID)
		return strings.Contains(page, "customer")
	})
	if !strings.Contains(page, `value="`+customerID+`"`) {
		t.Fatalf("the filter form does not keep the subject:\n%s", page)
	}
	status, _, body := b.post("/console/audit/verify?subject="+customerID, url.Values{"csrf": {b.csrf}})
	if status != http.StatusOK || !strings.Contains(body, `id="audit-verified"`) || !strings.Contains(body, "The chain verifies") {
		t.Fatalf("verify the chain: %d\n%s", status, body)
	}
}

func TestAUserWithoutAuditRightsIsRefusedTheLog(t *testing.T) {
	base, owner := platform(t)
	role(t, owner, "c2_no_audit", "finance.invoice.read")
	b := newBrowserless(t, base)
	b.signIn(app.DevTenant, person(t, base, owner, "noaudit", "c2_no_audit"), userPassword)
	if _, home := b.get("/console/"); strings.Contains(home, `href="/console/audit"`) || strings.Contains(home, `href="/console/admin/users"`) {
		t.Fatalf("the navigation offers the audit log or administration to an invoice reader:\n%s", home)
	}
	if status, _ := b.get("/console/audit"); status != http.StatusForbidden {
		t.Fatalf("the audit log by URL: %d, want 403", status)
	}
	if status, _, _ := b.post("/console/audit/verify", url.Values{"csrf": {b.csrf}}); status != http.StatusForbidden {
		t.Fatalf("verify by a direct post: %d, want 403", status)
	}
}
