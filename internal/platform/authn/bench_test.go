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
// check: parse, key lookup in the cached set, EdDSA verify, claims.
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
	v := authn.NewVerifier(keys, nil)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := v.Verify(ctx, tok); err != nil {
			b.Fatal(err)
		}
	}
}
