package vault_test

import (
	"strings"
	"testing"

	"github.com/vextrus/vextrus/internal/platform/config"
	"github.com/vextrus/vextrus/internal/platform/vault"
)

func TestAnUnconfiguredVaultNeedsNothing(t *testing.T) {
	cfg := struct {
		Vault vault.Config `yaml:"vault"`
	}{vault.DefaultConfig()}
	if ps := config.Validate(&cfg); len(ps) != 0 {
		t.Fatalf("problems without an address: %v", ps)
	}
}

func TestEveryVaultSettingProblemIsReportedAtOnce(t *testing.T) {
	cases := []struct {
		name string
		set  func(*vault.Config)
		want []string
	}{
		{"approle without ids, a bad address and no timeout", func(c *vault.Config) {
			c.Address, c.Auth, c.Timeout = "vault.internal:8200", vault.AuthAppRole, 0
		}, []string{"vault.address", "vault.timeout", "vault.role_id", "vault.secret_id"}},
		{"kubernetes without role or token file", func(c *vault.Config) {
			c.Address, c.Auth, c.JWTFile = "https://vault.internal:8200", vault.AuthKubernetes, ""
		}, []string{"vault.role", "vault.jwt_file"}},
		{"token without a token, a missing CA", func(c *vault.Config) {
			c.Address, c.CACert = "https://vault.internal:8200", "/nonexistent/ca.pem"
		}, []string{"vault.ca_cert", "vault.token"}},
		{"an unknown method", func(c *vault.Config) { c.Address, c.Auth = "http://127.0.0.1:8200", "ldap" }, []string{"vault.auth"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := struct {
				Vault vault.Config `yaml:"vault"`
			}{vault.DefaultConfig()}
			tc.set(&cfg.Vault)
			var keys []string
			for _, p := range config.Validate(&cfg) {
				keys = append(keys, p.Key)
			}
			if strings.Join(keys, ",") != strings.Join(tc.want, ",") {
				t.Fatalf("problems at %v; want %v", keys, tc.want)
			}
		})
	}
}

func TestReferencesParse(t *testing.T) {
	good := map[string]vault.Ref{
		"secret/vextrus/db#password":           {Mount: "secret", Path: "vextrus/db", Key: "password"},
		"kv/app#api_key":                       {Mount: "kv", Path: "app", Key: "api_key"},
		"secret/vextrus/db?version=3#password": {Mount: "secret", Path: "vextrus/db", Key: "password", Version: 3},
	}
	for s, want := range good {
		got, err := vault.ParseRef(s)
		if err != nil || got != want || got.String() != s {
			t.Errorf("ParseRef(%q) = %+v, %v; want %+v", s, got, err, want)
		}
	}
	for _, s := range []string{"secret/vextrus/db", "secret/vextrus/db#", "secret#password", "/db#password",
		"secret/a//b#k", "secret/../sys#k", "secret/db?version=0#k", "secret/db?version=x#k", "secret/db?ver=1#k"} {
		if _, err := vault.ParseRef(s); err == nil {
			t.Errorf("ParseRef(%q) accepted a bad reference", s)
		}
	}
}
