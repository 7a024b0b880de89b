package notify_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/vextrus/vextrus/internal/notify"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/tenant"
	"github.com/vextrus/vextrus/internal/platform/testwait"
)

// completed is the workflow's completed event of an approval submitted
// by submitter.
func completed(t tenant.ID, submitter string) eventOf {
	return eventOf{t, notify.EventApprovalCompleted, map[string]any{"approvalId": "0190a0b0-0000-7000-8000-0000000000c1",
		"document": map[string]any{"service": "finance", "type": "finance.invoice", "id": "inv-9",
			"amount": map[string]any{"amount": "115000.00", "currency": "BDT"}, "summary": "Sales invoice SI-0009"},
		"status": "approved", "submitter": submitter, "decidedBy": "0190a0b0-0000-7000-8000-0000000000a9",
		"decidedAt": time.Now().UTC().Format(time.RFC3339)}}
}

// A document approved at submit (its chain asked no approver) tells its
// submitter nothing: they read it in the answer. Approved by an
// approver, or ended with no decision (expired), it does.
func TestAnApprovalNoOneDecidedTellsNoOneItWasApproved(t *testing.T) {
	f := newFixture(t)
	tid := tenant.New()
	user := f.dir.addUser("salma@meghna.example", "Salma Khan", "en")
	atSubmit := completed(tid, user)
	delete(atSubmit.data, "decidedBy")
	f.handle(t, event(atSubmit.t, atSubmit.typ, atSubmit.data))
	if feed, err := f.svc.FeedOf(as(tid, user), 0, 10, false); err != nil || len(feed.Items) != 0 {
		t.Fatalf("feed %+v, %v: approved at submit, and the submitter is told", feed, err)
	}
	if got := f.deliveries(t, tid); len(got) != 0 {
		t.Errorf("deliveries %v, want none", got)
	}
	expired := completed(tid, user)
	delete(expired.data, "decidedBy")
	expired.data["status"] = "expired"
	f.handle(t, event(expired.t, expired.typ, expired.data))
	decided := completed(tid, user)
	decided.data["approvalId"] = "0190a0b0-0000-7000-8000-0000000000c2"
	f.handle(t, event(decided.t, decided.typ, decided.data))
	if feed, err := f.svc.FeedOf(as(tid, user), 0, 10, false); err != nil || len(feed.Items) != 2 {
		t.Fatalf("feed %+v, %v: want the expired and the decided approval", feed, err)
	}
}

type eventOf struct {
	t    tenant.ID
	typ  string
	data map[string]any
}

func TestAFailingEmailChannelBlocksNeitherInAppNorSMS(t *testing.T) {
	sms := &recorder{name: notify.ChannelSMS}
	f := newFixture(t, func(d *notify.Deps) {
		d.Channels = []notify.Channel{failing{name: notify.ChannelEmail}, sms}
	})
	f.flags.on[notify.FlagSMS] = true
	tid := tenant.New()
	user := f.dir.addUser("salma@meghna.example", "Salma Khan", "en")
	f.dir.users[user] = func(u notify.User) notify.User { u.Mobile = "+8801711000001"; return u }(f.dir.users[user])
	c := completed(tid, user)
	f.handle(t, event(c.t, c.typ, c.data))

	feed, err := f.svc.FeedOf(as(tid, user), 0, 10, false)
	if err != nil || len(feed.Items) != 1 {
		t.Fatalf("feed %+v, %v: the in-app entry is not there at once", feed, err)
	}
	if e := feed.Items[0]; e.Title != "Sales invoice SI-0009: approved" || !strings.Contains(e.Link, "/approvals/") {
		t.Errorf("entry %+v", e)
	}
	testwait.For(t, 20*time.Second, "the SMS sent", func() bool { return len(sms.messages()) == 1 })
	if m := sms.messages()[0]; m.To != "+8801711000001" || m.Locale != "en" || m.HTML != "" {
		t.Errorf("sms %+v", m)
	}
	testwait.Until(t, 20*time.Second, "the email retried, still pending", func() (bool, error) {
		var attempts int
		var state string
		err := f.db.Admin.QueryRow(context.Background(), `select attempts, state from notify.deliveries
			where tenant_id = $1 and channel = 'email'`, tid.UUID()).Scan(&attempts, &state)
		return attempts >= 2 && state == "pending", err
	})
}

