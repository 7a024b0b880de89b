package console_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/vextrus/vextrus/internal/app"
)

var hiddenVersion = regexp.MustCompile(`name="version" value="(\d+)"`)

func TestTheAdministratorChangesTheSettingsAtTheVersionTheyOpened(t *testing.T) {
	base, _ := platform(t)
	b := newBrowserless(t, base)
	b.signIn(app.DevTenant, app.DevAdmin, devPassword)
	status, page := b.get("/console/admin/settings")
	v := hiddenVersion.FindStringSubmatch(page)
	if status != http.StatusOK || v == nil {
		t.Fatalf("settings: %d\n%s", status, page)
	}
	form := url.Values{"csrf": {b.csrf}, "version": {v[1]}, "reason": {"new VAT circle"}}
	for _, name := range []string{"company.legalName", "company.legalNameBn", "company.bin", "company.tin", "company.vatDivision",
		"timezone", "fiscalYearStartMonth", "locale", "numberGrouping"} {
		m := regexp.MustCompile(`name="` + regexp.QuoteMeta(name) + `" value="([^"]*)"`).FindStringSubmatch(page)
		if m == nil {
			t.Fatalf("the settings form has no %s", name)
		}
		form.Set(name, m[1])
	}
	circle := fmt.Sprintf("Circle-%d (Gulshan)", time.Now().Unix()%97)
	form.Set("company.vatCircle", circle)
	if status, loc, body := b.post("/console/admin/settings", form); status != http.StatusSeeOther || loc != "/console/admin/settings" {
		t.Fatalf("save: %d %s\n%s", status, loc, body)
	}
	if _, page = b.get("/console/admin/settings"); !strings.Contains(page, circle) {
		t.Fatalf("the saved circle %q is not shown", circle)
	}
	// The same form again: its version is now stale, and nothing changes.
	form.Set("company.vatCircle", "Circle-1 (Motijheel)")
	if status, _, body := b.post("/console/admin/settings", form); status != http.StatusPreconditionFailed || !strings.Contains(body, "Someone else changed") {
		t.Fatalf("a stale save: %d, want 412 with the stale message\n%s", status, body)
	}
	if _, page = b.get("/console/admin/settings"); !strings.Contains(page, circle) {
		t.Fatalf("the stale save changed the settings")
	}
}

func TestTheAdministratorInvitesAUserAndGivesAndTakesARole(t *testing.T) {
	base, owner := platform(t)
	role(t, owner, "c2_clerk", "finance.invoice.read")
	b := newBrowserless(t, base)
	b.signIn(app.DevTenant, app.DevAdmin, devPassword)
	b.get("/console/admin/users")
	email := fmt.Sprintf("clerk-%d@demo.local", time.Now().UnixNano())
	status, _, body := b.post("/console/admin/users", url.Values{"csrf": {b.csrf}, "email": {email}, "name": {"Nasrin Clerk"}, "locale": {"bn"}})
	if status != http.StatusOK || !strings.Contains(body, "An invitation was sent to "+email) {
		t.Fatalf("invite: %d\n%s", status, body)
	}
	_, list := b.get("/console/admin/users?q=" + url.QueryEscape(email))
	m := regexp.MustCompile(`href="/console/admin/users/([0-9a-f-]{36})">Nasrin Clerk<`).FindStringSubmatch(list)
	if m == nil {
		t.Fatalf("the users list does not find the invited user:\n%s", list)
	}
	user := "/console/admin/users/" + m[1]
	_, page := b.get(user)
	v := hiddenVersion.FindStringSubmatch(page)
	if v == nil {
		t.Fatalf("the user page offers no role:\n%s", page)
	}
	if status, _, body := b.post(user+"/roles", url.Values{"csrf": {b.csrf}, "version": {v[1]}, "role": {"c2_clerk"}}); status != http.StatusSeeOther {
		t.Fatalf("give the role: %d\n%s", status, body)
	}
	_, page = b.get(user)
	if !strings.Contains(page, user+"/roles/c2_clerk/revoke") {
		t.Fatalf("the given role is not listed with its revoke button:\n%s", page)
	}
	v = hiddenVersion.FindStringSubmatch(page)
	if status, _, body := b.post(user+"/roles/c2_clerk/revoke", url.Values{"csrf": {b.csrf}, "version": {v[1]}}); status != http.StatusSeeOther {
		t.Fatalf("take the role: %d\n%s", status, body)
	}
	if _, page = b.get(user); strings.Contains(page, "/roles/c2_clerk/revoke") {
		t.Fatalf("the taken role is still listed")
	}
}
