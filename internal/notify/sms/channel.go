package sms

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"github.com/vextrus/vextrus/internal/notify"
	"github.com/vextrus/vextrus/internal/platform/bd"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

// Channel adapts a Provider to notify.Channel.
type Channel struct{ p Provider }

// NewChannel returns the "sms" channel sending through p.
func NewChannel(p Provider) *Channel { return &Channel{p: p} }

var _ notify.Channel = (*Channel)(nil)

// Name is "sms".
func (c *Channel) Name() string { return notify.ChannelSMS }

// Send sends m.Text to the mobile m.To. The message is named, for the
// gateway's de-duplication, by its event, recipient and number, so a
// retry after a lost answer does not send it twice. Returns
// INVALID_ARGUMENT on field "mobile" for a number that is not a
// Bangladeshi mobile, or on "text" for an empty text (neither succeeds
// on a retry), and the provider's *SendError otherwise.
func (c *Channel) Send(ctx context.Context, m notify.Message) error {
	to, err := bd.ParseMobile(m.To)
	if err != nil {
		return refusal{err}
	}
	text := strings.TrimSpace(m.Text)
	if text == "" {
		return refusal{errs.Field("text", "an SMS needs a text")}
	}
	_, err = c.p.Send(WithReference(ctx, Reference(m, to)), to, text)
	return err
}

// Reference is the gateway reference of m sent to to: the same for every
// retry of one (event, recipient, number), 32 hex characters.
func Reference(m notify.Message, to bd.Mobile) string {
	h := sha256.Sum256([]byte(m.Tenant.String() + "\x00" + m.EventID + "\x00" + m.UserID + "\x00" + to.String()))
	return hex.EncodeToString(h[:16])
}

// refusal is a message no retry can send: a number that is no mobile,
// an empty text.
type refusal struct{ error }

func (refusal) Permanent() bool { return true }
func (r refusal) Unwrap() error { return r.error }