func TestQuietHoursDeferEmailButNotInAppOrEscalations(t *testing.T) {
	f := newFixture(t)
	// 23:30 in Dhaka.
	f.clock.set(time.Date(2026, 12, 4, 17, 30, 0, 0, time.UTC))
	tid := tenant.New()
	user := f.dir.addUser("tania@meghna.example", "Tania Islam", "en", "approver")
	if err := f.svc.SetQuietHours(as(tid, user), &notify.QuietHours{Start: "22:00", End: "07:30"}); err != nil {
		t.Fatal(err)
	}
	f.handle(t, event(tid, notify.EventApprovalRequested, map[string]any{"approvalId": "0190a0b0-0000-7000-8000-0000000000d1",
		"document": map[string]any{"service": "orders", "type": "orders.purchase_order", "id": "po-1",
			"amount": map[string]any{"amount": "50000.00", "currency": "BDT"}, "summary": "Purchase order PO-0001"},
		"submitter": "someone-else", "level": 1, "approvers": []string{"role:approver"}}))
	feed, err := f.svc.FeedOf(as(tid, user), 0, 10, true)
	if err != nil || feed.Unread != 1 {
		t.Fatalf("feed %+v, %v: the in-app entry waits", feed, err)
	}
	var next time.Time
	if err := f.db.Admin.QueryRow(context.Background(), `select next_attempt_at from notify.deliveries
		where tenant_id = $1 and channel = 'email'`, tid.UUID()).Scan(&next); err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2026, 12, 5, 1, 30, 0, 0, time.UTC); !next.Equal(want) {
		t.Errorf("email deferred to %v, want %v (07:30 in Dhaka)", next, want)
	}
	if _, err := f.svc.RunOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := len(f.box.All()); n != 0 {
		t.Fatalf("%d mails during quiet hours", n)
	}

	// An escalation is urgent: it goes at once.
	f.handle(t, event(tid, notify.EventApprovalEscalated, map[string]any{"approvalId": "0190a0b0-0000-7000-8000-0000000000d1",
		"documentType": "orders.purchase_order", "documentId": "po-1", "level": 1, "escalatedTo": []string{"user:" + user}}))
	m := f.waitMail(t, "tania@meghna.example")
	if !strings.HasPrefix(m.Subject, "Escalated:") {
		t.Errorf("first mail %q, want the escalation", m.Subject)
	}

	// The escalation's outcome is recorded before the clock jumps past
	// its lease (else the jump would hand it out again).
	testwait.For(t, 20*time.Second, "the escalation recorded sent", func() bool { return f.deliveries(t, tid)["sent"] == 1 })

	// At 07:30 the deferred request goes.
	f.clock.set(time.Date(2026, 12, 5, 1, 31, 0, 0, time.UTC))
	if _, err := f.svc.RunOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	testwait.For(t, 20*time.Second, "the deferred request", func() bool { return len(f.box.To("tania@meghna.example")) == 2 })
}

func TestPreferencesTurnAChannelOff(t *testing.T) {
	f := newFixture(t)
	tid := tenant.New()
	user := f.dir.addUser("omar@meghna.example", "Omar Faruk", "en")
	ctx := as(tid, user)
	if err := f.svc.SetPreferences(ctx, []notify.Preference{{EventType: notify.AllEvents, Channel: notify.ChannelEmail, Enabled: false}}); err != nil {
		t.Fatal(err)
	}
	c := completed(tid, user)
	f.handle(t, event(c.t, c.typ, c.data))
	if got := f.deliveries(t, tid); len(got) != 0 {
		t.Errorf("deliveries %v, want none: email is off", got)
	}
	if feed, _ := f.svc.FeedOf(ctx, 0, 10, false); len(feed.Items) != 1 {
		t.Errorf("feed has %d entries, want 1: in-app is on", len(feed.Items))
	}
	// Security mail ignores preferences.
	f.handle(t, resetEvent(t, tid, "omar@meghna.example", "Omar Faruk", "en", "vxt_reset_3"))
	f.waitMail(t, "omar@meghna.example")

	err := f.svc.SetPreferences(ctx, []notify.Preference{{EventType: "vextrus.nothing.v1", Channel: "pigeon"}})
	if e := errs.As(err); e == nil || len(e.Fields) != 2 || e.Fields[0].Field != "preferences[0].eventType" {
		t.Errorf("bad preference: %v", err)
	}
}

