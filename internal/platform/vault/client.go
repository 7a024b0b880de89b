package vault

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/benbjohnson/clock"
	"github.com/hashicorp/vault/api"
	"github.com/hashicorp/vault/api/auth/approle"
	"github.com/hashicorp/vault/api/auth/kubernetes"
)

// Options are what a Client takes besides its Config.
type Options struct {
	// Clock times renewals and rotation checks; nil is the wall clock.
	// Tests pass a mock shared with vaulttest so TTLs expire on demand.
	Clock clock.Clock
	// Logger receives renewals, logins and rotations; nil discards.
	Logger *slog.Logger
}

// Client reads KV v2 secrets with a token it keeps alive. It is safe for
// concurrent use. Start runs its renewal and rotation checks.
type Client struct {
	cfg    Config
	api    *api.Client
	clock  clock.Clock
	log    *slog.Logger
	method api.AuthMethod // nil with auth=token: there is nothing to log in with again

	mu    sync.Mutex // guards lease; held across a login so only one runs
	lease lease

	watchMu sync.Mutex
	watched []*Secret
}

// lease is what Vault said about the current token.
type lease struct {
	ttl       time.Duration // 0: the token does not expire
	renewable bool
	at        time.Time
	// capped is set when a renewal granted less than asked: the token
	// reached its max TTL, so the next refresh logs in again.
	capped bool
}

// New connects to Vault and logs in (or, with auth=token, looks the token
// up), so that a wrong credential fails the start. A zero Timeout or
// RotationCheck takes DefaultConfig's. The error of a refused
// credential is a *SettingError naming the setting to fix.
func New(ctx context.Context, cfg Config, opts Options) (*Client, error) {
	def := DefaultConfig()
	if cfg.Timeout <= 0 {
		cfg.Timeout = def.Timeout
	}
	if cfg.RotationCheck <= 0 {
		cfg.RotationCheck = def.RotationCheck
	}
	ac := api.DefaultConfig()
	if ac.Error != nil {
		return nil, fmt.Errorf("vault client: %w", ac.Error)
	}
	ac.Address, ac.Timeout = cfg.Address, cfg.Timeout
	// Always, so that VAULT_CACERT or VAULT_SKIP_VERIFY in the environment
	// cannot change whom the client trusts: ca_cert, or the system roots.
	if err := ac.ConfigureTLS(&api.TLSConfig{CACert: cfg.CACert}); err != nil {
		return nil, &SettingError{Key: "ca_cert", Err: err}
	}
	a, err := api.NewClient(ac)
	if err != nil {
		return nil, &SettingError{Key: "address", Err: err}
	}
	// The section is the one source of these; VAULT_NAMESPACE or
	// VAULT_TOKEN in the environment must not change what it says.
	a.ClearToken()
	a.ClearNamespace()
	if cfg.Namespace != "" {
		a.SetNamespace(cfg.Namespace)
	}
	c := &Client{cfg: cfg, api: a, clock: opts.Clock, log: opts.Logger}
	if c.clock == nil {
		c.clock = clock.New()
	}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	switch cfg.Auth {
	case AuthToken:
		a.SetToken(cfg.Token)
		return c, c.lookupToken(ctx)
	case AuthAppRole:
		c.method, err = approle.NewAppRoleAuth(cfg.RoleID, &approle.SecretID{FromString: cfg.SecretID},
			approle.WithMountPath(mountOr(cfg.AuthMount, AuthAppRole)))
	case AuthKubernetes:
		if _, err := os.Stat(cfg.JWTFile); err != nil {
			return nil, &SettingError{Key: "jwt_file", Err: fmt.Errorf("service-account token: %w", err)}
		}
		c.method, err = kubernetes.NewKubernetesAuth(cfg.Role, kubernetes.WithServiceAccountTokenPath(cfg.JWTFile),
			kubernetes.WithMountPath(mountOr(cfg.AuthMount, AuthKubernetes)))
	default:
		return nil, &SettingError{Key: "auth", Err: fmt.Errorf("%q is not one of token, approle, kubernetes", cfg.Auth)}
	}
	if err != nil {
		return nil, &SettingError{Key: "auth", Err: err}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c, c.login(ctx)
}

func mountOr(mount, def string) string {
	if mount == "" {
		return def
	}
	return mount
}

// Close revokes the token the client logged in for, so that a process
// that stops, or a login used only to load the configuration, leaves no
// live token behind. A given token (auth=token) is the operator's and is
// left alone.
func (c *Client) Close(ctx context.Context) error {
	if c.method == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	ctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	if err := c.api.Auth().Token().RevokeSelfWithContext(ctx, ""); err != nil {
		return fmt.Errorf("vault: revoke token: %w", readable(err))
	}
	c.api.ClearToken()
	return nil
}

// API is the underlying client, authenticated, for what this package does
// not wrap (writing a secret from a tool or a test).
func (c *Client) API() *api.Client { return c.api }

// lookupToken records the lease of a given token.
func (c *Client) lookupToken(ctx context.Context) error {
	s, err := c.api.Auth().Token().LookupSelfWithContext(ctx)
	if err != nil {
		return c.credentialError(err, "token", "Vault refused the token")
	}
	ttl, err := s.TokenTTL()
	if err != nil {
		return fmt.Errorf("vault token lookup: %w", err)
	}
	renewable, _ := s.TokenIsRenewable()
	c.mu.Lock()
	c.lease = lease{ttl: ttl, renewable: renewable, at: c.clock.Now()}
	c.mu.Unlock()
	return nil
}

// login logs in with the configured method; c.mu is held.
func (c *Client) login(ctx context.Context) error {
	s, err := c.api.Auth().Login(ctx, c.method)
	if err != nil {
		switch c.cfg.Auth {
		case AuthAppRole:
			return c.credentialError(err, "secret_id", "AppRole login refused (check vault.role_id and vault.secret_id)")
		default:
			key := "jwt_file"
			var re *api.ResponseError
			if errors.As(err, &re) && re.StatusCode == http.StatusBadRequest {
				key = "role" // Vault answers 400 for a role it does not know
			}
			return c.credentialError(err, key, "Kubernetes login refused (check vault.role and the token in vault.jwt_file)")
		}
	}
	c.lease = lease{ttl: time.Duration(s.Auth.LeaseDuration) * time.Second, renewable: s.Auth.Renewable, at: c.clock.Now()}
	c.log.Info("vault login", "auth", c.cfg.Auth, "ttl", c.lease.ttl, "renewable", c.lease.renewable)
	return nil
}

// credentialError names key when Vault answered and refused, and
// vault.address when it could not be reached at all.
func (c *Client) credentialError(err error, key, what string) error {
	var re *api.ResponseError
	if !errors.As(err, &re) {
		return &SettingError{Key: "address", Err: fmt.Errorf("cannot reach Vault at %s: %w", c.cfg.Address, err)}
	}
	return &SettingError{Key: key, Err: fmt.Errorf("%s: %s", what, vaultMessage(re))}
}

// vaultMessage is Vault's own error text without the request URL.
func vaultMessage(re *api.ResponseError) string {
	if len(re.Errors) > 0 {
		return fmt.Sprintf("HTTP %d: %v", re.StatusCode, re.Errors)
	}
	return fmt.Sprintf("HTTP %d", re.StatusCode)
}

// forbidden reports Vault's 403, which an expired or revoked token gets.
func forbidden(err error) bool {
	var re *api.ResponseError
	return errors.As(err, &re) && re.StatusCode == http.StatusForbidden
}
