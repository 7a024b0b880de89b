package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"

	"github.com/vextrus/vextrus/internal/auth"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/lifecycle"
	"github.com/vextrus/vextrus/internal/platform/modules"
	"github.com/vextrus/vextrus/internal/platform/telemetry"
)

// Options start Vextrus in this process on embedded engines, as `vextrus
// dev` does; end-to-end tests and the bench harness use it.
type Options struct {
	// Dir is the data directory for embedded engines; "" uses a temporary
	// one removed on Close.
	Dir string
	// Targets are the modules to run; nil runs all.
	Targets []string
	// HTTPAddr is the listen address; "" picks a free loopback port, and
	// for the internal listener too when Config is nil.
	HTTPAddr string
	// Logger receives logs; nil discards them.
	Logger *slog.Logger
	// LogLevel is the level Logger logs at, which a reload of log.level
	// sets; nil leaves it as it is.
	LogLevel *slog.LevelVar
	// Config is the starting configuration; nil uses DefaultConfig.
	Config *Config
	// Reload, when set, makes the process reload its configuration from
	// it on SIGHUP and when its file changes; its Declared is *Config as
	// loaded, before the embedded engines fill it in.
	Reload *ConfigSource
	// Tracing records the process's spans (an in-memory exporter in
	// tests); nil records none.
	Tracing *telemetry.Tracing
	// grants are service grants beside the modules' own, so this
	// package's tests can give a probe service a credential.
	grants auth.ServiceGrants
}

// Main is a running Vextrus process.
type Main struct {
	App     *App
	stack   *devStack
	running *modules.Running
	watch   lifecycle.Service
	tmpDir  string
}

// NewMain starts Vextrus in this process on embedded engines (PostgreSQL,
// Temporal, Kafka) for what opts.Config does not configure, migrates, and
// starts the targets.
func NewMain(ctx context.Context, opts Options) (_ *Main, err error) {
	cfg := DefaultConfig()
	if opts.Config != nil {
		cfg = *opts.Config
	}
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	m := &Main{}
	defer func() {
		if err != nil {
			err = errors.Join(err, m.Close())
		}
	}()
	dir := opts.Dir
	if dir == "" {
		if m.tmpDir, err = os.MkdirTemp("", "vextrus-"); err != nil {
			return nil, err
		}
		// PostgreSQL may run as another OS user, who must reach its data.
		if err = os.Chmod(m.tmpDir, 0o755); err != nil {
			return nil, err
		}
		dir = m.tmpDir
	}
	if opts.HTTPAddr != "" {
		cfg.HTTP.Addr = opts.HTTPAddr
	} else if opts.Config == nil {
		cfg.HTTP.Addr, cfg.HTTP.InternalAddr = "127.0.0.1:0", "127.0.0.1:0"
	}
	if m.stack, err = startDevStack(ctx, &cfg, dir, logger); err != nil {
		return nil, err
	}
	m.App = New(cfg, Dev, logger)
	m.App.LogLevel = opts.LogLevel
	m.App.Tracing = opts.Tracing
	m.App.extraGrants = opts.grants
	if err = migrateAll(ctx, m.App); err != nil {
		return nil, fmt.Errorf("migrate: %w", err)
	}
	targets := opts.Targets
	if len(targets) == 0 {
		targets = []string{All}
	}
	if m.running, err = m.App.Start(ctx, targets); err != nil {
		return nil, err
	}
	if opts.Reload != nil {
		if m.watch, err = m.App.WatchConfig(ctx, *opts.Reload); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// URL is the base URL of the HTTP server.
func (m *Main) URL() string { return m.App.Server.URL() }

// InternalURL is the base URL of the internal listener: subgraphs,
// /metrics and the detailed /readyz.
func (m *Main) InternalURL() string { return m.App.Internal.URL() }

// TemporalUI is the embedded Temporal Web UI URL, or "".
func (m *Main) TemporalUI() string { return m.stack.temporalUI() }

// AppPasswordFile is the file keeping the generated password of the
// vextrus_app role, or "" when the configuration gave the password.
func (m *Main) AppPasswordFile() string {
	if m.stack == nil {
		return ""
	}
	return m.stack.appPasswordFile
}

// Wait blocks until ctx ends or a module fails, returning the failure.
func (m *Main) Wait(ctx context.Context) error { return m.running.Wait(ctx) }

// Close stops the modules in reverse order, then the embedded engines, and
// removes a temporary data directory.
func (m *Main) Close() error {
	var errs []error
	if m.watch != nil {
		errs = append(errs, m.watch.Stop(context.Background()))
		m.watch = nil
	}
	if m.running != nil {
		errs = append(errs, m.running.Stop())
		m.running = nil
	}
	if m.stack != nil {
		errs = append(errs, m.stack.stop())
		m.stack = nil
	}
	if m.tmpDir != "" {
		errs = append(errs, os.RemoveAll(m.tmpDir))
		m.tmpDir = ""
	}
	return errors.Join(errs...)
}

// migrate bootstraps the roles and migrates every schema, as dev does on
// each start.
func migrateAll(ctx context.Context, a *App) error {
	if err := db.Bootstrap(ctx, a.Config.Database.URL, a.Config.Database.AppPassword); err != nil {
		return err
	}
	return db.Migrate(ctx, a.Config.Database.URL, a.schemas(), db.Up, nil)
}
