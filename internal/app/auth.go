package app

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/vextrus/vextrus/internal/audit"
	"github.com/vextrus/vextrus/internal/auth"
	"github.com/vextrus/vextrus/internal/auth/authclient"
	"github.com/vextrus/vextrus/internal/auth/graph"
	"github.com/vextrus/vextrus/internal/console"
	"github.com/vextrus/vextrus/internal/documents"
	"github.com/vextrus/vextrus/internal/files"
	"github.com/vextrus/vextrus/internal/finance"
	"github.com/vextrus/vextrus/internal/masterdata"
	"github.com/vextrus/vextrus/internal/notify"
	"github.com/vextrus/vextrus/internal/orders"
	"github.com/vextrus/vextrus/internal/platform/authn"
	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/config"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/graphqlx"
	"github.com/vextrus/vextrus/internal/platform/httpx"
	"github.com/vextrus/vextrus/internal/platform/idempotency"
	"github.com/vextrus/vextrus/internal/platform/lifecycle"
	"github.com/vextrus/vextrus/internal/rules"
	"github.com/vextrus/vextrus/internal/settings"
	"github.com/vextrus/vextrus/internal/workflow"
)

// Auth is the auth module's name.
const Auth = "auth"

// DevTenant and DevAdmin are the tenant and user `vextrus dev` seeds.
const (
	DevTenant = "demo"
	DevAdmin  = "admin@demo.local"
)

// publicOnly answers while no authentication is installed (during start,
// or in dev without auth and services.auth.url): only the public paths
// pass, everything else is UNAVAILABLE.
func publicOnly(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, p := range authn.DefaultPublic {
			if r.URL.Path == p {
				next.ServeHTTP(w, r)
				return
			}
		}
		// The console authenticates its own sessions (and a process of
		// the console alone has no authn module).
		if strings.HasPrefix(r.URL.Path, console.Prefix+"/") {
			next.ServeHTTP(w, r)
			return
		}
		httpx.WriteError(w, r, errs.E(errs.Unavailable, "authentication is not available in this process"))
	})
}

func (a *App) initAuth(ctx context.Context) (lifecycle.Service, error) {
	reg := a.Permissions
	if err := reg.Register(auth.Permissions...); err != nil {
		return nil, err
	}
	// Roles, custom roles and API keys are defined over the whole
	// platform's permissions, including those of services running
	// elsewhere, which register only in their own process.
	for name, perms := range servicePermissions() {
		if name != Auth && !a.Runs(name) {
			if err := reg.Register(perms...); err != nil {
				return nil, err
			}
		}
	}
	outbox, err := eventsOutbox()
	if err != nil {
		return nil, err
	}
	grants, err := a.serviceGrants()
	if err != nil {
		return nil, err
	}
	svc, err := auth.New(auth.Deps{DB: a.DB, Events: outbox, Logger: a.Logger.With("module", Auth), Config: a.Config.Auth,
		Permissions: reg, ServiceGrants: grants})
	if err != nil {
		return nil, err
	}
	a.authSvc = svc
	svc.Routes(a.Mux)
	// Minting service credentials for processes without auth: the
	// internal listener only, behind auth.service_token_secret.
	svc.InternalRoutes(a.InternalMux)
	a.mountSubgraph(auth.GraphQLPath, graph.Handler(svc, graphqlx.Options{Introspection: a.Mode == Dev}))
	cfg := svc.Authn()
	withPaths(&cfg)
	// authn, then idempotency: keys belong to the verified tenant.
	a.gate.install(authn.Middleware(cfg), httpx.Idempotency(idempotency.New(a.DB)))
	// Another auth replica may suspend a tenant this one has cached, or
	// revoke a session whose tokens this one would still accept.
	listener := authclient.NewListener(authclient.ListenerDeps{Kafka: a.Config.Kafka, Forget: svc.ForgetTenantStatus,
		Revoke: svc.SessionRevoked, Replay: a.Config.Auth.AccessTTL, Logger: a.Logger.With("module", Auth)})
	service := lifecycle.New(Auth, lifecycle.Funcs{
		Starting: func(ctx context.Context) error {
			if err := svc.Start(ctx); err != nil {
				return err
			}
			if a.Mode == Dev {
				return a.seedDev(ctx, svc)
			}
			return nil
		},
		Running: svc.Run,
	})
	// The relay publishes what auth appends to its outbox.
	return a.group(Auth, service, a.newRelay(outbox), listener), nil
}

// seedDev creates the demo tenant and its owner once and shows the login.
func (a *App) seedDev(ctx context.Context, svc *auth.Service) error {
	t, err := svc.EnsureDevTenant(ctx, DevTenant, "Demo Trading Ltd", DevAdmin, a.Config.Dev.AdminPassword)
	if err != nil {
		return fmt.Errorf("seed dev tenant: %w", err)
	}
	a.AddBanner("Tenant", fmt.Sprintf("%s (%s)", t.Slug, t.ID))
	a.AddBanner("Login", fmt.Sprintf("%s / %s  (tenant %s; POST /api/v1/auth/login)", DevAdmin, a.Config.Dev.AdminPassword, DevTenant))
	return nil
}

// checkAuth reports the auth settings serve needs; dev seals its keys
// with a fixed development key instead.
func (a *App) checkAuth(c *Config, k *config.Checker) {
	if a.Mode == Dev {
		return
	}
	requireSet(k, "token signing keys at rest (base64 of 32 random bytes)", "auth.key_encryption_key", c.Auth.KeyEncryptionKey)
}

func eventsOutbox() (*events.Outbox, error) { return events.NewOutbox(Auth) }

