package servicecred

import (
	"context"
	"fmt"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/vextrus/vextrus/internal/platform/authn"
	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// DefaultMargin is how long before its expiry a cached token is replaced:
// long enough for a call that starts with it to finish everywhere it is
// forwarded.
const DefaultMargin = time.Minute

// Source caches one token per tenant for one service until shortly before
// it expires; concurrent callers for the same tenant share one mint
// (singleflight per tenant). Safe for concurrent use.
type Source struct {
	service string
	m       Minter
	now     func() time.Time
	margin  time.Duration

	flight singleflight.Group
	mu     sync.Mutex
	tokens map[tenant.ID]Token
}

// Option changes a Source.
type Option func(*Source)

// WithClock makes the Source judge expiry by now (tests move it).
func WithClock(now func() time.Time) Option { return func(s *Source) { s.now = now } }

// WithMargin replaces DefaultMargin. A token is reused while more than
// margin of its life remains.
func WithMargin(d time.Duration) Option { return func(s *Source) { s.margin = d } }

// NewSource returns the token source of service, minting with m.
func NewSource(service string, m Minter, opts ...Option) *Source {
	s := &Source{service: service, m: m, now: time.Now, margin: DefaultMargin, tokens: map[tenant.ID]Token{}}
	for _, o := range opts {
		o(s)
	}
	return s
}

// Service is the name the Source mints for.
func (s *Source) Service() string { return s.service }

// Token returns a token of the service for tenant t, minting one when none
// is cached or the cached one is within the margin of its expiry. Returns
// the Minter's errors.
func (s *Source) Token(ctx context.Context, t tenant.ID) (Token, error) {
	if tok, ok := s.cached(t); ok {
		return tok, nil
	}
	v, err, _ := s.flight.Do(t.String(), func() (any, error) {
		if tok, ok := s.cached(t); ok {
			return tok, nil // minted by the flight that just ended
		}
		// The mint outlives a caller that gives up: others may wait on it.
		tok, err := s.m.Mint(context.WithoutCancel(ctx), t, s.service)
		if err != nil {
			return Token{}, err
		}
		if tok.Raw == "" || !tok.Expires.After(s.now()) {
			return Token{}, errs.E(errs.Internal, "service credential for %s came back empty or expired", s.service)
		}
		s.store(t, tok)
		return tok, nil
	})
	if err != nil {
		return Token{}, fmt.Errorf("service credential of %s: %w", s.service, err)
	}
	return v.(Token), nil
}

// Act returns ctx carrying tenant t, the credential (authn.WithCredential
// "Bearer ...") and an authz principal naming the service with its
// granted permissions, so svcclient calls and in-process service calls
// both act as the service for t. Returns Token's errors.
func (s *Source) Act(ctx context.Context, t tenant.ID) (context.Context, error) {
	tok, err := s.Token(ctx, t)
	if err != nil {
		return nil, err
	}
	p := authz.ServicePrincipal(t, s.service, tok.Permissions, tok.ID)
	return authn.WithCredential(authz.With(ctx, p), "Bearer "+tok.Raw), nil
}

// Acting gives a context in which a service acts for a tenant with its
// own service credential, for work no user's request carries (consumers,
// runners, workflow activities, resumers); *Source is one, and tests
// stand in for it.
type Acting interface {
	Act(ctx context.Context, t tenant.ID) (context.Context, error)
}

// Forget drops the cached token of t, e.g. after a callee refused it, so
// the next call mints afresh.
func (s *Source) Forget(t tenant.ID) {
	s.mu.Lock()
	delete(s.tokens, t)
	s.mu.Unlock()
}

func (s *Source) cached(t tenant.ID) (Token, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	tok, ok := s.tokens[t]
	return tok, ok && s.now().Add(s.margin).Before(tok.Expires)
}

// store keeps tok for t and drops tokens that have expired, so tenants the
// service no longer works for do not stay in memory.
func (s *Source) store(t tenant.ID, tok Token) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	for id, old := range s.tokens {
		if !now.Before(old.Expires) {
			delete(s.tokens, id)
		}
	}
	s.tokens[t] = tok
}
