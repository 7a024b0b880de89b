package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"

	"github.com/vextrus/vextrus/internal/platform/config"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/lifecycle"
	"github.com/vextrus/vextrus/internal/platform/vault"
)

// Vault is the module that keeps the Vault token alive and the watched
// secrets (the database app password) current. Without vault.address it
// does nothing.
const Vault = "vault"

// loaded is what loading the configuration learnt besides the values.
type loaded struct {
	// refs holds the secret reference of every setting that had one, by
	// key (database.app_password: vault:secret/vextrus/db#password).
	refs map[string]string
}

// vaultOnly is the first pass of loading: the vault section alone, every
// other key of the file kept aside unread.
type vaultOnly struct {
	Vault vault.Config   `yaml:"vault"`
	Rest  map[string]any `yaml:",inline"`
}

// loadConfig fills cfg from file and the environment. When vault.address
// is set, the vault section is loaded first (its own references may be
// env: or file:, never vault:), the process logs in to Vault, and then
// the whole configuration is loaded with vault: references resolved.
func loadConfig(ctx context.Context, cfg *Config, file string) error {
	pre := vaultOnly{Vault: cfg.Vault}
	if err := config.Load(ctx, &pre, config.Source{File: file}); err != nil {
		return err
	}
	secrets := config.NewSecrets(os.LookupEnv)
	if pre.Vault.Enabled() {
		c, err := vault.New(ctx, pre.Vault, vault.Options{})
		if err != nil {
			return vaultProblem(err)
		}
		secrets.Register("vault", c)
		// Only this load uses the login; a reload makes its own.
		defer func() {
			if err := c.Close(ctx); err != nil {
				slog.Warn("vault: the login that loaded the configuration stays until its TTL", "err", err)
			}
		}()
	} else {
		secrets.Register("vault", config.ResolverFunc(func(_ context.Context, ref string) (string, error) {
			return "", fmt.Errorf("vault:%s: %s is not set, so there is no Vault to read it from", ref, config.EnvName("vault.address"))
		}))
	}
	cfg.loaded.refs = map[string]string{}
	return config.Load(ctx, cfg, config.Source{File: file, Secrets: secrets, Referenced: func(key, ref string) {
		cfg.loaded.refs[key] = ref
	}})
}

// vaultProblem presents a refused login as the setting that fixes it.
func vaultProblem(err error) error {
	var se *vault.SettingError
	if errors.As(err, &se) {
		return config.Problems{{Key: "vault." + se.Key, Message: se.Err.Error()}}
	}
	return err
}

// initVault logs in (the login that loaded the configuration was revoked
// when loading ended), renews the token and checks watched secrets while
// it runs, and revokes the token when it stops.
func (a *App) initVault(ctx context.Context) (lifecycle.Service, error) {
	if !a.Config.Vault.Enabled() {
		return nil, nil
	}
	c, err := vault.New(ctx, a.Config.Vault, vault.Options{Logger: a.Logger.With("module", Vault)})
	if err != nil {
		return nil, vaultProblem(err)
	}
	a.Vault = c
	var stop func()
	return lifecycle.New(Vault, lifecycle.Funcs{
		Starting: func(ctx context.Context) error { stop = c.Start(ctx); return nil },
		Stopping: func(ctx context.Context) error { stop(); return c.Close(ctx) },
	}), nil
}

// appPassword is the rotating source of the application role's password
// when database.app_password is a vault: reference, else nil and the DSN's
// password serves.
func (a *App) appPassword(ctx context.Context) (db.PasswordSource, error) {
	ref, ok := strings.CutPrefix(a.Config.loaded.refs["database.app_password"], "vault:")
	if !ok || a.Vault == nil {
		return nil, nil
	}
	s, err := a.Vault.Watch(ctx, ref)
	if err != nil {
		return nil, fmt.Errorf("database.app_password: %w", err)
	}
	return s, nil
}
