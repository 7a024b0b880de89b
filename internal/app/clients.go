package app

import (
	"github.com/vextrus/vextrus/internal/platform/svcclient"
)

// Client returns the typed-client base for calls to target. The transport
// is chosen here, at wiring time: in process (through this process's whole
// HTTP stack, so the call passes the same middleware as a remote one) when
// target runs in this process, else HTTP to services.<target>.url. The
// resilience policy is clients.<target>, with defaults for what it leaves
// unset; a reload changes its live settings for the next calls.
func (a *App) Client(target string) *svcclient.Client {
	policy := a.Config.Clients[target].WithDefaults()
	var tr svcclient.Transport
	if a.Runs(target) || a.Config.Services[target].URL == "" {
		tr = svcclient.InProcess(a.Server.Handler())
	} else {
		tr = svcclient.HTTP(a.Config.Services[target].URL, nil)
	}
	c := svcclient.New(target, tr, policy, a.Clients)
	a.onReload(func(_, cfg *Config) { c.SetPolicy(cfg.Clients[target]) })
	return c
}
