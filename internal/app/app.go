// Package app is the composition root: it names the modules, says what each
// depends on, builds each from configuration, and runs a target in the
// dev (embedded engines) or serve (configured engines) shape.
package app

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"regexp"
	"slices"
	"strings"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/twmb/franz-go/pkg/kgo"
	"go.temporal.io/sdk/client"

	"github.com/vextrus/vextrus/internal/auth"
	"github.com/vextrus/vextrus/internal/finance"
	"github.com/vextrus/vextrus/internal/notify/mailbox"
	"github.com/vextrus/vextrus/internal/notify/sms"
	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/config"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/httpx"
	"github.com/vextrus/vextrus/internal/platform/modules"
	"github.com/vextrus/vextrus/internal/platform/reload"
	"github.com/vextrus/vextrus/internal/platform/svcclient"
	"github.com/vextrus/vextrus/internal/platform/telemetry"
	"github.com/vextrus/vextrus/internal/platform/tenantsettings"
	"github.com/vextrus/vextrus/internal/platform/vault"
	"github.com/vextrus/vextrus/internal/settings"
)

// Version is set at build time with -ldflags "-X ...app.Version=...".
var Version = "dev"

// App holds what the modules build, so later modules can use it.
type App struct {
	Config   Config
	Logger   *slog.Logger
	Mode     Mode
	Registry *prometheus.Registry
	Health   *httpx.Health
	// Mux and Server are the public listener (http.addr).
	Mux    *http.ServeMux
	Server *httpx.Server
	// InternalMux and Internal are the internal listener
	// (http.internal_addr): subgraphs, /metrics, detailed /readyz.
	InternalMux *http.ServeMux
	Internal    *httpx.Server
	DB          *db.Pool
	// Pipeline is the event pipeline's own pool: outbox relays and
	// consumers run their transactions on it, never waiting behind
	// requests for a connection of DB.
	Pipeline *db.Pool
	// Vault reads and watches secrets; nil without vault.address.
	Vault    *vault.Client
	Kafka    *kgo.Client
	Temporal client.Client
	Clients  *svcclient.Metrics
	Tracing  *telemetry.Tracing
	// Permissions is the one registry every service declares its
	// permissions into at init; roles expand over it.
	Permissions *authz.Registry
	// Flags is the catalog of feature flags this process knows: the
	// built-in ones and the configuration's features section.
	Flags *tenantsettings.Catalog
	// TenantSettings is the cached reader of tenants' settings and flags
	// the services of this process share (module settings-client).
	TenantSettings *tenantsettings.Client
	// SMS is the recording SMS provider of `vextrus dev` (notify.sms
	// provider "recorder"), for the dev mailbox page; nil otherwise.
	SMS *sms.Recorder
	// LogLevel is the level Logger logs at, set by a reload of log.level;
	// nil leaves the level as it is.
	LogLevel *slog.LevelVar
	// Reload reloads the configuration of the running process; nil until
	// WatchConfig.
	Reload *reload.Reloader[Config]

	// settingsSvc is the settings service when it runs in this process:
	// the in-process source of tenant settings.
	settingsSvc *settings.Service

	manager *modules.Manager
	// reloadHooks apply a reloaded configuration's live settings, each to
	// the part that registered it (onReload).
	reloadHooks []func(old, new *Config)
	defs        map[string]moduleDef
	running     map[string]bool // modules of the current target, by name
	// bannerLines are what modules add to the dev banner (name, value).
	bannerLines [][2]string
	// financeSvc is the finance service when it runs in this process:
	// the owner of invoice approvals the workflow's callback applies.
	financeSvc *finance.Service
	// workflows is what the workflow API and worker modules share.
	workflows workflowParts
	// gate is the server chain's authentication stage, installed by auth.
	gate stage
	// edgeCORS and edgeLimit are the gateway's stages of the server chain,
	// before and after authentication; installed by the gateway module.
	edgeCORS, edgeLimit stage
	// subgraphs is the internal mux behind authentication only: the
	// handler the gateway calls in process.
	subgraphs http.Handler
	// started is closed once every module of the target has started.
	started chan struct{}
	// authSvc is the auth service when it runs in this process: the
	// in-process minter of service credentials.
	authSvc *auth.Service
	// creds are the service credential sources modules asked for.
	creds serviceCreds
	// extraGrants are service grants beside the modules' (Options.grants).
	extraGrants auth.ServiceGrants
	// mailbox is dev's in-process SMTP mailbox (notify), nil elsewhere.
	mailbox *mailbox.Box
}

