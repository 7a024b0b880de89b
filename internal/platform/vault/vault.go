// Package vault resolves `vault:` secret references from HashiCorp Vault's
// KV version 2 engine with HashiCorp's official client, keeps its token
// alive, and lets a caller watch a secret that rotates.
//
// A reference names a KV v2 mount, a path under it, a key of the secret's
// data and, optionally, a pinned version:
//
//	vault:secret/vextrus/db#password            latest version
//	vault:secret/vextrus/db?version=3#password  version 3, never rotated
//
// The first path segment is the mount (`secret`), the rest the secret's path
// (`vextrus/db`). The client logs in with a token, AppRole or Kubernetes
// (Config.Auth), renews its token when two thirds of its TTL have passed,
// and logs in again when the token cannot be renewed any further. A
// watched secret (Client.Watch) is re-read when its KV v2 metadata shows a
// new current version, checked every Config.RotationCheck, and at once when
// its user reports that the value was refused (Secret.Refresh). See
// docs/vault.md.
package vault

import (
	"net/url"
	"os"
	"time"

	"github.com/vextrus/vextrus/internal/platform/config"
)

// The authentication methods of Config.Auth.
const (
	AuthToken      = "token"
	AuthAppRole    = "approle"
	AuthKubernetes = "kubernetes"
)

// DefaultJWTFile is where Kubernetes mounts a pod's service-account token.
const DefaultJWTFile = "/var/run/secrets/kubernetes.io/serviceaccount/token"

// Config is the `vault` section of the process configuration
// (VEXTRUS_VAULT_*). With Address empty Vault is not used, and a `vault:`
// reference is an error.
type Config struct {
	Address   string `yaml:"address" doc:"Vault address (e.g. https://vault.internal:8200); empty leaves vault: references unresolvable"`
	Auth      string `yaml:"auth" doc:"how Vextrus logs in to Vault: token, approle or kubernetes"`
	Token     string `yaml:"token" secret:"true" doc:"Vault token, for auth=token"`
	RoleID    string `yaml:"role_id" secret:"true" doc:"AppRole role id, for auth=approle (may itself be a file: or env: reference)"`
	SecretID  string `yaml:"secret_id" secret:"true" doc:"AppRole secret id, for auth=approle (may itself be a file: or env: reference)"`
	Role      string `yaml:"role" doc:"role of Vault's Kubernetes auth method, for auth=kubernetes"`
	JWTFile   string `yaml:"jwt_file" doc:"service-account token file, for auth=kubernetes"`
	AuthMount string `yaml:"auth_mount" doc:"mount path of the auth method; empty uses approle or kubernetes"`
	Namespace string `yaml:"namespace" doc:"Vault Enterprise namespace; empty for none"`
	CACert    string `yaml:"ca_cert" doc:"PEM file of the CA that signed Vault's certificate; empty trusts the system roots"`
	// Timeout bounds each request, so a stalled Vault fails a start or a
	// rotation check instead of hanging it.
	Timeout time.Duration `yaml:"timeout" doc:"bound of each request to Vault"`
	// RotationCheck is how often watched secrets' metadata is read; a
	// refused password is re-read at once, whatever this says.
	RotationCheck time.Duration `yaml:"rotation_check" doc:"how often a watched secret (the database app password) is checked for a new KV v2 version"`
}

// DefaultConfig is the section before the file and the environment.
func DefaultConfig() Config {
	return Config{Auth: AuthToken, JWTFile: DefaultJWTFile, Timeout: 10 * time.Second, RotationCheck: 30 * time.Second}
}

// Enabled reports whether a Vault is configured.
func (c *Config) Enabled() bool { return c.Address != "" }

// Validate reports every problem with c at once; nothing is checked while
// Vault is not configured.
func (c *Config) Validate(ch *config.Checker) {
	if !c.Enabled() {
		return
	}
	u, err := url.Parse(c.Address)
	ch.Check(err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "", "address",
		"must be an http or https URL such as https://vault.internal:8200")
	ch.Check(c.Timeout > 0, "timeout", "must be positive")
	ch.Check(c.RotationCheck > 0, "rotation_check", "must be positive")
	if c.CACert != "" {
		_, err := os.Stat(c.CACert)
		ch.Check(err == nil, "ca_cert", "cannot be read: %v", err)
	}
	switch c.Auth {
	case AuthToken:
		ch.Check(c.Token != "", "token", "required by auth=token")
	case AuthAppRole:
		ch.Check(c.RoleID != "", "role_id", "required by auth=approle")
		ch.Check(c.SecretID != "", "secret_id", "required by auth=approle")
	case AuthKubernetes:
		ch.Check(c.Role != "", "role", "required by auth=kubernetes")
		ch.Check(c.JWTFile != "", "jwt_file", "required by auth=kubernetes")
	default:
		ch.Add("auth", "%q is not one of token, approle, kubernetes", c.Auth)
	}
}

// SettingError is a failure that one setting of Config causes or fixes,
// named by its key within the section (e.g. "secret_id").
type SettingError struct {
	Key string
	Err error
}

func (e *SettingError) Error() string { return e.Key + ": " + e.Err.Error() }

// Unwrap returns the cause.
func (e *SettingError) Unwrap() error { return e.Err }
