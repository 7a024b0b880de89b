package notify

import (
	"context"

	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// Message is one notification rendered for one recipient on one channel:
// what a Channel sends.
type Message struct {
	Tenant    tenant.ID
	EventID   string // the event's id
	EventType string
	UserID    string // the recipient's user id when a user ("" for a party address)
	Locale    string // "bn" | "en"
	To        string // the address on this channel: email, +8801… mobile
	Subject   string
	Text      string
	HTML      string // email only
}

// Channel delivers messages on one medium. Send is called at most once
// per (event, recipient, channel) that succeeds; an error leaves the
// delivery pending and it is retried later with backoff, unless the error
// (or one it wraps) has a method Permanent() bool that says true: then
// the delivery fails at once, since no retry can mend it.
type Channel interface {
	Name() string                              // "email", "sms", "inapp"
	Send(ctx context.Context, m Message) error // an error is retried later unless permanent
}

// BatchChannel is a Channel that can send several messages at once, as
// email does in one SMTP session: the runner hands it a share of a
// batch instead of one message per call. errs[i] is ms[i]'s outcome, as
// Send would have returned it.
type BatchChannel interface {
	Channel
	SendAll(ctx context.Context, ms []Message) (errs []error)
}

// The channel names notify knows.
const (
	ChannelEmail = "email"
	ChannelSMS   = "sms"
	ChannelInApp = "inapp"
)
