package authn_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/vextrus/vextrus/internal/platform/authn"
)

// BenchmarkVerify is the per-request cost of the authn middleware's token
// check, for a token seen the first time and for one verified before.
func BenchmarkVerify(b *testing.B) {
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	keys := authn.NewCachedKeys(func(context.Context) (authn.JWKS, error) {
		return authn.JWKS{Keys: []authn.JWK{authn.PublicJWK("k1", pub)}}, nil
	}, time.Hour)
	now := time.Now()
	tok, err := authn.Sign(&authn.Claims{RegisteredClaims: jwt.RegisteredClaims{Issuer: authn.Issuer, Subject: "u1", ID: "j1",
		IssuedAt: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(now.Add(15 * time.Minute))},
		Tenant: "0190f1d2-7c5e-7a00-8000-000000000001", Roles: []string{"owner"}}, "k1", priv)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	// first: a token the verifier has not seen (a fresh verifier each
	// time): parse, EdDSA verify, claims.
	b.Run("first", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := authn.NewVerifier(keys, nil).Verify(ctx, tok); err != nil {
				b.Fatal(err)
			}
		}
	})
	// remembered: the same token again, as on every later request of a
	// client and in every subgraph of a federated query.
	b.Run("remembered", func(b *testing.B) {
		v := authn.NewVerifier(keys, nil)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := v.Verify(ctx, tok); err != nil {
				b.Fatal(err)
			}
		}
	})
}
