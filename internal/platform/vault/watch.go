package vault

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// Secret is a watched secret: Value is always the newest version the
// client has read. A pinned reference (?version=N) never changes.
type Secret struct {
	c   *Client
	ref Ref
	cur atomic.Pointer[read]
	// mu lets one read at a time reach Vault; gen counts finished reads,
	// so that callers who waited behind one do not repeat it.
	mu  sync.Mutex
	gen atomic.Uint64
}

type read struct {
	value   string
	version int
}

// Watch reads the secret ref names (the part after `vault:`) and keeps it
// current while the client runs (Start): it is re-read when its KV v2
// current version changes, and on Refresh.
func (c *Client) Watch(ctx context.Context, ref string) (*Secret, error) {
	r, err := ParseRef(ref)
	if err != nil {
		return nil, err
	}
	v, n, err := c.read(ctx, r)
	if err != nil {
		return nil, err
	}
	s := &Secret{c: c, ref: r}
	s.cur.Store(&read{value: v, version: n})
	if r.Version == 0 {
		c.watchMu.Lock()
		c.watched = append(c.watched, s)
		c.watchMu.Unlock()
	}
	return s, nil
}

// Value is the secret's current value.
func (s *Secret) Value() string { return s.cur.Load().value }

// Version is the KV v2 version Value came from.
func (s *Secret) Version() int { return s.cur.Load().version }

// Refresh re-reads the latest version now. Its user calls it when the
// value was refused (a database answered 28P01), so a rotation is picked
// up without waiting for the next check. Concurrent calls share one read.
func (s *Secret) Refresh(ctx context.Context) error {
	if s.ref.Version > 0 {
		return nil
	}
	gen := s.gen.Load()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.gen.Load() != gen {
		return nil // another caller read it while this one waited
	}
	v, n, err := s.c.read(ctx, s.ref)
	if err != nil {
		return err
	}
	if old := s.cur.Load(); old.version != n {
		s.c.log.Info("vault secret rotated", "ref", s.ref.String(), "from", old.version, "to", n)
	}
	s.cur.Store(&read{value: v, version: n})
	s.gen.Add(1)
	return nil
}

func (c *Client) rotationLoop(ctx context.Context, tick <-chan time.Time) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick:
		}
		c.watchMu.Lock()
		watched := append([]*Secret(nil), c.watched...)
		c.watchMu.Unlock()
		for _, s := range watched {
			if err := s.checkRotation(ctx); err != nil {
				c.log.Warn("vault rotation check", "ref", s.ref.String(), "err", err)
			}
		}
	}
}

// checkRotation reads the secret's metadata and the value only when the
// current version moved.
func (s *Secret) checkRotation(ctx context.Context) error {
	n, err := s.c.currentVersion(ctx, s.ref)
	if err != nil || n == s.Version() {
		return err
	}
	return s.Refresh(ctx)
}
