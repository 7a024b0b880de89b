package notify_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/vextrus/vextrus/internal/notify"
	"github.com/vextrus/vextrus/internal/platform/tenant"
	"github.com/vextrus/vextrus/internal/platform/testwait"
)

// requested is the workflow's request of approval id for purchase order
// n, asked of approvers.
func requested(t tenant.ID, n int, approvers ...string) eventOf {
	return eventOf{t, notify.EventApprovalRequested, map[string]any{
		"approvalId": fmt.Sprintf("0190a0b0-0000-7000-8000-%012d", n),
		"document": map[string]any{"service": "orders", "type": "orders.purchase_order", "id": fmt.Sprintf("po-%d", n),
			"amount": map[string]any{"amount": "150000.00", "currency": "BDT"}, "summary": fmt.Sprintf("Purchase order PO-%04d", n)},
		"submitter": "someone-else", "level": 1, "approvers": approvers}}
}

// A role's holders are told of each request in-app at once, and by
// email once per window: one digest listing the window's requests, in
// their language, at their quiet hours' end if the window ends in them.
// A user named as the approver is mailed at once. A request that comes
// after a window's digest went waits for the next one.
func TestARolesRequestsReachEachHolderAsOneDigestPerWindow(t *testing.T) {
	f := newFixture(t, func(d *notify.Deps) { d.Config.DigestWindow = 5 * time.Minute })
	// 16:02 in Dhaka.
	f.clock.set(time.Date(2026, 12, 4, 10, 2, 0, 0, time.UTC))
	tid := tenant.New()
	rafiq := f.dir.addUser("rafiq@meghna.example", "Rafiq Ahmed", "en", "approver")
	nasrin := f.dir.addUser("nasrin@meghna.example", "Nasrin Akter", "bn", "approver")
	tania := f.dir.addUser("tania@meghna.example", "Tania Islam", "en", "approver")
	named := f.dir.addUser("omar@meghna.example", "Omar Faruk", "en", "approver")
	if err := f.svc.SetQuietHours(as(tid, tania), &notify.QuietHours{Start: "16:00", End: "17:30"}); err != nil {
		t.Fatal(err)
	}
	for n := 1; n <= 3; n++ {
		r := requested(tid, n, "role:approver")
		ev := event(r.t, r.typ, r.data)
		f.handle(t, ev)
		f.handle(t, ev) // handled twice, listed once
	}
	// Omar is named on a fourth: his mail goes at once.
	r := requested(tid, 4, "user:"+named, "role:approver")
	f.handle(t, event(r.t, r.typ, r.data))

	for _, u := range []string{rafiq, nasrin, tania} {
		if feed, err := f.svc.FeedOf(as(tid, u), 0, 10, false); err != nil || len(feed.Items) != 4 {
			t.Fatalf("feed of %s: %d entries, %v: each request is in-app at once", u, len(feed.Items), err)
		}
	}
	omar := f.waitMail(t, "omar@meghna.example")
	if !strings.Contains(omar.Subject, "PO-0004") {
		t.Errorf("Omar's mail %q, want the request naming him", omar.Subject)
	}
	due := f.dueAt(t, `select address, next_attempt_at from notify.deliveries where tenant_id = $1 and event_type = $2`,
		tid.UUID(), notify.EventApprovalsDigest)
	window := time.Date(2026, 12, 4, 10, 5, 0, 0, time.UTC)
	if len(due) != 4 || !due["rafiq@meghna.example"].Equal(window) || !due["nasrin@meghna.example"].Equal(window) ||
		!due["omar@meghna.example"].Equal(window) || !due["tania@meghna.example"].Equal(time.Date(2026, 12, 4, 11, 30, 0, 0, time.UTC)) {
		t.Fatalf("digests due %v, want Rafiq's, Nasrin's and Omar's at 10:05 UTC and Tania's at 11:30 UTC (17:30 in Dhaka)", due)
	}
	if n := len(f.box.All()); n != 1 {
		t.Fatalf("%d mails before the window ends, want Omar's alone", n)
	}

	// The window ends: one mail each, listing the four requests once.
	f.clock.set(window.Add(time.Second))
	en := f.waitMail(t, "rafiq@meghna.example")
	if en.Subject != "4 approvals wait for you" {
		t.Errorf("Rafiq's digest %q", en.Subject)
	}
	for n := 1; n <= 4; n++ {
		po, link := fmt.Sprintf("PO-%04d", n), fmt.Sprintf("https://erp.example/approvals/0190a0b0-0000-7000-8000-%012d", n)
		if strings.Count(en.Text, po) != 1 || !strings.Contains(en.Text, link) {
			t.Errorf("Rafiq's digest lists %s %d times (want once, with %s):\n%s", po, strings.Count(en.Text, po), link, en.Text)
		}
	}
	if !strings.Contains(en.Text, "Open your approvals: https://erp.example/approvals\n") || !strings.Contains(en.Text, "BDT 150000.00") {
		t.Errorf("Rafiq's digest:\n%s", en.Text)
	}
	bn := f.waitMail(t, "nasrin@meghna.example")
	if bn.Language != "bn" || !strings.Contains(bn.Subject, "৪টি অনুমোদন") {
		t.Errorf("Nasrin's digest %q (%s), want Bangla", bn.Subject, bn.Language)
	}
	// Omar's digest leaves out the request he was mailed at once.
	testwait.For(t, 20*time.Second, "Omar's digest", func() bool { return len(f.box.To("omar@meghna.example")) == 2 })
	if d := f.box.To("omar@meghna.example")[1]; d.Subject != "3 approvals wait for you" || strings.Contains(d.Text, "PO-0004") {
		t.Errorf("Omar's digest %q:\n%s", d.Subject, d.Text)
	}
	testwait.For(t, 20*time.Second, "the digests recorded sent", func() bool { return f.deliveries(t, tid)["sent"] == 4 })

	// A fifth request, after the window's digests went, is in the next.
	r = requested(tid, 5, "role:approver")
	f.handle(t, event(r.t, r.typ, r.data))
	if got := len(f.box.To("rafiq@meghna.example")); got != 1 {
		t.Fatalf("%d mails to Rafiq, want the first digest alone", got)
	}
	f.clock.set(window.Add(5*time.Minute + time.Second))
	testwait.For(t, 20*time.Second, "Rafiq's second digest", func() bool { return len(f.box.To("rafiq@meghna.example")) == 2 })
	second := f.box.To("rafiq@meghna.example")[1]
	if second.Subject != "An approval waits for you" || !strings.Contains(second.Text, "PO-0005") || strings.Contains(second.Text, "PO-0004") {
		t.Errorf("Rafiq's second digest %q:\n%s", second.Subject, second.Text)
	}

	// Tania's quiet hours end: one digest with all five.
	f.clock.set(time.Date(2026, 12, 4, 11, 31, 0, 0, time.UTC))
	quiet := f.waitMail(t, "tania@meghna.example")
	if quiet.Subject != "5 approvals wait for you" {
		t.Errorf("Tania's digest %q", quiet.Subject)
	}
}

