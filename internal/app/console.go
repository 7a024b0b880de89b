package app

import (
	"context"
	"strings"

	"github.com/vextrus/vextrus/internal/console"
	"github.com/vextrus/vextrus/internal/platform/config"
	"github.com/vextrus/vextrus/internal/platform/lifecycle"
	"github.com/vextrus/vextrus/internal/platform/svcclient"
)

// Console is the web console module's name.
const Console = "console"

// initConsole serves the web console at /console/ on the public listener.
// It calls every service through the same clients as any other caller
// (in process here, over HTTP when the service runs elsewhere) with the
// signed-in user's token. Sessions live in Redis when redis.url is set,
// so replicas share them and a restart keeps them; else in this process.
func (a *App) initConsole(context.Context) (lifecycle.Service, error) {
	cfg := a.Config.Console
	if a.Mode == Dev && !strings.HasPrefix(a.Config.HTTP.PublicURL, "https://") {
		// Dev serves plain http on loopback: a Secure cookie would never
		// come back.
		cfg.CookieSecure = false
	}
	var store console.Store
	var closeStore func() error
	if a.Config.Redis.URL != "" {
		rs, err := console.NewRedisStore(a.Config.Redis.URL)
		if err != nil {
			return nil, err
		}
		store, closeStore = rs, rs.Close
	}
	c, err := console.New(console.Deps{Config: cfg, Store: store, Logger: a.Logger.With("module", Console),
		Services: console.Services{Auth: a.consoleClient(Auth), Masterdata: a.consoleClient(Masterdata),
			Orders: a.consoleClient(Orders), Workflow: a.consoleClient(Workflow), Finance: a.consoleClient(Finance),
			Audit: a.consoleClient(Audit), Settings: a.consoleClient(Settings), Documents: a.consoleClient(Documents),
			Files: a.consoleClient(Files)}})
	if err != nil {
		return nil, err
	}
	a.Mux.Handle(console.Prefix+"/", c.Handler())
	return lifecycle.New(Console, lifecycle.Funcs{
		Starting: func(context.Context) error {
			if a.Mode == Dev {
				a.AddBanner("Console", a.Server.URL()+console.Prefix+"/")
			}
			return nil
		},
		Stopping: func(context.Context) error {
			if closeStore != nil {
				return closeStore()
			}
			return nil
		},
	}), nil
}

// consoleRequires are the services without which the console's main
// screens cannot work: serve mode requires their URL when they run
// elsewhere. The others are optional; their screens say the service is
// unavailable.
var consoleRequires = []string{Auth, Masterdata, Orders, Workflow, Finance}

func (a *App) checkConsole(c *Config, k *config.Checker) {
	if a.Mode == Dev {
		return
	}
	for _, svc := range consoleRequires {
		if !a.Runs(svc) {
			requireSet(k, "the console without the "+svc+" module", "services."+svc+".url", c.Services[svc].URL)
		}
	}
}

// consoleClient is the client of target, nil when it runs neither here
// nor at a configured URL (the screens then say so instead of calling
// this process, where it is not).
func (a *App) consoleClient(target string) *svcclient.Client {
	if !a.Runs(target) && a.Config.Services[target].URL == "" && a.Mode != Dev {
		return nil
	}
	return a.Client(target)
}
