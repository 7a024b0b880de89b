package mailbox

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"time"

	"github.com/emersion/go-smtp"
)

// Server is an SMTP server that delivers into a Box. It can be stopped
// and started again on the same address, which is how the tests make an
// SMTP outage.
type Server struct {
	Box *Box

	mu   sync.Mutex
	addr string
	srv  *smtp.Server
	ln   net.Listener
	now  func() time.Time
}

// NewServer returns a stopped server delivering into box.
func NewServer(box *Box) *Server { return &Server{Box: box, now: time.Now} }

// Start listens on addr ("127.0.0.1:0" picks a port; after a Stop, ""
// reuses the previous address) and serves until Stop.
func (s *Server) Start(addr string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.srv != nil {
		return errors.New("mailbox: already started")
	}
	if addr == "" {
		addr = s.addr
	}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("mailbox: listen: %w", err)
	}
	srv := smtp.NewServer(backend{s})
	srv.Domain = "mailbox.localhost"
	srv.MaxMessageBytes = 10 << 20
	srv.MaxRecipients = 100
	srv.ReadTimeout, srv.WriteTimeout = time.Minute, time.Minute
	srv.AllowInsecureAuth = true
	s.srv, s.ln, s.addr = srv, l, l.Addr().String()
	go func() { _ = srv.Serve(l) }()
	return nil
}

// Addr is the address the server listens (or last listened) on.
func (s *Server) Addr() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addr
}

// Stop closes the listener and every open session.
func (s *Server) Stop() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.srv == nil {
		return nil
	}
	// The listener is closed here too: Serve may not have taken it yet.
	err := errors.Join(s.ln.Close(), s.srv.Close())
	s.srv, s.ln = nil, nil
	if errors.Is(err, net.ErrClosed) || errors.Is(err, smtp.ErrServerClosed) {
		return nil
	}
	return err
}

type backend struct{ s *Server }

func (b backend) NewSession(*smtp.Conn) (smtp.Session, error) { return &session{s: b.s}, nil }

// session is one SMTP conversation; it accepts any sender and recipient.
type session struct {
	s    *Server
	from string
	to   []string
}

func (c *session) AuthMechanisms() []string { return nil }

func (c *session) Reset() { c.from, c.to = "", nil }

func (c *session) Logout() error { return nil }

func (c *session) Mail(from string, _ *smtp.MailOptions) error {
	c.from = from
	return nil
}

func (c *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	c.to = append(c.to, to)
	return nil
}

func (c *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	m, err := parse(bytes.Clone(raw))
	if err != nil {
		return &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 6, 0}, Message: "unreadable message: " + err.Error()}
	}
	m.At, m.From, m.To, m.Raw = c.s.now(), c.from, append([]string(nil), c.to...), raw
	c.s.Box.add(m)
	return nil
}