// A window of more requests than a digest shows lists the oldest 50 and
// counts the rest, for each holder.
func TestADigestListsItsOldestFiftyAndCountsTheRest(t *testing.T) {
	f := newFixture(t, func(d *notify.Deps) { d.Config.DigestWindow = 5 * time.Minute })
	f.clock.set(time.Date(2026, 12, 4, 10, 2, 0, 0, time.UTC))
	tid := tenant.New()
	holders := []string{"rafiq@meghna.example", "nasrin@meghna.example"}
	for _, h := range holders {
		f.dir.addUser(h, h, "en", "approver")
	}
	for n := 1; n <= 53; n++ {
		r := requested(tid, n, "role:approver")
		f.handle(t, event(r.t, r.typ, r.data))
	}
	f.clock.set(time.Date(2026, 12, 4, 10, 5, 1, 0, time.UTC))
	for _, h := range holders {
		m := f.waitMail(t, h)
		if m.Subject != "53 approvals wait for you" || !strings.Contains(m.Text, "- and 3 more\n") {
			t.Errorf("%s's digest %q:\n%s", h, m.Subject, m.Text)
		}
		for n := 1; n <= 53; n++ {
			po := fmt.Sprintf("PO-%04d", n)
			want := 1
			if n > 50 {
				want = 0
			}
			if got := strings.Count(m.Text, po); got != want {
				t.Errorf("%s's digest lists %s %d times, want %d", h, po, got, want)
			}
		}
	}
}
