package vaulttest

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/benbjohnson/clock"
	"github.com/golang-jwt/jwt/v5"
	"github.com/hashicorp/vault/api"
)

// Mount is the KV v2 mount tests use; a Vault dev server has it.
const Mount = "secret"

// Env is the Vault a test talks to: the double, or a real Vault when
// VAULT_ADDR and VAULT_TOKEN are set. Set it up through its methods only,
// so a test runs the same against both.
type Env struct {
	Addr string
	// Clock is what the Vault's TTLs follow; give it to vault.Options.
	Clock clock.Clock
	// Mock advances the double's time; nil against a real Vault, whose
	// time passes on its own (tests that need it skip).
	Mock *clock.Mock
	// Double is the in-process server, nil against a real Vault.
	Double *Server

	admin *api.Client
	key   *rsa.PrivateKey
}

// Start returns the Vault of this test, closed when it ends. A real Vault
// must be a throwaway one (`vault server -dev`): the tests enable auth
// methods, add roles and replace the Kubernetes method's configuration.
func Start(tb testing.TB) *Env {
	tb.Helper()
	e := &Env{}
	var token string
	if addr, tok := os.Getenv("VAULT_ADDR"), os.Getenv("VAULT_TOKEN"); addr != "" && tok != "" {
		e.Addr, token, e.Clock = addr, tok, clock.New()
	} else {
		e.Mock = clock.NewMock()
		e.Mock.Set(time.Now())
		e.Double = NewServer(e.Mock)
		tb.Cleanup(e.Double.Close)
		e.Addr, token, e.Clock = e.Double.URL, e.Double.RootToken, e.Mock
	}
	cfg := api.DefaultConfig()
	cfg.Address = e.Addr
	var err error
	if e.admin, err = api.NewClient(cfg); err != nil {
		tb.Fatalf("vaulttest: %v", err)
	}
	e.admin.SetToken(token)
	return e
}

// Admin is a client with the root (or VAULT_TOKEN's) token.
func (e *Env) Admin() *api.Client { return e.admin }

// AdminToken is the root token of the double, or VAULT_TOKEN.
func (e *Env) AdminToken() string { return e.admin.Token() }

// Put writes data as a new version of mount/path and returns its version.
func (e *Env) Put(tb testing.TB, path string, data map[string]any) int {
	tb.Helper()
	s, err := e.admin.KVv2(Mount).Put(context.Background(), path, data)
	if err != nil {
		tb.Fatalf("vaulttest: put %s: %v", path, err)
	}
	return s.VersionMetadata.Version
}

// AppRole creates a role on the approle mount whose tokens live ttl
// (renewable up to maxTTL) and returns its role id and a new secret id.
func (e *Env) AppRole(tb testing.TB, ttl, maxTTL time.Duration) (roleID, secretID string) {
	tb.Helper()
	e.enable(tb, "approle")
	name := "vextrus-" + randomID()[:8]
	e.write(tb, "auth/approle/role/"+name, map[string]any{"token_ttl": seconds(ttl), "token_max_ttl": seconds(maxTTL),
		"token_policies": []string{"default"}})
	s, err := e.admin.Logical().Read("auth/approle/role/" + name + "/role-id")
	if err != nil {
		tb.Fatalf("vaulttest: role id: %v", err)
	}
	roleID, _ = s.Data["role_id"].(string)
	s = e.write(tb, "auth/approle/role/"+name+"/secret-id", nil)
	secretID, _ = s.Data["secret_id"].(string)
	return roleID, secretID
}

// Kubernetes configures the kubernetes mount to trust this Env's signing
// key, creates a role binding service account "vextrus" in namespace
// "erp", and writes a service-account token for them to a file. It
// returns the role and the file.
func (e *Env) Kubernetes(tb testing.TB, ttl time.Duration) (role, jwtFile string) {
	tb.Helper()
	e.enable(tb, "kubernetes")
	if e.key == nil {
		var err error
		if e.key, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
			tb.Fatalf("vaulttest: %v", err)
		}
	}
	der, err := x509.MarshalPKIXPublicKey(&e.key.PublicKey)
	if err != nil {
		tb.Fatalf("vaulttest: %v", err)
	}
	pub := string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
	e.write(tb, "auth/kubernetes/config", map[string]any{"kubernetes_host": "https://kubernetes.invalid",
		"pem_keys": []string{pub}, "disable_local_ca_jwt": true})
	role = "vextrus-" + randomID()[:8]
	e.write(tb, "auth/kubernetes/role/"+role, map[string]any{"bound_service_account_names": []string{"vextrus"},
		"bound_service_account_namespaces": []string{"erp"}, "token_ttl": seconds(ttl), "token_policies": []string{"default"}})
	jwtFile = filepath.Join(tb.TempDir(), "token")
	if err := os.WriteFile(jwtFile, []byte(e.ServiceAccountToken(tb, e.key, "erp", "vextrus")), 0o600); err != nil {
		tb.Fatalf("vaulttest: %v", err)
	}
	return role, jwtFile
}

// ServiceAccountToken signs a projected service-account token for
// namespace/name with key, valid for an hour on Env's clock.
func (e *Env) ServiceAccountToken(tb testing.TB, key *rsa.PrivateKey, namespace, name string) string {
	tb.Helper()
	now := e.Clock.Now()
	tok := jwt.NewWithClaims(jwt.SigningMethodRS256, jwt.MapClaims{
		"iss": "https://kubernetes.default.svc", "sub": "system:serviceaccount:" + namespace + ":" + name,
		"aud": []string{"vault"}, "iat": now.Unix(), "nbf": now.Unix(), "exp": now.Add(time.Hour).Unix(),
		"kubernetes.io": map[string]any{"namespace": namespace,
			"serviceaccount": map[string]any{"name": name, "uid": randomUUID()}},
	})
	s, err := tok.SignedString(key)
	if err != nil {
		tb.Fatalf("vaulttest: sign: %v", err)
	}
	return s
}

// enable turns an auth method on at its default path; one already there
// is fine.
func (e *Env) enable(tb testing.TB, method string) {
	tb.Helper()
	err := e.admin.Sys().EnableAuthWithOptions(method, &api.EnableAuthOptions{Type: method})
	var re *api.ResponseError
	if err != nil && !(errors.As(err, &re) && re.StatusCode == http.StatusBadRequest) {
		tb.Fatalf("vaulttest: enable %s: %v", method, err)
	}
}

func (e *Env) write(tb testing.TB, path string, data map[string]any) *api.Secret {
	tb.Helper()
	s, err := e.admin.Logical().Write(path, data)
	if err != nil {
		tb.Fatalf("vaulttest: write %s: %v", path, err)
	}
	return s
}
