package authn_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"sync/atomic"
	"testing"
	"time"

	"github.com/vextrus/vextrus/internal/platform/authn"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

func TestCachedKeysRefreshOnceForAnUnknownKid(t *testing.T) {
	pub1, _, _ := ed25519.GenerateKey(rand.Reader)
	pub2, _, _ := ed25519.GenerateKey(rand.Reader)
	var fetches atomic.Int32
	var rotated atomic.Bool
	keys := authn.NewCachedKeys(func(context.Context) (authn.JWKS, error) {
		fetches.Add(1)
		set := authn.JWKS{Keys: []authn.JWK{authn.PublicJWK("k1", pub1)}}
		if rotated.Load() {
			set.Keys = append(set.Keys, authn.PublicJWK("k2", pub2))
		}
		return set, nil
	}, time.Hour)
	ctx := context.Background()
	if _, err := keys.Key(ctx, "k1"); err != nil {
		t.Fatal(err)
	}
	rotated.Store(true)
	got, err := keys.Key(ctx, "k2")
	if err != nil || !got.Equal(pub2) {
		t.Fatalf("rotated-in key: %v", err)
	}
	before := fetches.Load()
	for range 10 {
		if _, err := keys.Key(ctx, "made-up"); !errs.Is(err, errs.Unauthenticated) {
			t.Fatalf("unknown kid: %v", err)
		}
	}
	if n := fetches.Load() - before; n > 1 {
		t.Fatalf("%d fetches for made-up kids within the refresh interval, want at most 1", n)
	}
}