// RemoteAuthn is the module that authenticates requests in a process
// serving a service without the auth module: every such service depends
// on it. The gateway alone installs the same authentication itself, since
// it has no database for idempotency keys.
const RemoteAuthn = "authn"

// withPaths sets the paths the authn middleware lets through without a
// credential (Public) or verifies only when one is sent (Optional: GraphQL,
// where login runs and resolvers call authz.Require). The settings
// snapshot and the minting of service credentials (which checks its own
// secret) are mounted on the internal listener only, for processes of the
// platform whose work may have no user's token (docs/security.md).
func withPaths(cfg *authn.Config) {
	cfg.Public = append(append([]string{}, authn.DefaultPublic...), auth.PublicPaths...)
	cfg.Public = append(cfg.Public, settings.SnapshotPrefix, auth.ServiceTokenPath)
	// dev's mailbox (notify); mounted in dev only, elsewhere a 404.
	cfg.Public = append(cfg.Public, MailboxPath)
	// The console's pages: it signs its users in with a session cookie
	// and calls the services with their tokens.
	cfg.Public = append(cfg.Public, console.Prefix+"/")
	cfg.Optional = []string{"/graphql", "/graphql/"}
}

// servicePermissions is what each service module declares, by module
// name: auth expands roles over all of it, and processes without auth
// expand system roles over the same, wherever each service runs. A new
// service adds its entry here (a test checks every service has one).
func servicePermissions() map[string][]authz.Permission {
	return map[string][]authz.Permission{Auth: auth.Permissions, Audit: audit.Permissions, Rules: rules.Permissions,
		Masterdata: masterdata.Permissions, Settings: settings.Permissions, Workflow: workflow.Permissions, Finance: finance.Permissions,
		Orders: orders.Permissions, Notify: notify.Permissions, Files: files.Permissions,
		Documents: documents.Permissions}
}

// permissionCatalogue is a registry of every service's permissions.
func permissionCatalogue() (*authz.Registry, error) {
	reg := authz.NewRegistry()
	for _, perms := range servicePermissions() {
		if err := reg.Register(perms...); err != nil {
			return nil, err
		}
	}
	return reg, nil
}

// initRemoteAuthn authenticates through auth in another process, with
// idempotency keys in this process's database, unless auth runs here.
func (a *App) initRemoteAuthn(context.Context) (lifecycle.Service, error) {
	if a.Runs(Auth) {
		return nil, nil // initAuth installs authentication in process
	}
	return a.remoteAuthn(true, nil)
}

// remoteAuthn installs authentication backed by auth at services.auth.url
// (package authclient): tokens verified locally against auth's JWKS;
// tenant status, custom roles and API keys asked of auth and cached; and,
// where Kafka is configured, the listener that drops a tenant's cached
// status on auth's suspension events, refuses the tokens of revoked
// sessions (and, with forgetEntity, drops the gateway's cached users and
// tenants on their changes). Without Kafka (a gateway or workflow API
// deployed without brokers) a suspension applies within
// auth.tenant_status_ttl and a revoked session's access tokens work until
// they expire. It returns that listener, or nil.
func (a *App) remoteAuthn(withIdempotency bool, forgetEntity func(id string)) (lifecycle.Service, error) {
	base := strings.TrimSuffix(a.Config.Services[Auth].URL, "/")
	if base == "" {
		// Only dev gets here (checkRemoteAuthn refuses serve): nothing is
		// authenticated, so publicOnly keeps answering 503.
		a.Logger.Warn("no auth module and no services.auth.url: requests that need a credential answer 503")
		return nil, nil
	}
	catalogue, err := permissionCatalogue()
	if err != nil {
		return nil, err
	}
	remote, err := authclient.New(authclient.Deps{
		Client:      a.Client(Auth),
		JWKS:        authn.HTTPJWKS(&http.Client{Timeout: 5 * time.Second}, base+"/.well-known/jwks.json"),
		Permissions: catalogue,
		Config:      authclient.ConfigFrom(a.Config.Auth),
	})
	if err != nil {
		return nil, err
	}
	cfg := remote.Authn()
	withPaths(&cfg)
	mws := []httpx.Middleware{authn.Middleware(cfg)}
	if withIdempotency {
		mws = append(mws, httpx.Idempotency(idempotency.New(a.DB)))
	}
	a.gate.install(mws...)
	if len(a.Config.Kafka.Brokers) == 0 {
		a.Logger.Warn("no Kafka: suspensions apply within auth.tenant_status_ttl, and a revoked session's access tokens work here until they expire")
		return nil, nil
	}
	return authclient.NewListener(authclient.ListenerDeps{Kafka: a.Config.Kafka, Forget: remote.ForgetTenant, ForgetEntity: forgetEntity,
		Revoke: remote.SessionRevoked, Replay: a.Config.Auth.AccessTTL, Logger: a.Logger.With("module", RemoteAuthn)}), nil
}

// checkRemoteAuthn requires auth's URL of a process that serves requests
// without the auth module, since nothing else can authenticate them. Dev
// lets such a process start and answer 503 instead (a bench running only
// the audit consumer, for instance).
func (a *App) checkRemoteAuthn(c *Config, k *config.Checker) {
	if a.Runs(Auth) {
		return
	}
	u := c.Services[Auth].URL
	if u == "" {
		if a.Mode != Dev {
			k.Add("services.auth.url", "required by a process that serves requests without the auth module: auth at this base URL verifies its credentials")
		}
		return
	}
	p, err := url.Parse(u)
	k.Check(err == nil && (p.Scheme == "http" || p.Scheme == "https") && p.Host != "", "services.auth.url",
		"must be http(s)://host[:port][/prefix]")
}
