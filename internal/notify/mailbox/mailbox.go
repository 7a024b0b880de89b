// Package mailbox is the SMTP server `vextrus dev` and the tests run in
// process: it accepts every message (no relay, no authentication) and
// keeps it in memory, newest last, for a page of dev (GET /dev/mailbox)
// and for tests to read. It is never part of a served deployment.
package mailbox

import (
	"context"
	"slices"
	"sync"
	"time"
)

// Mail is one received message, parsed.
type Mail struct {
	ID       int       `json:"id"`
	At       time.Time `json:"at"`
	From     string    `json:"from"`     // the envelope sender
	To       []string  `json:"to"`       // the envelope recipients
	Subject  string    `json:"subject"`  // decoded
	Text     string    `json:"text"`     // the text/plain part, decoded
	HTML     string    `json:"html"`     // the text/html part, decoded
	Language string    `json:"language"` // the Content-Language header
	Raw      []byte    `json:"-"`
}

// Box keeps received mail, at most limit messages (the oldest go first).
type Box struct {
	mu      sync.Mutex
	mails   []Mail
	next    int
	limit   int
	changed chan struct{} // closed and replaced on every new mail
}

// NewBox returns an empty mailbox keeping at most limit messages (0: 1000).
func NewBox(limit int) *Box {
	if limit <= 0 {
		limit = 1000
	}
	return &Box{limit: limit, changed: make(chan struct{})}
}

func (b *Box) add(m Mail) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.next++
	m.ID = b.next
	b.mails = append(b.mails, m)
	if over := len(b.mails) - b.limit; over > 0 {
		b.mails = slices.Delete(b.mails, 0, over)
	}
	close(b.changed)
	b.changed = make(chan struct{})
}

// All returns the received mail, oldest first.
func (b *Box) All() []Mail {
	b.mu.Lock()
	defer b.mu.Unlock()
	return slices.Clone(b.mails)
}

// To returns the mail whose envelope names addr, oldest first.
func (b *Box) To(addr string) []Mail {
	var out []Mail
	for _, m := range b.All() {
		if slices.Contains(m.To, addr) {
			out = append(out, m)
		}
	}
	return out
}

// Clear empties the mailbox.
func (b *Box) Clear() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.mails = nil
}

// Wait blocks until the mailbox holds a mail for which match is true,
// and returns it, or until ctx ends.
func (b *Box) Wait(ctx context.Context, match func(Mail) bool) (Mail, error) {
	for {
		b.mu.Lock()
		for _, m := range b.mails {
			if match(m) {
				b.mu.Unlock()
				return m, nil
			}
		}
		ch := b.changed
		b.mu.Unlock()
		select {
		case <-ctx.Done():
			return Mail{}, ctx.Err()
		case <-ch:
		}
	}
}
