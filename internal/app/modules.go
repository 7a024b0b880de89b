package app

import (
	"context"
	"net/http"

	"github.com/vextrus/vextrus/internal/audit"
	"github.com/vextrus/vextrus/internal/auth"
	"github.com/vextrus/vextrus/internal/documents"
	"github.com/vextrus/vextrus/internal/files"
	"github.com/vextrus/vextrus/internal/finance"
	"github.com/vextrus/vextrus/internal/masterdata"
	"github.com/vextrus/vextrus/internal/notify"
	"github.com/vextrus/vextrus/internal/orders"
	"github.com/vextrus/vextrus/internal/platform/config"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/httpx"
	"github.com/vextrus/vextrus/internal/platform/kafkax"
	"github.com/vextrus/vextrus/internal/platform/lifecycle"
	"github.com/vextrus/vextrus/internal/platform/modules"
	"github.com/vextrus/vextrus/internal/platform/svcclient"
	"github.com/vextrus/vextrus/internal/platform/telemetry"
	"github.com/vextrus/vextrus/internal/platform/temporalx"
	"github.com/vextrus/vextrus/internal/rules"
	"github.com/vextrus/vextrus/internal/settings"
	"github.com/vextrus/vextrus/internal/workflow"
)

// Module names.
const (
	Server   = "server"
	Database = "database"
	Kafka    = "kafka"
	Temporal = "temporal"
	Clients  = "clients"
	All      = modules.All
)

// moduleDef is one registration: adding a service is one entry here (and
// a Config section if it has settings).
type moduleDef struct {
	name string
	deps []string
	init modules.InitFunc
	// summary makes the module a public target.
	summary string
	// check reports the settings the module needs in serve mode.
	check func(*Config, *config.Checker)
	// schema is the service's PostgreSQL schema and migrations.
	schema *db.Schema
	// grant is what the service's background work may do for a tenant
	// with a service credential (ServiceCredentials): permission names,
	// none of auth's but reads. Auth reads every module's grant, wherever
	// the module runs, so the entry here is the one registration.
	grant []string
}

