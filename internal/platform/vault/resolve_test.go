package vault_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/vault/api"

	"github.com/vextrus/vextrus/internal/platform/config"
	"github.com/vextrus/vextrus/internal/platform/vault"
	"github.com/vextrus/vextrus/internal/platform/vault/vaulttest"
)

func resolve(tb testing.TB, c *vault.Client, raw string) (string, error) {
	tb.Helper()
	s := config.NewSecrets(func(string) (string, bool) { return "", false })
	s.Register("vault", c)
	v, isRef, err := s.Resolve(context.Background(), raw)
	if !isRef {
		tb.Fatalf("%s is not taken for a reference", raw)
	}
	return v, err
}

func TestReferencesResolveThroughAppRole(t *testing.T) {
	env := vaulttest.Start(t)
	env.Put(t, secretPath(t), map[string]any{"password": "app-pass-1", "user": "vextrus_app"})
	c := newClient(t, env, appRoleConfig(t, env, time.Hour, 0))
	got, err := resolve(t, c, "vault:secret/"+secretPath(t)+"#password")
	if err != nil || got != "app-pass-1" {
		t.Fatalf("resolve = %q, %v; want app-pass-1", got, err)
	}
}

func TestReferencesResolveWithAGivenToken(t *testing.T) {
	env := vaulttest.Start(t)
	env.Put(t, secretPath(t), map[string]any{"password": "by-token"})
	cfg := baseConfig(env)
	cfg.Auth, cfg.Token = vault.AuthToken, env.AdminToken()
	got, err := resolve(t, newClient(t, env, cfg), "vault:secret/"+secretPath(t)+"#password")
	if err != nil || got != "by-token" {
		t.Fatalf("resolve = %q, %v; want by-token", got, err)
	}
}

func TestReferencesResolveThroughKubernetesAuth(t *testing.T) {
	env := vaulttest.Start(t)
	env.Put(t, secretPath(t), map[string]any{"api_key": "k8s-secret"})
	cfg := baseConfig(env)
	cfg.Auth = vault.AuthKubernetes
	cfg.Role, cfg.JWTFile = env.Kubernetes(t, time.Hour)
	c := newClient(t, env, cfg)
	got, err := resolve(t, c, "vault:secret/"+secretPath(t)+"#api_key")
	if err != nil || got != "k8s-secret" {
		t.Fatalf("resolve = %q, %v; want k8s-secret", got, err)
	}
}

func TestRefusedCredentialsNameTheSettingToFix(t *testing.T) {
	env := vaulttest.Start(t)
	good := appRoleConfig(t, env, time.Hour, 0)
	k8sRole, jwtFile := env.Kubernetes(t, time.Hour)
	cases := []struct {
		name    string
		cfg     func(vault.Config) vault.Config
		wantKey string
	}{
		{"wrong AppRole secret id", func(c vault.Config) vault.Config { c.SecretID = "not-the-secret-id"; return c }, "secret_id"},
		{"unknown AppRole role id", func(c vault.Config) vault.Config { c.RoleID = "no-such-role"; return c }, "secret_id"},
		{"unknown token", func(c vault.Config) vault.Config { c.Auth, c.Token = vault.AuthToken, "hvs.unknown"; return c }, "token"},
		{"unknown Kubernetes role", func(c vault.Config) vault.Config {
			c.Auth, c.Role, c.JWTFile = vault.AuthKubernetes, "no-such-role", jwtFile
			return c
		}, "role"},
		{"service-account token signed by another key", func(c vault.Config) vault.Config {
			c.Auth, c.Role, c.JWTFile = vault.AuthKubernetes, k8sRole, forgedToken(t, env)
			return c
		}, "jwt_file"},
		{"missing service-account token file", func(c vault.Config) vault.Config {
			c.Auth, c.Role, c.JWTFile = vault.AuthKubernetes, k8sRole, t.TempDir()+"/none"
			return c
		}, "jwt_file"},
		{"nothing listening", func(c vault.Config) vault.Config { c.Address = "http://127.0.0.1:1"; return c }, "address"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := vault.New(context.Background(), tc.cfg(good), vault.Options{Clock: env.Clock})
			var se *vault.SettingError
			if !errors.As(err, &se) || se.Key != tc.wantKey {
				t.Fatalf("err = %v; want a SettingError naming %s", err, tc.wantKey)
			}
		})
	}
}

func TestAReferenceToWhatIsNotThereSaysWhat(t *testing.T) {
	env := vaulttest.Start(t)
	env.Put(t, secretPath(t), map[string]any{"password": "x"})
	c := newClient(t, env, appRoleConfig(t, env, time.Hour, 0))
	for ref, want := range map[string]string{
		"vault:secret/" + secretPath(t) + "#user":               `no key "user"`,
		"vault:secret/" + secretPath(t) + "-gone#password":      "no such secret",
		"vault:secret/" + secretPath(t) + "?version=9#password": "no such secret",
		"vault:secret#password":                                 "want vault:<mount>/<path>#<key>",
		"vault:secret/" + secretPath(t):                         "no key",
	} {
		if _, err := resolve(t, c, ref); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err = %v; want it to say %q", ref, err, want)
		}
	}
}

// forgedToken writes a service-account token for the bound account signed
// by a key Vault does not trust.
func forgedToken(tb testing.TB, env *vaulttest.Env) string {
	tb.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		tb.Fatal(err)
	}
	file := filepath.Join(tb.TempDir(), "forged")
	if err := os.WriteFile(file, []byte(env.ServiceAccountToken(tb, key, "erp", "vextrus")), 0o600); err != nil {
		tb.Fatal(err)
	}
	return file
}

func TestAnExpiredServiceAccountTokenIsRefused(t *testing.T) {
	env := vaulttest.Start(t)
	needDouble(t, env)
	cfg := baseConfig(env)
	cfg.Auth = vault.AuthKubernetes
	cfg.Role, cfg.JWTFile = env.Kubernetes(t, time.Hour)
	env.Mock.Add(2 * time.Hour) // the token in the file was valid for one
	_, err := vault.New(context.Background(), cfg, vault.Options{Clock: env.Clock})
	var se *vault.SettingError
	if !errors.As(err, &se) || se.Key != "jwt_file" {
		t.Fatalf("err = %v; want the expired token refused, naming jwt_file", err)
	}
}

func TestVaultReportsItselfHealthy(t *testing.T) {
	env := vaulttest.Start(t)
	h, err := env.Admin().Sys().Health()
	if err != nil || !h.Initialized || h.Sealed || h.Standby {
		t.Fatalf("health = %+v, %v; want initialized, unsealed, active", h, err)
	}
}

func TestClosingRevokesTheLoginButNotAGivenToken(t *testing.T) {
	env := vaulttest.Start(t)
	ctx := context.Background()
	tokenWorks := func(token string) bool {
		c, err := api.NewClient(&api.Config{Address: env.Addr})
		if err != nil {
			t.Fatal(err)
		}
		c.SetToken(token)
		_, err = c.Auth().Token().LookupSelfWithContext(ctx)
		return err == nil
	}
	login := newClient(t, env, appRoleConfig(t, env, time.Hour, 0))
	token := login.API().Token()
	if err := login.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if tokenWorks(token) {
		t.Fatal("the AppRole login's token still works after Close")
	}
	cfg := baseConfig(env)
	cfg.Auth, cfg.Token = vault.AuthToken, env.AdminToken()
	if err := newClient(t, env, cfg).Close(ctx); err != nil {
		t.Fatal(err)
	}
	if !tokenWorks(env.AdminToken()) {
		t.Fatal("Close revoked the token the operator gave")
	}
}