// Mode is how the process gets its engines.
type Mode int

// The two shapes of the same code.
const (
	// Serve uses configured engines only and fails fast without them.
	Serve Mode = iota
	// Dev starts what is not configured in process.
	Dev
)

// New builds the application for cfg; nothing runs until Start.
func New(cfg Config, mode Mode, logger *slog.Logger) *App {
	a := &App{Config: cfg, Logger: logger, Mode: mode, Registry: prometheus.NewRegistry(), Health: httpx.NewHealth(),
		Permissions: authz.NewRegistry(), gate: stage{unset: publicOnly}, started: make(chan struct{})}
	// A configuration that passed validation always makes a catalog; one
	// that did not is refused before any module starts.
	a.Flags, _ = tenantsettings.NewCatalog(featureDefs(cfg.Features)...)
	if a.Flags == nil {
		a.Flags, _ = tenantsettings.NewCatalog(builtinFeatures...)
	}
	// The live heap (marked at the last GC) beside the memstats: unlike
	// the heap in use it does not swing with the GC cycle, so a soak can
	// judge its trend (bench/mixed).
	liveHeap := collectors.GoRuntimeMetricsRule{Matcher: regexp.MustCompile(`^/gc/heap/live:bytes$`)}
	a.Registry.MustRegister(collectors.NewGoCollector(collectors.WithGoCollectorRuntimeMetrics(liveHeap)), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	a.reloadProcess()
	a.manager = modules.New(logger)
	a.manager.StopTimeout = shutdownGrace
	a.defs = map[string]moduleDef{}
	for _, d := range a.moduleDefs() {
		a.defs[d.name] = d
		opts := []modules.Option{}
		if d.summary != "" {
			opts = append(opts, modules.Public(d.summary))
		}
		a.manager.Register(d.name, d.init, d.deps, opts...)
	}
	return a
}

// Targets lists the targets users may run.
func (a *App) Targets() []modules.Target { return a.manager.Targets() }

// Check reports every setting the modules of targets need but lack.
func (a *App) Check(targets []string) error {
	order, err := a.manager.Order(targets)
	if err != nil {
		return err
	}
	// A module's check may depend on what else runs (Runs).
	a.plan(order)
	problems := config.Validate(&a.Config)
	c := &config.Checker{}
	credentials := false
	for _, name := range order {
		d := a.defs[name]
		if d.check != nil {
			d.check(&a.Config, c)
		}
		credentials = credentials || d.grant != nil
	}
	if credentials {
		a.checkServiceCredentials(&a.Config, c)
	}
	problems = append(problems, c.Problems()...)
	return problems.Err()
}

// Start checks configuration, then initialises and starts the modules of
// targets in dependency order.
func (a *App) Start(ctx context.Context, targets []string) (*modules.Running, error) {
	if err := a.Check(targets); err != nil {
		return nil, err
	}
	order, _ := a.manager.Order(targets)
	a.wireTracing()
	r, err := a.manager.Start(ctx, targets)
	if err != nil {
		return nil, err
	}
	close(a.started)
	a.Logger.Info("vextrus started", "targets", strings.Join(targets, ","), "modules", strings.Join(order, ","), "version", Version)
	return r, nil
}

// isStarted reports whether every module of the target has started.
func (a *App) isStarted() bool {
	select {
	case <-a.started:
		return true
	default:
		return false
	}
}

// plan records the modules of the target about to run, for Runs.
func (a *App) plan(order []string) {
	a.running = map[string]bool{}
	for _, n := range order {
		a.running[n] = true
	}
}

// Runs reports whether module name is part of the running target, so
// clients can call it in process.
func (a *App) Runs(name string) bool { return a.running[name] }

// Modules returns the names of the running modules in start order.
func (a *App) Modules() []string {
	out := make([]string, 0, len(a.running))
	for n := range a.running {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

// AddBanner adds a line to the dev banner, e.g. the dev tenant's login.
func (a *App) AddBanner(name, value string) {
	a.bannerLines = append(a.bannerLines, [2]string{name, value})
}

func (a *App) metricsHandler() http.Handler {
	return promhttp.HandlerFor(a.Registry, promhttp.HandlerOpts{Registry: a.Registry})
}

// schemas are every service schema, platform first, for migrations.
func (a *App) schemas() []db.Schema {
	out := []db.Schema{db.PlatformSchema}
	for _, d := range a.moduleDefs() {
		if d.schema != nil {
			out = append(out, *d.schema)
		}
	}
	return out
}

// errNotReady answers readiness until every module has started.
var errNotReady = errors.New("starting")
