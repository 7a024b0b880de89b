package mailbox_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/vextrus/vextrus/internal/notify"
	"github.com/vextrus/vextrus/internal/notify/mailbox"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// A message sent through go-mail arrives decoded: the Bangla subject,
// both bodies and the language, and the page lists it.
func TestTheMailboxKeepsWhatItReceivesDecoded(t *testing.T) {
	box := mailbox.NewBox(0)
	srv := mailbox.NewServer(box)
	if err := srv.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Stop() })
	host, port, _ := strings.Cut(srv.Addr(), ":")
	email, err := notify.NewEmail(notify.SMTPConfig{Host: host, Port: atoi(port), TLS: "none", From: "Vextrus <no-reply@erp.example>",
		Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	err = email.Send(context.Background(), notify.Message{Tenant: tenant.New(), EventID: "e1", Locale: "bn", To: "a@b.example",
		Subject: "অনুমোদন প্রয়োজন: চালান ১২৩", Text: "প্রিয় রহিম,\nলিংক: https://erp.example/x", HTML: "<p>প্রিয় রহিম</p>"})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	m, err := box.Wait(ctx, func(m mailbox.Mail) bool { return true })
	if err != nil {
		t.Fatal(err)
	}
	if m.Subject != "অনুমোদন প্রয়োজন: চালান ১২৩" || m.Language != "bn" || !strings.Contains(m.Text, "প্রিয় রহিম,\n") ||
		m.HTML != "<p>প্রিয় রহিম</p>" || len(m.To) != 1 || m.To[0] != "a@b.example" {
		t.Errorf("received %+v", m)
	}
	h := httptest.NewServer(http.StripPrefix("/dev/mailbox", box.Handler()))
	t.Cleanup(h.Close)
	res, err := http.Get(h.URL + "/dev/mailbox/")
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("list: %v %v", err, res)
	}
	res.Body.Close()
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}
