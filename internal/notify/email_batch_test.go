package notify_test

import (
	"context"
	"errors"
	"io"
	"net"
	"sync"
	"testing"

	"github.com/emersion/go-smtp"

	"github.com/vextrus/vextrus/internal/notify"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// A mailbox the server refuses fails that mail alone, for good; the
// others of the same session arrive, each once.
func TestARefusedMailboxFailsOnlyItsOwnMail(t *testing.T) {
	srv := &refusing{refuse: "nobody@meghna.example"}
	addr := srv.start(t)
	email, err := notify.NewEmail(smtpConfig(addr))
	if err != nil {
		t.Fatal(err)
	}
	tid := tenant.New()
	to := []string{"rafiq@meghna.example", "nobody@meghna.example", "nasrin@meghna.example"}
	ms := make([]notify.Message, len(to))
	for i, a := range to {
		ms[i] = notify.Message{Tenant: tid, EventID: "ev-1", EventType: notify.EventApprovalRequested, Locale: "en", To: a,
			Subject: "Approval needed", Text: "Please decide."}
	}
	errs := email.SendAll(context.Background(), ms)
	var p interface{ Permanent() bool }
	if errs[0] != nil || errs[2] != nil {
		t.Errorf("outcomes %v: the accepted mailboxes failed", errs)
	}
	if !errors.As(errs[1], &p) || !p.Permanent() {
		t.Errorf("the refused mailbox's outcome is %v, want a permanent error", errs[1])
	}
	if got := srv.received(); len(got) != 2 || got[0] != to[0] || got[1] != to[2] {
		t.Errorf("the server received mail for %v, want %v and %v once each", got, to[0], to[2])
	}
}

// refusing is an SMTP server that refuses one mailbox (550) and takes
// mail for any other.
type refusing struct {
	refuse string
	mu     sync.Mutex
	to     []string
}

func (r *refusing) start(tb testing.TB) string {
	tb.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	s := smtp.NewServer(r)
	s.Domain, s.AllowInsecureAuth = "localhost", true
	go func() { _ = s.Serve(l) }()
	tb.Cleanup(func() { _ = s.Close() })
	return l.Addr().String()
}

func (r *refusing) received() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.to...)
}

func (r *refusing) NewSession(*smtp.Conn) (smtp.Session, error) { return &refusingSession{r: r}, nil }

type refusingSession struct {
	r  *refusing
	to []string
}

func (s *refusingSession) Reset()                               { s.to = nil }
func (s *refusingSession) Logout() error                        { return nil }
func (s *refusingSession) Mail(string, *smtp.MailOptions) error { return nil }
func (s *refusingSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	if to == s.r.refuse {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such mailbox"}
	}
	s.to = append(s.to, to)
	return nil
}

func (s *refusingSession) Data(r io.Reader) error {
	if _, err := io.Copy(io.Discard, r); err != nil {
		return err
	}
	s.r.mu.Lock()
	defer s.r.mu.Unlock()
	s.r.to = append(s.r.to, s.to...)
	return nil
}
