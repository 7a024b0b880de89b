package vault_test

import (
	"context"
	"testing"
	"time"

	"github.com/vextrus/vextrus/internal/platform/db/dbtest"
	"github.com/vextrus/vextrus/internal/platform/vault"
	"github.com/vextrus/vextrus/internal/platform/vault/vaulttest"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// rotationCheck is the tests' vault.rotation_check: the double's clock
// jumps past it; a real Vault's time passes, so it is short.
const rotationCheck = 30 * time.Second

func baseConfig(env *vaulttest.Env) vault.Config {
	cfg := vault.DefaultConfig()
	cfg.Address = env.Addr
	cfg.RotationCheck = rotationCheck
	if env.Mock == nil {
		cfg.RotationCheck = 100 * time.Millisecond
	}
	return cfg
}

// appRoleConfig is a configuration logging in with a new AppRole whose
// tokens live ttl, renewable up to maxTTL (0: no maximum).
func appRoleConfig(tb testing.TB, env *vaulttest.Env, ttl, maxTTL time.Duration) vault.Config {
	tb.Helper()
	cfg := baseConfig(env)
	cfg.Auth = vault.AuthAppRole
	cfg.RoleID, cfg.SecretID = env.AppRole(tb, ttl, maxTTL)
	return cfg
}

func newClient(tb testing.TB, env *vaulttest.Env, cfg vault.Config) *vault.Client {
	tb.Helper()
	c, err := vault.New(context.Background(), cfg, vault.Options{Clock: env.Clock})
	if err != nil {
		tb.Fatalf("vault.New: %v", err)
	}
	return c
}

// started runs c's renewal and rotation checks until the test ends.
func started(tb testing.TB, c *vault.Client) *vault.Client {
	tb.Helper()
	tb.Cleanup(c.Start(context.Background()))
	return c
}

// secretPath is a path of its own for each test, so tests against one
// real Vault do not meet.
func secretPath(tb testing.TB) string { return "vextrus-test/" + tb.Name() }

func needDouble(tb testing.TB, env *vaulttest.Env) {
	tb.Helper()
	if env.Double == nil {
		tb.Skip("needs the double's clock: a real Vault's TTLs pass in real time")
	}
}
