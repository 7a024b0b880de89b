package console_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/vextrus/vextrus/internal/app"
)

func TestTheTrialBalanceBalancesAndTheAgeingListsAnOpenInvoice(t *testing.T) {
	base, owner := platform(t)
	_, customerID := customer(t, owner, "Buriganga Cement")
	approvedInvoice(t, owner, customerID, "200000.00")
	b := newBrowserless(t, base)
	b.signIn(app.DevTenant, app.DevAdmin, devPassword)

	status, page := b.get("/console/reports/trial-balance")
	if status != http.StatusOK {
		t.Fatalf("trial balance: %d\n%s", status, page)
	}
	total := func(id string) string {
		m := regexp.MustCompile(`id="` + id + `"><span class="amount">([^<]+)<`).FindStringSubmatch(page)
		if m == nil {
			t.Fatalf("the trial balance has no %s:\n%s", id, page)
		}
		return m[1]
	}
	if d, c := total("tb-debit"), total("tb-credit"); d != c || d == "0.00" {
		t.Fatalf("trial balance totals: debit %s, credit %s", d, c)
	}
	if status, page = b.get("/console/reports/trial-balance?asOf=yesterday"); status != http.StatusBadRequest || !strings.Contains(page, `id="f-asOf-error"`) {
		t.Fatalf("a bad day: %d, want 400 with the error by the day\n%s", status, page)
	}
	if status, page = b.get("/console/reports/ageing/receivables"); status != http.StatusOK || !strings.Contains(page, "Buriganga Cement") ||
		!strings.Contains(page, "2,30,000.00") {
		t.Fatalf("receivables ageing lacks the open invoice of 2,30,000.00: %d\n%s", status, page)
	}
}
