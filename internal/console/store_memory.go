package console

import (
	"context"
	"sync"
	"time"

	"github.com/vextrus/vextrus/internal/platform/errs"
)

// MemoryStore keeps sessions in this process: they end with it, and
// another replica does not see them. It suits dev and a single process;
// a deployment with replicas or restarts sets redis.url (RedisStore).
type MemoryStore struct {
	mu   sync.Mutex
	m    map[string]memEntry
	now  func() time.Time
	puts int
}

type memEntry struct {
	s       Session
	expires time.Time
}

// NewMemoryStore returns an empty store; now may be nil (time.Now).
func NewMemoryStore(now func() time.Time) *MemoryStore {
	if now == nil {
		now = time.Now
	}
	return &MemoryStore{m: map[string]memEntry{}, now: now}
}

// Get implements Store.
func (m *MemoryStore) Get(_ context.Context, id string) (*Session, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.m[Key(id)]
	if !ok || !m.now().Before(e.expires) {
		return nil, errs.E(errs.NotFound, "no such session")
	}
	s := e.s
	s.ID = id
	s.Permissions = append([]string(nil), e.s.Permissions...)
	return &s, nil
}

// Put implements Store. Every thousandth put sweeps expired sessions.
func (m *MemoryStore) Put(_ context.Context, s *Session, ttl time.Duration) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	c := *s
	c.Permissions = append([]string(nil), s.Permissions...)
	m.m[Key(s.ID)] = memEntry{s: c, expires: now.Add(ttl)}
	if m.puts++; m.puts%1000 == 0 {
		for k, e := range m.m {
			if !now.Before(e.expires) {
				delete(m.m, k)
			}
		}
	}
	return nil
}

// Delete implements Store.
func (m *MemoryStore) Delete(_ context.Context, id string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.m, Key(id))
	return nil
}
