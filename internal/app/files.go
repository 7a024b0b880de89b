package app

import (
	"context"
	"net/http"

	"github.com/vextrus/vextrus/internal/files"
	"github.com/vextrus/vextrus/internal/files/graph"
	"github.com/vextrus/vextrus/internal/platform/config"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/graphqlx"
	"github.com/vextrus/vextrus/internal/platform/lifecycle"
)

// Files is the files service module's name.
const Files = files.Name

// initFiles runs the files service: its REST API (uploads, downloads,
// links) and GraphQL subgraph and the relay of its outbox. In dev
// without files.endpoint it starts the in-process object store (devs3)
// on a local port, its objects in the dev data directory, and names it
// in the banner.
func (a *App) initFiles(context.Context) (lifecycle.Service, error) {
	if err := a.Permissions.Register(files.Permissions...); err != nil {
		return nil, err
	}
	outbox, err := events.NewOutbox(Files)
	if err != nil {
		return nil, err
	}
	cfg := a.Config.Files
	var parts []lifecycle.Service
	if a.Mode == Dev && cfg.Endpoint == "" {
		stop, err := a.startDevObjectStore(&cfg)
		if err != nil {
			return nil, err
		}
		parts = append(parts, lifecycle.New(Files+"-objectstore", lifecycle.Funcs{Stopping: stop}))
	}
	storage, err := files.NewS3(cfg)
	if err != nil {
		return nil, err
	}
	svc, err := files.New(files.Deps{DB: a.DB, Storage: storage, Events: outbox, Config: cfg,
		Owners: files.RemoteOwners{Finance: a.Client(Finance), Orders: a.Client(Orders)},
		Logger: a.Logger.With("module", Files)})
	if err != nil {
		return nil, err
	}
	svc.Routes(a.Mux)
	a.mountSubgraph("/graphql/"+Files, graph.Handler(svc, graphqlx.Options{Introspection: a.Mode == Dev}))
	return a.group(Files, append(parts, a.newRelay(outbox))...), nil
}

// checkFiles requires, in serve mode, the object store's endpoint and
// credential, and the URLs of the services whose documents files checks
// attachments against when they run elsewhere.
func (a *App) checkFiles(c *Config, k *config.Checker) {
	if a.Mode == Dev {
		return
	}
	requireSet(k, "the files service", "files.endpoint", c.Files.Endpoint,
		"files.access_key", c.Files.AccessKey, "files.secret_key", c.Files.SecretKey)
	for _, svc := range []string{Finance, Orders} {
		if !a.Runs(svc) {
			requireSet(k, "files without the "+svc+" module (attachments are checked against it)", "services."+svc+".url", c.Services[svc].URL)
		}
	}
}

// bodyLimit is the largest request body the server reads: files.max_size
// for an upload (a process forwarding uploads to files reads the same
// section), http.max_body_bytes for everything else.
func bodyLimit(c Config) func(*http.Request) int64 {
	general, upload := c.HTTP.MaxBodyBytes, max(c.Files.MaxSize, c.HTTP.MaxBodyBytes)
	return func(r *http.Request) int64 {
		if r.Method == http.MethodPost && r.URL.Path == files.Base {
			return upload
		}
		return general
	}
}