// A request to a role reaches every holder, each by their own language,
// preferences and quiet hours, and never the submitter; handling it
// again adds nothing.
func TestARoleRequestReachesEachHolderByTheirOwnChoices(t *testing.T) {
	f := newFixture(t)
	// 23:30 in Dhaka.
	f.clock.set(time.Date(2026, 12, 4, 17, 30, 0, 0, time.UTC))
	tid := tenant.New()
	plain := f.dir.addUser("rafiq@meghna.example", "Rafiq Ahmed", "en", "approver")
	bangla := f.dir.addUser("nasrin@meghna.example", "Nasrin Akter", "bn", "approver")
	noMail := f.dir.addUser("kamal@meghna.example", "Kamal Hossain", "en", "approver")
	quiet := f.dir.addUser("tania@meghna.example", "Tania Islam", "en", "approver")
	submitter := f.dir.addUser("jamil@meghna.example", "Jamil Uddin", "en", "approver")
	if err := f.svc.SetPreferences(as(tid, noMail), []notify.Preference{{EventType: notify.AllEvents, Channel: notify.ChannelEmail}}); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.SetQuietHours(as(tid, quiet), &notify.QuietHours{Start: "22:00", End: "07:30"}); err != nil {
		t.Fatal(err)
	}
	ev := event(tid, notify.EventApprovalRequested, map[string]any{"approvalId": "0190a0b0-0000-7000-8000-0000000000e1",
		"document": map[string]any{"service": "orders", "type": "orders.purchase_order", "id": "po-7",
			"amount": map[string]any{"amount": "80000.00", "currency": "BDT"}, "summary": "Purchase order PO-0007"},
		"submitter": submitter, "level": 1, "approvers": []string{"role:approver"}})
	f.handle(t, ev)
	f.handle(t, ev)

	titles := map[string]string{}
	for _, u := range []string{plain, bangla, noMail, quiet, submitter} {
		feed, err := f.svc.FeedOf(as(tid, u), 0, 10, false)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case u == submitter && len(feed.Items) != 0:
			t.Errorf("the submitter has %d entries of their own request", len(feed.Items))
		case u != submitter && len(feed.Items) != 1:
			t.Errorf("holder %s has %d entries, want 1", u, len(feed.Items))
		case u != submitter:
			titles[u] = feed.Items[0].Title
		}
	}
	if titles[plain] == titles[bangla] || !strings.Contains(titles[plain], "PO-0007") {
		t.Errorf("titles %q (English) and %q (Bangla): each holder reads their own language", titles[plain], titles[bangla])
	}

	emails := f.dueAt(t, `select user_id, next_attempt_at from notify.deliveries where tenant_id = $1 and channel = 'email'`,
		tid.UUID())
	if len(emails) != 3 {
		t.Errorf("emails to %v, want Rafiq, Nasrin and Tania once each", emails)
	}
	if _, ok := emails[noMail]; ok {
		t.Error("Kamal turned email off, and is sent one")
	}
	if at, want := emails[quiet], time.Date(2026, 12, 5, 1, 30, 0, 0, time.UTC); !at.Equal(want) {
		t.Errorf("Tania's email goes at %v, want %v (the end of her quiet hours)", at, want)
	}
	f.waitMail(t, "rafiq@meghna.example")
	f.waitMail(t, "nasrin@meghna.example")
}