func (a *App) moduleDefs() []moduleDef {
	return []moduleDef{
		{name: Server, init: a.initServer},
		{name: Vault, init: a.initVault},
		{name: Database, deps: []string{Vault}, init: a.initDatabase, check: checkDatabase},
		{name: Kafka, init: a.initKafka, check: checkKafka},
		{name: Temporal, init: a.initTemporal, check: func(c *Config, k *config.Checker) {
			requireSet(k, "the workflow engine", "temporal.address", c.Temporal.Address)
		}},
		{name: Clients, init: a.initClients},
		{name: SettingsClient, deps: []string{Server, Clients, Kafka}, init: a.initSettingsClient, check: a.checkSettingsClient},
		{name: RemoteAuthn, deps: []string{Server, Clients, Database}, init: a.initRemoteAuthn, check: a.checkRemoteAuthn},
		{name: Auth, deps: []string{Server, Database, Kafka}, init: a.initAuth, check: a.checkAuth, schema: &auth.Schema,
			summary: "identity and access: tenants, users, roles, sessions, API keys, JWKS"},
		{name: Audit, deps: []string{Server, Database, Kafka, RemoteAuthn, SettingsClient}, init: a.initAudit, schema: &audit.Schema,
			summary: "tamper-evident audit log of every event, query API and chain verification"},
		{name: Rules, deps: []string{Server, Database, Kafka, RemoteAuthn, SettingsClient}, init: a.initRules, schema: &rules.Schema,
			summary: "rules engine: versioned, effective-dated decision tables (VAT, AIT/TDS, approvals, credit) in CEL"},
		{name: Masterdata, deps: []string{Server, Database, Kafka, RemoteAuthn, SettingsClient}, init: a.initMasterdata, schema: &masterdata.Schema,
			summary: "customers, vendors, products and units with Bangladesh identifiers; CSV import and export"},
		{name: Settings, deps: []string{Server, Database, Kafka, RemoteAuthn, SettingsClient}, init: a.initSettings, schema: &settings.Schema,
			summary: "tenant settings (company identity, fiscal year, timezone, numbering) and feature flags"},
		{name: Finance, deps: []string{Server, Database, Kafka, Clients, RemoteAuthn, SettingsClient}, init: a.initFinance, check: a.checkFinance, schema: &finance.Schema,
			// A submit a crash cut before its approval started is asked
			// again in its submitter's name (docs/finance.md); the
			// workflow evaluates its chain with the same credential.
			grant:   []string{workflow.PermStart, rules.PermEvaluate},
			summary: "ledger, fiscal periods, VAT invoices and bills with Mushak numbering, payments, VAT and ageing reports"},
		{name: Orders, deps: []string{Server, Database, Kafka, Clients, RemoteAuthn, SettingsClient, WorkflowsClient}, init: a.initOrders, check: a.checkOrders, schema: &orders.Schema,
			// A delivery's sales invoice: finance checks its customer and
			// products, prices its tax and starts its approval with the
			// same credential.
			grant: []string{finance.PermInvoiceWrite, finance.PermInvoiceRead, masterdata.PermCustomerRead,
				masterdata.PermProductRead, rules.PermEvaluate, workflow.PermStart, workflow.PermRead},
			summary: "purchase and sales orders as durable Temporal processes, goods receipts, deliveries and stock"},
		{name: Notify, deps: []string{Server, Database, Kafka, Clients, RemoteAuthn, SettingsClient}, init: a.initNotify, check: a.checkNotify, schema: &notify.Schema,
			// Recipients: users, role holders and department members from
			// auth, customers from master data.
			grant:   []string{auth.PermUserRead, auth.PermDepartmentRead, masterdata.PermCustomerRead},
			summary: "notifications: email, SMS and an in-app feed of approvals, invites, resets, invoices, payments and reports"},
		{name: Documents, deps: []string{Server, Database, Kafka, Clients, RemoteAuthn, SettingsClient, WorkflowsClient}, init: a.initDocuments,
			check: a.checkDocuments, schema: &documents.Schema,
			// The jobs read the invoices and reports they print and the
			// buyers' Bangla names, store their output in files (a
			// Mushak-6.3 attached to its invoice) and make its links.
			grant: []string{finance.PermInvoiceRead, finance.PermReportRead, masterdata.PermCustomerRead, masterdata.PermVendorRead,
				files.PermRead, files.PermWrite},
			summary: "documents as durable jobs: Mushak-6.3 PDFs, VAT registers (6.1, 6.2) and 9.1 figures, trial balance and ageing"},
		{name: Files, deps: []string{Server, Database, Kafka, Clients, RemoteAuthn}, init: a.initFiles, check: a.checkFiles, schema: &files.Schema,
			summary: "files in S3-compatible storage: checked uploads, attachments on invoices and orders, expiring download links"},
		{name: Gateway, deps: []string{Server, Clients}, init: a.initGateway, check: a.checkGateway,
			summary: "federated GraphQL, REST routing, OpenAPI and docs, edge policy"},
		{name: WorkflowsClient, deps: []string{Temporal}, init: a.initWorkflowClient},
		{name: Workflow, deps: []string{Server, Database, Clients, WorkflowsClient, RemoteAuthn, SettingsClient}, init: a.initWorkflow, schema: &workflow.Schema,
			summary: "approvals on Temporal (purchase orders, invoices), approval inbox, delegation"},
		// The worker serves no API, but its server answers health checks
		// and /metrics (the SDK's metrics) for the orchestrator.
		{name: WorkflowWorker, deps: []string{Server, Database, Kafka, WorkflowsClient}, init: a.initWorkflowWorker,
			summary: "Temporal worker of the approval workflows and their activities"},
		{name: Console, deps: []string{Server, Clients}, init: a.initConsole, check: a.checkConsole,
			summary: "web console at /console/: approvals inbox, master data, purchase orders, in Bangla and English"},
		// The whole platform: every public target plus the engines.
		{name: All, deps: []string{Server, Database, Kafka, Temporal, Clients, Auth, Audit, Gateway, Masterdata, Settings, Finance, Orders, Workflow, WorkflowWorker, Notify, Documents, Files, Console}, init: a.initAll},
	}
}

