package auth_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/auth"
	"github.com/vextrus/vextrus/internal/platform/authn"
)

// claimsOf returns the claims of a valid token, to forge look-alikes.
func claimsOf(t *testing.T, tok string) (jwt.MapClaims, string) {
	t.Helper()
	parsed, _, err := jwt.NewParser().ParseUnverified(tok, jwt.MapClaims{})
	if err != nil {
		t.Fatal(err)
	}
	return parsed.Claims.(jwt.MapClaims), parsed.Header["kid"].(string)
}

func TestTokensRejected(t *testing.T) {
	e := newEnv(t)
	valid := e.token("alpha", "owner@alpha.test")
	claims, kid := claimsOf(t, valid)
	jwks := e.do("GET", "/.well-known/jwks.json", "", nil)
	x := jwks.Body["keys"].([]any)[0].(map[string]any)["x"].(string)
	public, _ := base64.RawURLEncoding.DecodeString(x)
	_, foreignKey, _ := ed25519.GenerateKey(rand.Reader)

	sign := func(method jwt.SigningMethod, kid string, key any) string {
		t.Helper()
		tok := jwt.NewWithClaims(method, claims)
		tok.Header["kid"] = kid
		s, err := tok.SignedString(key)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	// Tokens from the clock's past and future, signed by auth itself.
	e.clock.Add(-time.Hour)
	expired := e.token("alpha", "owner@alpha.test")
	e.clock.Add(2 * time.Hour)
	notYet := e.token("alpha", "owner@alpha.test")
	e.clock.Add(-time.Hour)
	suspended := e.token("beta", "owner@beta.test")

	cases := []struct{ name, token string }{
		{"alg none", sign(jwt.SigningMethodNone, kid, jwt.UnsafeAllowNoneSignatureType)},
		{"HS256 keyed with the public key", sign(jwt.SigningMethodHS256, kid, public)},
		{"expired", expired},
		{"not yet valid", notYet},
		{"unknown kid", sign(jwt.SigningMethodEdDSA, uuid.NewString(), foreignKey)},
		{"signed by a foreign key under a known kid", sign(jwt.SigningMethodEdDSA, kid, foreignKey)},
		{"suspended tenant", suspended},
		{"garbage", "not.a.token"},
	}
	if r := e.do("GET", "/probe", valid, nil); r.Status != http.StatusOK || r.Body["tenant"] != e.a.String() {
		t.Fatalf("valid token refused: %d %s", r.Status, r.Raw)
	}
	if _, err := e.svc.SetTenantStatus(context.Background(), e.b, auth.TenantSuspended); err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := e.do("GET", "/probe", c.token, nil)
			if r.Status != http.StatusUnauthorized || r.Code() != "UNAUTHENTICATED" {
				t.Fatalf("got %d %s, want 401 UNAUTHENTICATED", r.Status, r.Raw)
			}
		})
	}
	t.Run("no token", func(t *testing.T) {
		if r := e.do("GET", "/probe", "", nil); r.Status != http.StatusUnauthorized {
			t.Fatalf("got %d", r.Status)
		}
	})
	t.Run("suspended tenant cannot refresh or log in", func(t *testing.T) {
		if r := e.login("beta", "owner@beta.test", ownerPassword); r.Status != http.StatusUnauthorized {
			t.Fatalf("login: %d %s", r.Status, r.Raw)
		}
	})
}

func TestTenantHeaderMustMatchToken(t *testing.T) {
	e := newEnv(t)
	tok := e.token("alpha", "owner@alpha.test")
	r := e.do("GET", "/api/v1/auth/me", tok, nil, authn.TenantHeader, e.b.String())
	if r.Status != http.StatusForbidden || r.Code() != "PERMISSION_DENIED" {
		t.Fatalf("got %d %s, want 403 PERMISSION_DENIED", r.Status, r.Raw)
	}
	if r := e.do("GET", "/api/v1/auth/me", tok, nil, authn.TenantHeader, e.a.String()); r.Status != http.StatusOK {
		t.Fatalf("matching header refused: %d %s", r.Status, r.Raw)
	}
}

func TestKeyRotationPublishesOldAndNewKeys(t *testing.T) {
	e := newEnv(t)
	old := e.token("alpha", "owner@alpha.test")
	_, oldKid := claimsOf(t, old)
	e.clock.Add(auth.DefaultConfig().KeyRotateEvery - time.Minute)
	if err := e.svc.Start(context.Background()); err != nil { // the periodic rotation check
		t.Fatal(err)
	}
	e.clock.Add(2 * time.Minute)
	fresh := e.token("alpha", "owner@alpha.test")
	_, newKid := claimsOf(t, fresh)
	if newKid == oldKid {
		t.Fatal("the signing key did not rotate")
	}
	keys := e.do("GET", "/.well-known/jwks.json", "", nil).Body["keys"].([]any)
	var kids []string
	for _, k := range keys {
		kids = append(kids, k.(map[string]any)["kid"].(string))
	}
	if !strings.Contains(strings.Join(kids, ","), oldKid) || !strings.Contains(strings.Join(kids, ","), newKid) {
		t.Fatalf("jwks kids = %v, want both %s and %s", kids, oldKid, newKid)
	}
	if r := e.do("GET", "/probe", fresh, nil); r.Status != http.StatusOK {
		t.Fatalf("token of the new key refused: %d %s", r.Status, r.Raw)
	}
}
