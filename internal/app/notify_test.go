package app_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/vextrus/vextrus/internal/app"
	"github.com/vextrus/vextrus/internal/platform/apitest"
	"github.com/vextrus/vextrus/internal/platform/testwait"
)

// mail is what the test reads of dev's mailbox.
type mail struct {
	To       []string `json:"to"`
	Subject  string   `json:"subject"`
	Text     string   `json:"text"`
	Language string   `json:"language"`
}

// mailTo waits until dev's mailbox holds n mails to addr and returns
// them, newest first.
func mailTo(t *testing.T, base, addr string, n int) []mail {
	t.Helper()
	var got []mail
	testwait.For(t, 60*time.Second, "mail to "+addr, func() bool {
		var all []mail
		apitest.New(t, base, nil).Do(http.MethodGet, app.MailboxPath+"?format=json", nil).Want(t, http.StatusOK).Decode(t, &all)
		got = got[:0]
		for _, m := range all {
			if len(m.To) == 1 && m.To[0] == addr {
				got = append(got, m)
			}
		}
		return len(got) >= n
	})
	return got
}

var tokenInLink = regexp.MustCompile(`\?token=([^\s]+)`)

// tokenOf is the token of the link in a mail.
func tokenOf(t *testing.T, m mail) string {
	t.Helper()
	match := tokenInLink.FindStringSubmatch(m.Text)
	if match == nil {
		t.Fatalf("no link with a token in %q", m.Text)
	}
	tok, err := url.QueryUnescape(match[1])
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// TestInviteAndResetArriveByEmailAndWork runs the whole platform: an
// invitation and a password reset reach the invited user's mailbox in
// their language, through auth's sealed events, notify's consumer and
// its SMTP delivery, and the token in each link does what it says.
func TestInviteAndResetArriveByEmailAndWork(t *testing.T) {
	m, err := app.NewMain(context.Background(), app.Options{Dir: dataDir(t)})
	if err != nil {
		t.Fatalf("start: %v", err)
	}
	t.Cleanup(func() { m.Close() })
	owner := newClient(t, m.URL(), devLogin(t, m.URL()))
	const addr = "nasrin@demo.local"
	// Beside the mailbox, dev lists the SMS its recorder kept (none yet).
	var texts struct{ Items []json.RawMessage }
	apitest.New(t, m.URL(), nil).Do(http.MethodGet, app.MailboxPath+"sms", nil).Want(t, http.StatusOK).Decode(t, &texts)
	if texts.Items == nil || len(texts.Items) != 0 {
		t.Fatalf("dev's SMS list: %+v, want an empty list", texts)
	}

	var invite struct {
		User struct {
			ID string `json:"id"`
		} `json:"user"`
	}
	owner.Do(http.MethodPost, "/api/v1/auth/invites", map[string]any{"email": addr, "name": "নাসরিন আক্তার", "locale": "bn",
		"roles": []string{"viewer"}}).Want(t, http.StatusCreated).Decode(t, &invite)
	invited := mailTo(t, m.URL(), addr, 1)[0]
	if invited.Language != "bn" || !strings.Contains(invited.Subject, "আমন্ত্রণ") {
		t.Errorf("invitation %q (%s), want Bangla", invited.Subject, invited.Language)
	}
	apitest.New(t, m.URL(), nil).Do(http.MethodPost, "/api/v1/auth/invites/accept",
		map[string]any{"token": tokenOf(t, invited), "password": "Padma-bridge-2022"}).Want(t, http.StatusNoContent)

	owner.Do(http.MethodPost, "/api/v1/auth/users/"+invite.User.ID+"/password-reset", nil).Want(t, http.StatusCreated)
	mails := mailTo(t, m.URL(), addr, 2)
	reset := mails[0]
	if !strings.Contains(reset.Subject, "পাসওয়ার্ড") || !strings.Contains(reset.Text, "/reset-password?token=") {
		t.Errorf("reset mail %q:\n%s", reset.Subject, reset.Text)
	}
	apitest.New(t, m.URL(), nil).Do(http.MethodPost, "/api/v1/auth/password/reset",
		map[string]any{"token": tokenOf(t, reset), "newPassword": "Jamuna-river-2026"}).Want(t, http.StatusNoContent)
	user := apitest.New(t, m.URL(), nil).Login(app.DevTenant, addr, "Jamuna-river-2026")

	// The audit log keeps the event, but only the sealed token.
	entries := waitAudit(t, owner, "type=vextrus.auth.user.password_reset_issued.v1", 1)
	raw, _ := json.Marshal(entries)
	if strings.Contains(string(raw), tokenOf(t, reset)) || !strings.Contains(string(raw), "sealedToken") {
		t.Errorf("the audit entry does not keep the token sealed: %s", raw)
	}
	// Security mail is email only; the user's feed is there, and empty.
	var feed struct {
		Items  []any `json:"items"`
		Unread int   `json:"unread"`
	}
	user.Do(http.MethodGet, "/api/v1/notify/feed", nil).Want(t, http.StatusOK).Decode(t, &feed)
	if len(feed.Items) != 0 {
		t.Errorf("feed %+v, want empty", feed)
	}
	// The same, and the caller's settings, through the gateway's graph.
	var graph struct {
		Notifications struct {
			Unread int
			Items  []struct{ ID string }
		}
		SetQuietHours struct {
			QuietHours struct{ Start, End string }
		}
	}
	decodeData(t, user.GraphQL("/graphql", `mutation { setQuietHours(quietHours: {start: "22:00", end: "07:00"}) { quietHours { start end } } }`,
		nil).Data(t), &graph)
	decodeData(t, user.GraphQL("/graphql", `{ notifications(limit: 5) { unread items { id } } }`, nil).Data(t), &graph)
	if graph.Notifications.Unread != 0 || len(graph.Notifications.Items) != 0 || graph.SetQuietHours.QuietHours.End != "07:00" {
		t.Errorf("through the graph: %+v", graph)
	}
	if n := len(mailTo(t, m.URL(), addr, 2)); n != 2 {
		t.Errorf("%d mails to the user, want 2", n)
	}
}

// TestServeNotifyNeedsAMailServer: serve refuses to run notify without
// SMTP, rather than start and drop every invitation and reset.
func TestServeNotifyNeedsAMailServer(t *testing.T) {
	cfg := app.DefaultConfig()
	cfg.Auth.ServiceTokenSecret = "a-shared-secret-of-enough-length-0123456789"
	err := app.New(cfg, app.Serve, slog.New(slog.DiscardHandler)).Check([]string{app.Notify, app.Auth, app.Masterdata})
	if err == nil || !strings.Contains(err.Error(), "VEXTRUS_NOTIFY_SMTP_HOST") {
		t.Fatalf("serve notify without SMTP: %v, want VEXTRUS_NOTIFY_SMTP_HOST named", err)
	}
	cfg.Notify.SMTP.Host = "smtp.example.com"
	if err := app.New(cfg, app.Serve, slog.New(slog.DiscardHandler)).Check([]string{app.Notify, app.Auth, app.Masterdata}); err != nil &&
		strings.Contains(err.Error(), "VEXTRUS_NOTIFY_SMTP_HOST") {
		t.Fatalf("serve notify with SMTP still names the host: %v", err)
	}
}