func checkDatabase(c *Config, k *config.Checker) {
	requireSet(k, "every service", "database.url", c.Database.URL)
	k.Check(c.Database.AppURL != "" || c.Database.AppPassword != "", "database.app_password",
		"required (or database.app_url): the application role's password")
}

func checkKafka(c *Config, k *config.Checker) {
	if err := c.Kafka.Validate(); err != nil {
		for _, f := range errs.As(err).Fields {
			k.Add("kafka."+f.Field, "%s", f.Message)
		}
	}
}

// initServer builds the two listeners. The public one (http.addr) serves
// clients: the gateway, REST, /healthz and a /readyz that says only ready
// or not. The internal one (http.internal_addr) serves what only the
// gateway and the operator may reach: every service's GraphQL subgraph,
// /metrics and the detailed /readyz (docs/security.md). Both bound every
// body and authenticate; only the public one has the gateway's edge
// policy, and only it believes X-Forwarded-For from configured proxies.
func (a *App) initServer(context.Context) (lifecycle.Service, error) {
	proxies, err := httpx.ParseProxies(a.Config.HTTP.TrustedProxies)
	if err != nil {
		return nil, err
	}
	a.Mux = http.NewServeMux()
	a.Mux.HandleFunc("GET /healthz", httpx.Live)
	a.Mux.HandleFunc("GET /readyz", a.Health.ReadyStatus)
	a.InternalMux = http.NewServeMux()
	a.InternalMux.HandleFunc("GET /healthz", httpx.Live)
	a.InternalMux.HandleFunc("GET /readyz", a.Health.Ready)
	a.InternalMux.Handle("GET /metrics", a.metricsHandler())
	a.Health.Add("startup", func(context.Context) error {
		if !a.isStarted() {
			return errNotReady
		}
		return nil
	})
	m := httpx.NewMetrics(a.Registry)
	limit := httpx.BodyLimitBy(bodyLimit(a.Config))
	public := httpx.Chain(httpx.Routed(a.whileStarting(a.Mux)),
		httpx.RequestID,
		httpx.Recover,
		httpx.Observe(a.Logger, m),
		httpx.TraceWith(a.tracerProvider()),
		httpx.ClientAddress(proxies),
		a.edgeCORS.middleware, // CORS; installed by the gateway module
		limit,
		a.gate.middleware,      // authn, then idempotency; installed by the auth module
		a.edgeLimit.middleware, // rate limits per tenant, user and client; installed by the gateway module
	)
	// Only the gateway calls subgraphs here, and it forwards the client's
	// address in X-Forwarded-For.
	internal := []httpx.Middleware{httpx.RequestID, httpx.Recover, httpx.Observe(a.Logger, m), httpx.TraceWith(a.tracerProvider()),
		httpx.ClientAddress(httpx.TrustAll()), limit, a.gate.middleware}
	// The gateway's in-process subgraph calls skip the access log and
	// metrics: the client's request already has them. With tracing on
	// they open the subgraph's server span, as a remote subgraph's
	// internal listener does: the gateway passes no context values in
	// process, only the Traceparent header of its fetch's span.
	sub := []httpx.Middleware{httpx.RequestID, httpx.Recover}
	if tp := a.tracerProvider(); telemetry.Recording(tp) {
		sub = append(sub, httpx.TraceWith(tp))
	}
	a.subgraphs = httpx.Chain(a.whileStarting(a.InternalMux), append(sub, httpx.ClientAddress(httpx.TrustAll()), limit, a.gate.middleware)...)
	a.Server = httpx.NewServer(a.Config.HTTP, public, a.Logger)
	in := a.Config.HTTP
	in.Addr, in.PublicURL = in.InternalAddr, ""
	a.Internal = httpx.NewServer(in, httpx.Chain(httpx.Routed(a.whileStarting(a.InternalMux)), internal...), a.Logger.With("listener", "internal"))
	// The internal listener starts first and stops last: in-flight client
	// requests drain through it.
	return a.group(Server, a.Internal, a.Server), nil
}

