package notify_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/vextrus/vextrus/internal/notify"
	"github.com/vextrus/vextrus/internal/notify/mailbox"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/tenant"
	"github.com/vextrus/vextrus/internal/platform/testwait"
	"github.com/vextrus/vextrus/internal/platform/tokenseal"
)

// waitMail waits for a mail to addr and returns it.
func (f *fixture) waitMail(tb testing.TB, addr string) mailbox.Mail {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	m, err := f.box.Wait(ctx, func(m mailbox.Mail) bool { return len(m.To) == 1 && m.To[0] == addr })
	if err != nil {
		tb.Fatalf("no mail to %s: %v", addr, err)
	}
	return m
}

// settled waits until tenant t has no pending delivery left.
func (f *fixture) settled(tb testing.TB, t tenant.ID) map[string]int {
	tb.Helper()
	var got map[string]int
	testwait.For(tb, 20*time.Second, "every delivery settled", func() bool {
		got = f.deliveries(tb, t)
		return got["pending"] == 0
	})
	return got
}

func TestEscalationArrivesOnceByEmailInTheApproversLanguage(t *testing.T) {
	f := newFixture(t)
	tid := tenant.New()
	rahim := f.dir.addUser("rahim@meghna.example", "রহিম উদ্দিন", "bn", "director")
	ev := event(tid, notify.EventApprovalEscalated, map[string]any{"approvalId": "0190a0b0-0000-7000-8000-0000000000a1",
		"documentType": "finance.invoice", "documentId": "inv-7", "summary": "Sales invoice SI-0007", "level": 1,
		"escalatedTo": []string{"role:director"}, "escalatedAt": time.Now().UTC().Format(time.RFC3339)})
	f.handle(t, ev)
	f.handle(t, ev) // the event delivered twice

	m := f.waitMail(t, "rahim@meghna.example")
	if !strings.Contains(m.Subject, "জরুরি") || !strings.Contains(m.Subject, "Sales invoice SI-0007") {
		t.Errorf("subject %q is not the Bangla escalation", m.Subject)
	}
	if m.Language != "bn" || !strings.Contains(m.Text, "স্তর ১") || !strings.Contains(m.HTML, "https://erp.example/approvals/") {
		t.Errorf("body is not the Bangla escalation with its link:\nlang %q\n%s\n%s", m.Language, m.Text, m.HTML)
	}
	if got := f.settled(t, tid); got["sent"] != 1 {
		t.Errorf("deliveries %v, want one sent", got)
	}
	f.handle(t, ev) // and once more after it was sent
	if _, err := f.svc.RunOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := len(f.box.To("rahim@meghna.example")); n != 1 {
		t.Errorf("%d mails to the approver, want 1", n)
	}
	feed, err := f.svc.FeedOf(as(tid, rahim), 0, 10, false)
	if err != nil || len(feed.Items) != 1 || feed.Unread != 1 {
		t.Errorf("in-app feed %+v, %v; want one unread entry", feed, err)
	}
}

// resetEvent is auth's password reset event for a user, its token sealed.
func resetEvent(tb testing.TB, t tenant.ID, email, name, locale, token string) events.Event {
	tb.Helper()
	sealed, err := tokenseal.Seal(secret, token)
	if err != nil {
		tb.Fatal(err)
	}
	return event(t, notify.EventPasswordReset, map[string]any{"userId": "0190a0b0-0000-7000-8000-0000000000b1",
		"email": email, "name": name, "locale": locale, "sealedToken": sealed,
		"expiresAt": time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC).Format(time.RFC3339)})
}

func TestPasswordResetArrivesOnceWithItsLink(t *testing.T) {
	f := newFixture(t)
	tid := tenant.New()
	ev := resetEvent(t, tid, "karim@meghna.example", "Karim Ahmed", "en", "vxt_reset_secret_1")
	f.handle(t, ev)
	f.handle(t, ev)

	m := f.waitMail(t, "karim@meghna.example")
	if m.Subject != "Reset your Vextrus password" || m.Language != "en" {
		t.Errorf("subject %q (%s), want the English reset", m.Subject, m.Language)
	}
	if !strings.Contains(m.Text, "https://erp.example/reset-password?token=vxt_reset_secret_1") {
		t.Errorf("text lacks the reset link:\n%s", m.Text)
	}
	if !strings.Contains(m.Text, "2026-12-05 18:00") {
		t.Errorf("text lacks the expiry in the tenant's zone (Dhaka):\n%s", m.Text)
	}
	f.settled(t, tid)
	if n := len(f.box.To("karim@meghna.example")); n != 1 {
		t.Errorf("%d mails, want 1", n)
	}
	var stored string
	if err := f.db.Admin.QueryRow(context.Background(), `select vars::text from notify.deliveries where tenant_id = $1`,
		tid.UUID()).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(stored, "vxt_reset_secret_1") {
		t.Errorf("the delivery row keeps the token in the clear: %s", stored)
	}
}

func TestAnSMTPOutageDelaysMailAndLosesNone(t *testing.T) {
	f := newFixture(t)
	tid := tenant.New()
	if err := f.smtp.Stop(); err != nil {
		t.Fatal(err)
	}
	f.handle(t, resetEvent(t, tid, "nadia@meghna.example", "নাদিয়া", "bn", "vxt_reset_2"))
	testwait.Until(t, 20*time.Second, "tries against the stopped server", func() (bool, error) {
		var attempts int
		var state, lastErr string
		err := f.db.Admin.QueryRow(context.Background(), `select attempts, state, last_error from notify.deliveries
			where tenant_id = $1`, tid.UUID()).Scan(&attempts, &state, &lastErr)
		return attempts >= 3 && state == "pending" && lastErr != "", err
	})
	if n := len(f.box.All()); n != 0 {
		t.Fatalf("%d mails while the server was down", n)
	}
	if err := f.smtp.Start(""); err != nil {
		t.Fatal(err)
	}
	m := f.waitMail(t, "nadia@meghna.example")
	if !strings.Contains(m.Subject, "পাসওয়ার্ড") {
		t.Errorf("subject %q is not the Bangla reset", m.Subject)
	}
	if got := f.settled(t, tid); got["sent"] != 1 {
		t.Errorf("deliveries %v, want one sent", got)
	}
	if n := len(f.box.All()); n != 1 {
		t.Errorf("%d mails, want 1", n)
	}
}
