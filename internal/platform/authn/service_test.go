package authn_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/vextrus/vextrus/internal/platform/authn"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

type allActive struct{}

func (allActive) Active(context.Context, tenant.ID) (bool, error) { return true, nil }

// everything would grant any permission: a service token must never reach it.
type everything struct{}

func (everything) Permissions(context.Context, tenant.ID, []string) (map[string]bool, error) {
	return map[string]bool{"auth.tenant.provision": true, "finance.invoice.write": true}, nil
}

func TestServiceTokenHoldsExactlyItsGrant(t *testing.T) {
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	keys := authn.NewCachedKeys(func(context.Context) (authn.JWKS, error) {
		return authn.JWKS{Keys: []authn.JWK{authn.PublicJWK("k1", pub)}}, nil
	}, time.Hour)
	cfg := authn.Config{Verifier: authn.NewVerifier(keys, nil), Tenants: allActive{}, Roles: everything{}}
	tid := tenant.New()
	sign := func(sub, svc string, roles []string) string {
		now := time.Now()
		tok, err := authn.Sign(&authn.Claims{RegisteredClaims: jwt.RegisteredClaims{Issuer: authn.Issuer, Subject: sub, ID: "j1",
			IssuedAt: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(now.Add(5 * time.Minute))},
			Tenant: tid.String(), Roles: roles, Service: svc, Permissions: []string{"finance.invoice.read"}}, "k1", priv)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	p, err := cfg.Authenticate(context.Background(), sign("service:orders", "orders", nil))
	if err != nil {
		t.Fatal(err)
	}
	if p.Service != "orders" || p.UserID != "service:orders" || p.Tenant != tid || len(p.Roles) != 0 {
		t.Fatalf("principal %+v", p)
	}
	if !p.Has("finance.invoice.read") || len(p.Permissions) != 1 {
		t.Fatalf("permissions %v, want exactly finance.invoice.read", p.Permissions)
	}
	for name, tok := range map[string]string{
		"subject of another service": sign("service:finance", "orders", nil),
		"a user's subject":           sign("0190f1d2-7c5e-7a00-8000-000000000009", "orders", nil),
		"roles beside the grant":     sign("service:orders", "orders", []string{"owner"}),
	} {
		t.Run("refuses "+name, func(t *testing.T) {
			if _, err := cfg.Authenticate(context.Background(), tok); !errs.Is(err, errs.Unauthenticated) {
				t.Fatalf("err %v, want UNAUTHENTICATED", err)
			}
		})
	}
	t.Run("a user token's perms claim is ignored", func(t *testing.T) {
		p, err := cfg.Authenticate(context.Background(), sign("0190f1d2-7c5e-7a00-8000-000000000009", "", []string{"viewer"}))
		if err != nil {
			t.Fatal(err)
		}
		if p.Service != "" || !p.Has("auth.tenant.provision") {
			t.Fatalf("a user token resolved %+v; its roles, not perms, decide", p)
		}
	})
}
