package testgraph

import (
	"context"
	"net/http"
	"sync"

	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/graphqlx"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// Store keeps each tenant's notes in memory.
type Store struct {
	mu    sync.RWMutex
	notes map[tenant.ID][]Note
}

// NewStore returns an empty store.
func NewStore() *Store { return &Store{notes: map[tenant.ID][]Note{}} }

// Add gives tenant t a note written by user author.
func (s *Store) Add(t tenant.ID, id, text, author string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.notes[t] = append(s.notes[t], Note{ID: id, TenantID: t.String(), Text: text, Author: &User{ID: author}})
}

// list returns the caller's tenant's notes. Returns UNAUTHENTICATED
// without a verified caller.
func (s *Store) list(ctx context.Context) ([]Note, error) {
	p, ok := authz.From(ctx)
	if !ok {
		return nil, errs.E(errs.Unauthenticated, "authentication required")
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return append([]Note(nil), s.notes[p.Tenant]...), nil
}

// Handler serves the subgraph with the platform's presenter and limits.
func Handler(s *Store) http.Handler {
	return graphqlx.NewHandler(NewExecutableSchema(Config{Resolvers: &Resolver{Store: s}}), graphqlx.Options{})
}
