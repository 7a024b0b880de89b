package auth

import (
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"time"
)

// Config is the auth section (`auth.*`, VEXTRUS_AUTH_*).
type Config struct {
	// KeyEncryptionKey seals the private signing keys at rest: 32 bytes,
	// base64. Required in serve; dev falls back to a fixed development key.
	KeyEncryptionKey string `yaml:"key_encryption_key" secret:"true" doc:"base64 of 32 random bytes sealing the token signing keys at rest (AES-256-GCM)"`
	// AccessTTL is the lifetime of access tokens.
	AccessTTL time.Duration `yaml:"access_ttl" doc:"lifetime of access tokens"`
	// RefreshTTL is the idle lifetime of a refresh token.
	RefreshTTL time.Duration `yaml:"refresh_ttl" doc:"lifetime of a refresh token; each use issues a new one"`
	// SessionTTL bounds a session however often it is refreshed.
	SessionTTL time.Duration `yaml:"session_ttl" doc:"absolute lifetime of a session"`
	// KeyRotateEvery is how long a signing key signs before the next.
	KeyRotateEvery time.Duration `yaml:"key_rotate_every" doc:"how long a signing key signs new tokens"`
	// KeyCheckEvery is how often the rotation is checked.
	KeyCheckEvery time.Duration `yaml:"key_check_every" doc:"how often to check whether the signing key must rotate"`
	// TenantStatusTTL bounds how long a suspended tenant's tokens may still
	// pass in another process.
	TenantStatusTTL time.Duration `yaml:"tenant_status_ttl" doc:"how long tenant status is cached by the authn middleware"`
	RoleCacheTTL    time.Duration `yaml:"role_cache_ttl" doc:"how long custom role permissions are cached"`
	APIKeyCacheTTL  time.Duration `yaml:"api_key_cache_ttl" doc:"how long a verified API key is cached"`
	InviteTTL       time.Duration `yaml:"invite_ttl" doc:"lifetime of an invitation token"`
	ResetTTL        time.Duration `yaml:"reset_ttl" doc:"lifetime of a password reset token"`
	// PlatformTenant is the slug of the tenant whose administrators may
	// create and suspend tenants through the API.
	PlatformTenant string `yaml:"platform_tenant" doc:"slug of the platform operators' tenant"`
	// ServiceTokenTTL is the lifetime of service credentials
	// (MintServiceToken); zero means DefaultServiceTokenTTL.
	ServiceTokenTTL time.Duration `yaml:"service_token_ttl" doc:"lifetime of the short-lived tokens a service's background work acts with for a tenant"`
	// ServiceTokenSecret authenticates processes without auth that ask it
	// for service credentials on the internal listener; empty refuses
	// them all. A secret reference (vault:, file:, env:) as elsewhere.
	ServiceTokenSecret string        `yaml:"service_token_secret" secret:"true" doc:"shared secret with which processes without auth ask it for service credentials (internal listener); empty refuses them"`
	Lockout            LockoutConfig `yaml:"lockout"`
	Argon2             Argon2Params  `yaml:"argon2"`
}

// LockoutConfig is the brute-force policy.
type LockoutConfig struct {
	// FreeFailures may fail without delay.
	FreeFailures int `yaml:"free_failures" doc:"failed logins per account allowed before backoff"`
	// LockAfter failures lock the account for LockFor.
	LockAfter int           `yaml:"lock_after" doc:"failed logins per account that lock it"`
	LockFor   time.Duration `yaml:"lock_for" doc:"how long a locked account stays locked"`
	// MaxBackoff caps the delay between failures before the lock.
	MaxBackoff time.Duration `yaml:"max_backoff" doc:"longest wait between failed logins before the lock"`
	// AddressFailures from one source address within AddressWindow block it.
	AddressFailures int           `yaml:"address_failures" doc:"failed logins per source address that block it"`
	AddressWindow   time.Duration `yaml:"address_window" doc:"window and block time of the per-address limit"`
}

// DefaultConfig is the auth configuration before file and environment.
func DefaultConfig() Config {
	return Config{
		AccessTTL: 15 * time.Minute, RefreshTTL: 14 * 24 * time.Hour, SessionTTL: 30 * 24 * time.Hour,
		KeyRotateEvery: 7 * 24 * time.Hour, KeyCheckEvery: time.Hour,
		TenantStatusTTL: 30 * time.Second, RoleCacheTTL: 30 * time.Second, APIKeyCacheTTL: 30 * time.Second,
		InviteTTL: 7 * 24 * time.Hour, ResetTTL: time.Hour, PlatformTenant: "platform", ServiceTokenTTL: DefaultServiceTokenTTL,
		Lockout: LockoutConfig{FreeFailures: 5, LockAfter: 20, LockFor: 15 * time.Minute, MaxBackoff: time.Minute,
			AddressFailures: 100, AddressWindow: 15 * time.Minute},
		Argon2: DefaultArgon2,
	}
}

// DefaultServiceTokenTTL is how long a service credential lives: short, so
// a changed grant or a suspended tenant applies within minutes.
const DefaultServiceTokenTTL = 5 * time.Minute

// devKEK seals dev keys only; `serve` refuses to start without a real one.
var devKEK = sha256.Sum256([]byte("vextrus development key-encryption key; never use in production"))

func (c Config) keyEncryptionKey() ([]byte, error) {
	if c.KeyEncryptionKey == "" {
		return devKEK[:], nil
	}
	k, err := base64.StdEncoding.DecodeString(c.KeyEncryptionKey)
	if err != nil || len(k) != 32 {
		return nil, errors.New("auth.key_encryption_key must be base64 of 32 bytes")
	}
	return k, nil
}

func (c Config) validate() error {
	switch {
	case c.AccessTTL <= 0 || c.RefreshTTL <= 0 || c.SessionTTL <= 0:
		return errors.New("auth: token lifetimes must be positive")
	case c.ServiceTokenTTL < 0 || c.ServiceTokenTTL > c.AccessTTL:
		return errors.New("auth: service_token_ttl must be positive and at most access_ttl")
	case c.KeyRotateEvery < 2*c.AccessTTL:
		return fmt.Errorf("auth: key_rotate_every must be at least twice access_ttl")
	case c.KeyCheckEvery <= 0:
		return errors.New("auth: key_check_every must be positive")
	case c.Lockout.LockAfter <= c.Lockout.FreeFailures:
		return errors.New("auth: lockout.lock_after must exceed lockout.free_failures")
	}
	return c.Argon2.validate()
}
