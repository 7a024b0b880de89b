package notify

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"

	mail "github.com/wneessen/go-mail"
)

// Email sends messages over SMTP with go-mail, one session per message.
type Email struct {
	cfg SMTPConfig
}

// NewEmail returns the email channel of cfg. Returns an error when cfg
// names no host or a bad sender.
func NewEmail(cfg SMTPConfig) (*Email, error) {
	if cfg.Host == "" {
		return nil, errors.New("notify: email needs smtp.host")
	}
	m := mail.NewMsg()
	if err := m.From(cfg.From); err != nil {
		return nil, fmt.Errorf("notify: smtp.from: %w", err)
	}
	return &Email{cfg: cfg}, nil
}

// Name is "email".
func (e *Email) Name() string { return ChannelEmail }

// Send sends m to m.To (see SendAll).
func (e *Email) Send(ctx context.Context, m Message) error { return e.SendAll(ctx, []Message{m})[0] }

// SendAll sends ms in one SMTP session, and returns each message's
// outcome. The Message-ID is derived from the event and the address, so
// a message sent again after a lost answer is recognisable as the same
// one. A refusal the server calls permanent (an unknown mailbox) is a
// permanent error; anything else, a failed dial for all, is tried again.
func (e *Email) SendAll(ctx context.Context, ms []Message) []error {
	out := make([]error, len(ms))
	msgs := make([]*mail.Msg, 0, len(ms))
	sent := make([]int, 0, len(ms)) // the index in ms of each of msgs
	for i, m := range ms {
		msg, err := e.message(m)
		if err != nil {
			out[i] = err
			continue
		}
		msgs, sent = append(msgs, msg), append(sent, i)
	}
	if len(msgs) == 0 {
		return out
	}
	c, err := e.client()
	if err != nil {
		for _, i := range sent {
			out[i] = permanentError{err}
		}
		return out
	}
	ctx, cancel := context.WithTimeout(ctx, e.cfg.Timeout)
	defer cancel()
	err = c.DialAndSendWithContext(ctx, msgs...)
	for j, msg := range msgs {
		switch i := sent[j]; {
		case msg.HasSendError():
			out[i] = msg.SendError()
			var se *mail.SendError
			if errors.As(out[i], &se) && se.Reason == mail.ErrSMTPRcptTo && se.ErrorCode() >= 500 {
				out[i] = permanentError{out[i]}
			}
		case err != nil && !msg.IsDelivered():
			// The session failed around the message (dial, greeting).
			out[i] = err
		}
	}
	return out
}

// message builds m's mail; an address that does not parse is a
// permanent error.
func (e *Email) message(m Message) (*mail.Msg, error) {
	msg := mail.NewMsg()
	if err := msg.From(e.cfg.From); err != nil {
		return nil, permanentError{err}
	}
	if err := msg.To(m.To); err != nil {
		return nil, permanentError{fmt.Errorf("address %q: %w", m.To, err)}
	}
	msg.Subject(m.Subject)
	msg.SetGenHeader(mail.HeaderContentLang, m.Locale)
	sum := sha256.Sum256([]byte(m.Tenant.String() + " " + m.EventID + " " + m.To))
	msg.SetMessageIDWithValue(hex.EncodeToString(sum[:16]) + "@notify.vextrus")
	msg.SetDate()
	msg.SetBodyString(mail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(mail.TypeTextHTML, m.HTML)
	}
	return msg, nil
}

func (e *Email) client() (*mail.Client, error) {
	opts := []mail.Option{mail.WithPort(e.cfg.Port), mail.WithTimeout(e.cfg.Timeout)}
	switch e.cfg.TLS {
	case "tls":
		opts = append(opts, mail.WithSSL())
	case "none":
		opts = append(opts, mail.WithTLSPolicy(mail.NoTLS))
	default:
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory))
	}
	if e.cfg.User != "" {
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthAutoDiscover), mail.WithUsername(e.cfg.User), mail.WithPassword(e.cfg.Password))
	}
	return mail.NewClient(e.cfg.Host, opts...)
}
