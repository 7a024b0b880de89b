package vault_test

import (
	"context"
	"testing"
	"time"

	"github.com/vextrus/vextrus/internal/platform/testwait"
	"github.com/vextrus/vextrus/internal/platform/vault"
	"github.com/vextrus/vextrus/internal/platform/vault/vaulttest"
)

const (
	renewSelf = "auth/token/renew-self"
	login     = "auth/*/login"
)

// renewing starts a client on the double whose AppRole tokens live ttl,
// renewable up to maxTTL, and returns the reference of a secret it reads.
func renewing(t *testing.T, ttl, maxTTL time.Duration) (*vaulttest.Env, *vault.Client, string) {
	env := vaulttest.Start(t)
	needDouble(t, env)
	env.Put(t, secretPath(t), map[string]any{"password": "p"})
	c := started(t, newClient(t, env, appRoleConfig(t, env, ttl, maxTTL)))
	return env, c, "secret/" + secretPath(t) + "#password"
}

func TestATokenIsRenewedBeforeItLapses(t *testing.T) {
	env, c, ref := renewing(t, 30*time.Second, 0)

	// Two thirds of the TTL is when the client renews.
	env.Mock.Add(25 * time.Second)
	testwait.For(t, 10*time.Second, "renew-self called", func() bool { return env.Double.Calls(renewSelf) >= 1 })
	// Past the TTL the token was first issued for.
	env.Mock.Add(10 * time.Second)
	if _, err := c.Resolve(context.Background(), ref); err != nil {
		t.Fatalf("read after the original TTL: %v", err)
	}
	if n := env.Double.Calls(login); n != 1 {
		t.Fatalf("%d logins; the renewed token should have served the read without a new login", n)
	}
}

func TestATokenAtItsMaxTTLIsReplacedByAFreshLogin(t *testing.T) {
	env, c, ref := renewing(t, 30*time.Second, 40*time.Second)

	env.Mock.Add(25 * time.Second) // renewed, but only to the max TTL at 40s
	testwait.For(t, 10*time.Second, "renew-self called", func() bool { return env.Double.Calls(renewSelf) >= 1 })
	testwait.For(t, 10*time.Second, "a fresh login before the max TTL", func() bool {
		if env.Double.Calls(login) >= 2 {
			return true
		}
		env.Mock.Add(time.Second) // toward two thirds of the capped lease
		return false
	})
	env.Mock.Add(20 * time.Second) // past the first token's max TTL
	if _, err := c.Resolve(context.Background(), ref); err != nil {
		t.Fatalf("read after the max TTL: %v", err)
	}
	if n := env.Double.Calls(login); n != 2 {
		t.Fatalf("%d logins; the read should have found the fresh token", n)
	}
}

func TestAReadWithAnExpiredTokenLogsInAgain(t *testing.T) {
	env := vaulttest.Start(t)
	needDouble(t, env)
	env.Put(t, secretPath(t), map[string]any{"password": "p"})
	// Not started: nothing renews the token.
	c := newClient(t, env, appRoleConfig(t, env, 30*time.Second, 0))
	env.Mock.Add(time.Minute)
	if v, err := c.Resolve(context.Background(), "secret/"+secretPath(t)+"#password"); err != nil || v != "p" {
		t.Fatalf("resolve = %q, %v", v, err)
	}
	if n := env.Double.Calls(login); n != 2 {
		t.Fatalf("%d logins, want the first and one after the token expired", n)
	}
}
