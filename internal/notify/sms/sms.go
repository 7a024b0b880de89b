// Package sms sends text messages to Bangladeshi mobiles for the notify
// service: a Provider interface, one HTTP gateway adapter (HTTPProvider),
// a Recorder that keeps what it is given (the provider of `vextrus dev`
// and of tests), the count of parts a text is billed as (Parts), and the
// notify channel that puts them behind notify.Channel.
//
// docs/notify.md, section "SMS", says which gateway API HTTPProvider
// speaks and how its failures are classified.
package sms

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/vextrus/vextrus/internal/platform/bd"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

// Provider hands one text to an SMS gateway. It returns the gateway's id
// for the message. Errors are *SendError: Retryable says whether trying
// again later may succeed (a gateway outage) or never will (a refused
// number, bad credentials).
type Provider interface {
	Send(ctx context.Context, to bd.Mobile, text string) (id string, err error)
}

// SendError is a provider's failure to send, classified for retries. Its
// platform code is UNAVAILABLE when retryable, FAILED_PRECONDITION
// otherwise, so callers that only know errs can tell them apart.
type SendError struct {
	Retryable bool
	// Status is the gateway's HTTP status, 0 when none was received.
	Status int
	// Reason is what the gateway said, or the transport error.
	Reason string
	Cause  error
}

func (e *SendError) Error() string {
	kind := "permanent"
	if e.Retryable {
		kind = "retryable"
	}
	s := "sms: " + kind + " failure"
	if e.Status != 0 {
		s += " (HTTP " + strconv.Itoa(e.Status) + ")"
	}
	if e.Reason != "" {
		s += ": " + e.Reason
	}
	return s
}

// Permanent reports that no retry can mend the failure, so notify's
// runner fails the delivery at once (notify.Channel).
func (e *SendError) Permanent() bool { return !e.Retryable }

// Unwrap returns the platform error of the failure, whose cause is the
// transport error if any.
func (e *SendError) Unwrap() error {
	if e.Retryable {
		return errs.Wrap(errs.Unavailable, e.Cause, "the SMS gateway is unavailable")
	}
	return errs.Wrap(errs.FailedPrecondition, e.Cause, "the SMS gateway refused the message: %s", e.Reason)
}

// Retryable reports whether err may succeed when tried again: true for a
// retryable *SendError and for errors that are not a provider's verdict
// (a cancelled context), false for a permanent one.
func Retryable(err error) bool {
	var se *SendError
	if errors.As(err, &se) {
		return se.Retryable
	}
	return err != nil
}

// Sent is one message a Recorder was given.
type Sent struct {
	ID       string    `json:"id"`
	To       bd.Mobile `json:"to"`
	Text     string    `json:"text"`
	Encoding Encoding  `json:"encoding"`
	Parts    int       `json:"parts"`
	At       time.Time `json:"at"`
}

// Recorder is the provider of `vextrus dev` and of tests: it sends
// nothing and keeps every message in memory, newest last, for the dev
// mailbox page and for assertions. It is safe for concurrent use. Fail,
// when set, makes Send fail with its error instead (to rehearse a
// gateway outage).
type Recorder struct {
	mu   sync.Mutex
	sent []Sent
	fail error
	// Now is the clock; nil is time.Now.
	Now func() time.Time
}

// Send records the message and returns its id, "rec-<n>".
func (r *Recorder) Send(ctx context.Context, to bd.Mobile, text string) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", &SendError{Retryable: true, Reason: "cancelled", Cause: err}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail != nil {
		return "", r.fail
	}
	now := time.Now
	if r.Now != nil {
		now = r.Now
	}
	id := fmt.Sprintf("rec-%d", len(r.sent)+1)
	r.sent = append(r.sent, Sent{ID: id, To: to, Text: text, Encoding: EncodingOf(text), Parts: Parts(text), At: now().UTC()})
	return id, nil
}

// Sent returns a copy of what was recorded, oldest first.
func (r *Recorder) Sent() []Sent {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.sent)
}

// Fail makes every following Send return err; nil restores sending.
func (r *Recorder) Fail(err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.fail = err
}