// whileStarting answers a request for a route mux does not serve with 503
// and Retry-After until every module has started: the listeners open
// with the first module and the others mount their routes as they start,
// so until then a missing route is one not mounted yet, not one that does
// not exist. A resumer of an earlier module took a 404 from the rules API
// at startup for "no approval chain is published" and sent a submitted
// order back to draft. Once started, mux answers alone.
func (a *App) whileStarting(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !a.isStarted() {
			if _, pattern := mux.Handler(r); pattern == "" {
				e := errs.E(errs.Unavailable, "%s %s is not served yet: the system is starting", r.Method, r.URL.Path)
				e.RetryAfterSeconds = 1
				httpx.WriteError(w, r, e)
				return
			}
		}
		mux.ServeHTTP(w, r)
	})
}

// mountSubgraph serves a service's GraphQL subgraph at path on the
// internal listener only: the gateway, with its limits, is the one way
// in from outside.
func (a *App) mountSubgraph(path string, h http.Handler) { a.InternalMux.Handle("POST "+path, h) }

func (a *App) initDatabase(ctx context.Context) (lifecycle.Service, error) {
	password, err := a.appPassword(ctx)
	if err != nil {
		return nil, err
	}
	opts, pipeOpts := a.Config.Database.PoolOptions(), a.Config.Database.PipelineOptions()
	opts.Password, pipeOpts.Password = password, password
	opts.Tracer, pipeOpts.Tracer = a.tracerProvider(), a.tracerProvider()
	pool, err := db.Open(ctx, a.Config.Database.AppDSN(), opts)
	if err != nil {
		return nil, err
	}
	pipeline, err := db.Open(ctx, a.Config.Database.AppDSN(), pipeOpts)
	if err != nil {
		pool.Close()
		return nil, err
	}
	a.DB, a.Pipeline = pool, pipeline
	a.Health.Add("postgres", pool.Ping)
	a.Registry.MustRegister(db.NewPoolCollector(map[string]*db.Pool{"app": pool, "pipeline": pipeline}))
	return lifecycle.New(Database, lifecycle.Funcs{Stopping: func(context.Context) error {
		pipeline.Close()
		pool.Close()
		return nil
	}}), nil
}

func (a *App) initKafka(ctx context.Context) (lifecycle.Service, error) {
	cl, err := kafkax.NewClient(a.Config.Kafka)
	if err != nil {
		return nil, err
	}
	a.Kafka = cl
	a.Health.Add("kafka", func(ctx context.Context) error { return kafkax.Check(ctx, cl) })
	return lifecycle.New(Kafka, lifecycle.Funcs{Stopping: func(context.Context) error {
		cl.Close()
		return nil
	}}), nil
}

func (a *App) initTemporal(ctx context.Context) (lifecycle.Service, error) {
	temporalx.SizeWorkflowCache(a.Config.Temporal)
	cl, err := temporalx.Dial(ctx, a.Config.Temporal, a.Logger)
	if err != nil {
		return nil, err
	}
	a.Temporal = cl
	a.Health.Add("temporal", func(ctx context.Context) error { return temporalx.Check(ctx, cl) })
	return lifecycle.New(Temporal, lifecycle.Funcs{Stopping: func(context.Context) error {
		cl.Close()
		return nil
	}}), nil
}

func (a *App) initClients(context.Context) (lifecycle.Service, error) {
	a.Clients = svcclient.NewMetrics(a.Registry)
	return nil, nil
}

func (a *App) initAll(context.Context) (lifecycle.Service, error) { return nil, nil }
