package app

import (
	"context"
	"net/url"

	"github.com/vextrus/vextrus/internal/platform/config"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/lifecycle"
	"github.com/vextrus/vextrus/internal/platform/svcclient"
	"github.com/vextrus/vextrus/internal/platform/tenant"
	"github.com/vextrus/vextrus/internal/platform/tenantsettings"
)

// SettingsClient is the module of the cached tenant-settings reader
// every service of the process shares (a.TenantSettings).
const SettingsClient = "settings-client"

// initSettingsClient builds the process's tenant-settings client and
// runs its listener of the settings topic, which drops a tenant's copy
// when its settings or flags change, in whichever process they changed.
// It reads from the settings service in this process when it runs here,
// else from services.settings.internal_url.
func (a *App) initSettingsClient(context.Context) (lifecycle.Service, error) {
	src := &settingsSource{a: a}
	if ep := a.Config.Services[Settings].InternalURL; ep != "" && !a.Runs(Settings) {
		src.remote = tenantsettings.RemoteSource(svcclient.New(Settings, svcclient.HTTP(ep, nil),
			a.Config.Clients[Settings].WithDefaults(), a.Clients))
	}
	a.TenantSettings = tenantsettings.NewClient(src, a.Flags, tenantsettings.ClientOptions{
		Logger: a.Logger.With("module", SettingsClient)})
	return a.TenantSettings.Listener(a.Config.Kafka), nil
}

// checkSettingsClient requires the settings service's internal URL of a
// served process that does not run it.
func (a *App) checkSettingsClient(c *Config, k *config.Checker) {
	if a.Runs(Settings) || a.Mode == Dev {
		return
	}
	u := c.Services[Settings].InternalURL
	p, err := url.Parse(u)
	k.Check(u != "" && err == nil && (p.Scheme == "http" || p.Scheme == "https") && p.Host != "", "services.settings.internal_url",
		"required by a process that reads tenant settings without the settings module: http(s)://host[:port] of its internal listener")
}

// settingsSource is the in-process settings service once its module has
// initialised (a.settingsSvc), else the remote one.
type settingsSource struct {
	a      *App
	remote tenantsettings.Source
}

func (s *settingsSource) Snapshot(ctx context.Context, t tenant.ID) (*tenantsettings.Snapshot, error) {
	if local := s.a.settingsSvc; local != nil {
		return local.Snapshot(ctx, t)
	}
	if s.remote == nil {
		return nil, errs.E(errs.Unavailable, "tenant settings are unavailable: the settings service neither runs in this process nor has services.settings.internal_url")
	}
	return s.remote.Snapshot(ctx, t)
}
