// Package documents is the document generation service: Mushak-6.3 tax
// invoices, the Mushak-6.1 and 6.2 purchase and sales registers, the
// Mushak-9.1 return's figures, the trial balance and the ageing, each
// made by a job. A job is a row of documents.jobs and one durable
// Temporal workflow (process.go) whose activities load the data from
// finance, master data and settings with the service's own credential,
// render it (internal/documents/forms, excelize, CSV, JSON), store the
// output in the files service, and finish the job with
// vextrus.documents.report.ready.v1 through the outbox in the same
// transaction. A worker that dies midway leaves the workflow to another
// worker: the job resumes rather than is lost.
package documents

import (
	"context"
	"embed"
	"errors"
	"log/slog"
	"time"

	"go.temporal.io/sdk/client"

	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/servicecred"
	"github.com/vextrus/vextrus/internal/platform/tenant"
	"github.com/vextrus/vextrus/internal/platform/tenantsettings"
)

//go:embed migrations/*.sql
var migrationsFS embed.FS

// Name is the service's name: its module, schema, outbox and topic.
const Name = "documents"

// Schema is the documents service's PostgreSQL schema.
var Schema = db.Schema{Name: Name, Migrations: db.Dir(migrationsFS, "migrations")}

// TaskQueue is the Temporal task queue of the job workflows and their
// activities: the worker runs where the documents database is.
const TaskQueue = "vextrus-documents"

// The permissions of the documents service.
const (
	PermJobRead  = "documents.job.read"
	PermJobWrite = "documents.job.write"
)

// Permissions are what the documents service declares to the registry.
var Permissions = []authz.Permission{
	{Name: PermJobRead, Description: "Read document jobs and download their output"},
	{Name: PermJobWrite, Description: "Request documents: Mushak forms, VAT registers and returns, trial balance, ageing"},
}

// EventSink appends events inside the transaction of the change; the
// platform outbox (*events.Outbox) is one.
type EventSink interface {
	Append(ctx context.Context, tx *db.Tx, drafts ...events.Draft) error
}

// SettingsReader gives a tenant's settings (the company's identity and
// zone); *tenantsettings.Client is one.
type SettingsReader interface {
	Settings(ctx context.Context, t tenant.ID) (*tenantsettings.Settings, error)
}

// Deps are what the service needs.
type Deps struct {
	DB *db.Pool
	// Events receives the service's events; nil emits none.
	Events   EventSink
	Settings SettingsReader
	Logger   *slog.Logger
	// Now is the clock; nil uses time.Now.
	Now func() time.Time
	// Temporal starts the job workflows; nil runs no job, so every
	// request is refused UNAVAILABLE.
	Temporal client.Client
	// Finance reads invoices and reports.
	Finance Finance
	// Parties reads customers and vendors (their Bangla names).
	Parties Parties
	// Store keeps the output in the files service.
	Store Store
	// Renderer draws the PDFs.
	Renderer Renderer
	// Acting gives the activities the service's credential.
	Acting servicecred.Acting
}

// Service is the documents service.
type Service struct {
	db       *db.Pool
	events   EventSink
	settings SettingsReader
	log      *slog.Logger
	now      func() time.Time
	temporal client.Client
	finance  Finance
	parties  Parties
	store    Store
	renderer Renderer
	acting   servicecred.Acting
}

// New returns the service.
func New(d Deps) (*Service, error) {
	if d.DB == nil || d.Settings == nil {
		return nil, errors.New("documents: a database pool and a settings reader are required")
	}
	s := &Service{db: d.DB, events: d.Events, settings: d.Settings, log: d.Logger, now: d.Now, temporal: d.Temporal,
		finance: d.Finance, parties: d.Parties, store: d.Store, renderer: d.Renderer, acting: d.Acting}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.now == nil {
		s.now = time.Now
	}
	return s, nil
}

// caller checks that the caller holds perm and returns who it is.
var caller = authz.Caller

// emit appends drafts to the outbox in tx, when the service has one.
func (s *Service) emit(ctx context.Context, tx *db.Tx, drafts ...events.Draft) error {
	if s.events == nil || len(drafts) == 0 {
		return nil
	}
	return s.events.Append(ctx, tx, drafts...)
}
