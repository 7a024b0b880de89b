package notify

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/vextrus/vextrus/internal/platform/lifecycle"
)

// hub fans feed changes out to this process's streams. Every replica
// LISTENs on pgChannel, so an entry added by any replica's consumer
// reaches the streams of all (docs/notify.md); a stream also re-reads
// its feed at every heartbeat, which covers a listener that is
// reconnecting.
type hub struct {
	mu   sync.Mutex
	subs map[string]map[chan struct{}]bool // "<tenant> <user>" → streams
	// closed ends every stream: the service stops, and the server's
	// shutdown need not wait for streams that never end by themselves.
	closed    chan struct{}
	closeOnce sync.Once
}

func newHub() *hub {
	return &hub{subs: map[string]map[chan struct{}]bool{}, closed: make(chan struct{})}
}

func (h *hub) close() { h.closeOnce.Do(func() { close(h.closed) }) }

// subscribe returns a channel signalled when the user's feed may have
// new entries, and the function that ends the subscription.
func (h *hub) subscribe(key string) (<-chan struct{}, func()) {
	ch := make(chan struct{}, 1)
	h.mu.Lock()
	if h.subs[key] == nil {
		h.subs[key] = map[chan struct{}]bool{}
	}
	h.subs[key][ch] = true
	h.mu.Unlock()
	return ch, func() {
		h.mu.Lock()
		delete(h.subs[key], ch)
		if len(h.subs[key]) == 0 {
			delete(h.subs, key)
		}
		h.mu.Unlock()
	}
}

func (h *hub) signal(key string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for ch := range h.subs[key] {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
}

// Listener is the process's LISTEN on pgChannel: feed entries go to the
// hub, queued deliveries wake the runner.
func (s *Service) Listener() lifecycle.Service {
	return lifecycle.New(Name+"-listener", lifecycle.Funcs{Running: func(ctx context.Context) error {
		for attempt := 1; ctx.Err() == nil; attempt++ {
			err := s.listenOnce(ctx)
			if ctx.Err() != nil {
				break
			}
			s.log.Warn("notify listener", "err", err)
			d := min(200*time.Millisecond<<min(attempt, 6), 10*time.Second)
			select {
			case <-ctx.Done():
			case <-time.After(d/2 + rand.N(d/2+1)):
			}
		}
		return nil
	}, Stopping: func(context.Context) error {
		s.hub.close()
		return nil
	}})
}

func (s *Service) listenOnce(ctx context.Context) error {
	conn, err := s.db.Connect(ctx)
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "listen "+pgx.Identifier{pgChannel}.Sanitize()); err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	s.wake()
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return fmt.Errorf("wait: %w", err)
		}
		s.dispatch(n.Payload)
	}
}

// dispatch acts on one notification: "due <instance>" (or "due" alone,
// from a replica that does not name itself), or "feed <tenant> <user>
// <id>". This process's own "due" wakes nothing: its runner was woken
// when the delivery committed, and a second round would find it claimed.
func (s *Service) dispatch(payload string) {
	f := strings.Fields(payload)
	switch {
	case len(f) == 1 && f[0] == "due":
		s.wake()
	case len(f) == 2 && f[0] == "due":
		if f[1] != s.instance {
			s.wake()
		}
	case len(f) == 4 && f[0] == "feed":
		s.hub.signal(f[1] + " " + f[2])
	}
}
