package app

import (
	"context"

	"github.com/vextrus/vextrus/internal/platform/lifecycle"
	"github.com/vextrus/vextrus/internal/platform/reload"
)

// ConfigSource is where a running process reads its configuration again.
type ConfigSource struct {
	// Declared is the configuration as loaded at start, before dev pointed
	// it at its embedded engines: what a reload compares with, so those
	// are not taken for changes.
	Declared Config
	// Load reads the configuration exactly as start-up did (LoadConfig).
	Load func(context.Context) (Config, error)
	// File is the configuration file whose changes reload; "" watches
	// none, and SIGHUP alone reloads.
	File string
}

// onReload registers fn to apply the live settings of a reloaded
// configuration to what its caller built. Modules call it from their
// init, so a reload reaches only what runs.
func (a *App) onReload(fn func(old, new *Config)) { a.reloadHooks = append(a.reloadHooks, fn) }

// reloadProcess registers what every process applies, whatever it runs:
// the log level and the feature-flag catalog.
func (a *App) reloadProcess() {
	a.onReload(func(_, c *Config) {
		if a.LogLevel != nil {
			a.LogLevel.Set(c.Log.SlogLevel())
		}
	})
	a.onReload(func(_, c *Config) {
		// Validation built this catalog already; it cannot fail here.
		if err := a.Flags.Replace(featureDefs(c.Features)...); err != nil {
			a.Logger.Error("feature flags not reloaded", "error", err)
		}
	})
}

// WatchConfig makes the running process reload its configuration from
// src on SIGHUP and when src.File changes (package reload), and returns
// the watcher, started; stop it before the modules. Call it after Start,
// once every module has registered what it applies.
func (a *App) WatchConfig(ctx context.Context, src ConfigSource) (lifecycle.Service, error) {
	a.Reload = reload.New(src.Declared, src.Load, reload.Options{Logger: a.Logger.With("module", "config"), Metrics: a.Registry})
	for _, fn := range a.reloadHooks {
		a.Reload.OnChange(fn)
	}
	w := a.Reload.Watcher(reload.Watch{File: src.File})
	if err := w.Start(ctx); err != nil {
		return nil, err
	}
	return w, nil
}
