package authn_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/vextrus/vextrus/internal/platform/authn"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

// keySet is a KeySource whose keys a test changes.
type keySet struct {
	mu   sync.Mutex
	keys map[string]ed25519.PublicKey
}

func (s *keySet) Key(_ context.Context, kid string) (ed25519.PublicKey, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if k, ok := s.keys[kid]; ok {
		return k, nil
	}
	return nil, authn.ErrUnknownKey
}

func (s *keySet) set(kid string, k ed25519.PublicKey) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.keys = map[string]ed25519.PublicKey{kid: k}
}

// A token verified once is remembered, but expiry and the key set still
// decide every later request.
func TestRememberedTokensStillExpireAndFollowKeyRotation(t *testing.T) {
	pub1, priv1, _ := ed25519.GenerateKey(rand.Reader)
	pub2, _, _ := ed25519.GenerateKey(rand.Reader)
	keys := &keySet{}
	keys.set("k1", pub1)
	now := time.Now()
	clock := now
	v := authn.NewVerifier(keys, func() time.Time { return clock })
	sign := func(id string) string {
		tok, err := authn.Sign(&authn.Claims{RegisteredClaims: jwt.RegisteredClaims{Issuer: authn.Issuer, Subject: "u1", ID: id,
			IssuedAt: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(now.Add(15 * time.Minute))},
			Tenant: "0190f1d2-7c5e-7a00-8000-000000000001", Roles: []string{"owner"}}, "k1", priv1)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	ctx := context.Background()

	tok := sign("j1")
	for range 2 {
		c, err := v.Verify(ctx, tok)
		if err != nil || c.ID != "j1" {
			t.Fatalf("verify: %+v, %v", c, err)
		}
		c.Roles[0] = "viewer" // a caller changing its copy changes nothing remembered
		c.ID = "changed"
	}
	if c, _ := v.Verify(ctx, tok); c.ID != "j1" || c.Roles[0] != "owner" {
		t.Fatalf("remembered claims were changed through a copy: %+v", c)
	}

	clock = now.Add(15*time.Minute + authn.Leeway)
	if _, err := v.Verify(ctx, tok); !errs.Is(err, errs.Unauthenticated) {
		t.Fatalf("expired remembered token: %v, want UNAUTHENTICATED", err)
	}

	clock = now
	tok = sign("j2")
	if _, err := v.Verify(ctx, tok); err != nil {
		t.Fatal(err)
	}
	keys.set("k1", pub2) // same kid, another key: the old signature no longer verifies
	if _, err := v.Verify(ctx, tok); !errs.Is(err, errs.Unauthenticated) {
		t.Fatalf("token of a replaced key: %v, want UNAUTHENTICATED", err)
	}
	keys.set("k2", pub2) // k1 rotated out
	if _, err := v.Verify(ctx, tok); !errs.Is(err, errs.Unauthenticated) {
		t.Fatalf("token of a rotated-out key: %v, want UNAUTHENTICATED", err)
	}
}
