// Package finance is the finance service (DESIGN §2): the chart of
// accounts, double-entry journals in fiscal periods, sales invoices and
// purchase bills with VAT, supplementary duty and tax deducted at source,
// Mushak 6.3/6.7/6.8 numbering, payments and the reports an accountant
// and a VAT consultant work from. Money is int64 poisha throughout; the
// database refuses an unbalanced journal or a posting into a closed
// period whatever path writes it (migrations/00001_ledger.sql).
package finance

import (
	"context"
	"embed"
	"errors"
	"log/slog"
	"time"

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
const Name = "finance"

// Schema is the finance service's PostgreSQL schema.
var Schema = db.Schema{Name: Name, Migrations: db.Dir(migrationsFS, "migrations")}

// The permissions of the finance service, one per kind of act: reading
// the books is apart from writing them, and closing a period or
// approving an invoice is apart from preparing one.
const (
	PermAccountRead    = "finance.account.read"
	PermAccountWrite   = "finance.account.write"
	PermJournalRead    = "finance.journal.read"
	PermJournalWrite   = "finance.journal.write"
	PermJournalPost    = "finance.journal.post"
	PermPeriodRead     = "finance.period.read"
	PermPeriodClose    = "finance.period.close"
	PermPeriodReopen   = "finance.period.reopen"
	PermInvoiceRead    = "finance.invoice.read"
	PermInvoiceWrite   = "finance.invoice.write"
	PermInvoiceApprove = "finance.invoice.approve"
	PermPaymentRead    = "finance.payment.read"
	PermPaymentWrite   = "finance.payment.write"
	PermReportRead     = "finance.report.read"
)

// Permissions are what the finance service declares to the registry.
var Permissions = []authz.Permission{
	{Name: PermAccountRead, Description: "Read the chart of accounts"},
	{Name: PermAccountWrite, Description: "Add, rename and deactivate accounts"},
	{Name: PermJournalRead, Description: "Read journals and the general ledger"},
	{Name: PermJournalWrite, Description: "Prepare draft journals"},
	{Name: PermJournalPost, Description: "Post and reverse journals"},
	{Name: PermPeriodRead, Description: "Read fiscal periods"},
	{Name: PermPeriodClose, Description: "Close a fiscal period"},
	{Name: PermPeriodReopen, Description: "Reopen a closed fiscal period"},
	{Name: PermInvoiceRead, Description: "Read invoices, bills, credit and debit notes"},
	{Name: PermInvoiceWrite, Description: "Prepare, submit and cancel invoices and bills"},
	{Name: PermInvoiceApprove, Description: "Issue credit and debit notes against approved invoices, cancel submitted ones"},
	{Name: PermPaymentRead, Description: "Read payments and bank statements"},
	{Name: PermPaymentWrite, Description: "Record, allocate and reverse payments; import bank statements and reconcile"},
	{Name: PermReportRead, Description: "Read the trial balance, ledgers, ageing and the VAT summary"},
}

// EventSink appends events inside the transaction of the change; the
// platform outbox (*events.Outbox) is one.
type EventSink interface {
	Append(ctx context.Context, tx *db.Tx, drafts ...events.Draft) error
}

// SettingsReader gives a tenant's settings (fiscal year, zone, numbering,
// company); *tenantsettings.Client is one.
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
	// Rules gives the VAT, VDS and AIT rates (rulesclient.Client over the rules
	// service); nil computes no invoice.
	Rules Rules
	// Approvals starts invoice approvals (approvalclient.Client over the
	// workflow service); nil submits no invoice.
	Approvals Approvals
	// Catalog checks a document's party and products against master data
	// and completes them from it (MasterdataCatalog); nil takes them as
	// the request gives them.
	Catalog Catalog
	// Acting lets the service act for a tenant with its own credential
	// (a *servicecred.Source), to ask again for the approvals a crash
	// kept from starting (Resumer); nil asks none again.
	Acting servicecred.Acting
}

// Service is the finance service.
type Service struct {
	db        *db.Pool
	events    EventSink
	settings  SettingsReader
	log       *slog.Logger
	now       func() time.Time
	rules     Rules
	approvals Approvals
	catalog   Catalog
	acting    servicecred.Acting
	// afterNumber, set by tests only, runs in the approving transaction
	// right after the Mushak number is taken.
	afterNumber func(ctx context.Context)
}

// New returns the service.
func New(deps Deps) (*Service, error) {
	if deps.DB == nil || deps.Settings == nil {
		return nil, errors.New("finance: a database pool and a settings reader are required")
	}
	s := &Service{db: deps.DB, events: deps.Events, settings: deps.Settings, log: deps.Logger, now: deps.Now,
		rules: deps.Rules, approvals: deps.Approvals, catalog: deps.Catalog, acting: deps.Acting}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.now == nil {
		s.now = time.Now
	}
	return s, nil
}

// caller checks that the caller holds perm and returns who it is
// (authz.Caller).
var caller = authz.Caller

// emit appends drafts to the outbox in tx, when the service has one.
func (s *Service) emit(ctx context.Context, tx *db.Tx, drafts ...events.Draft) error {
	if s.events == nil || len(drafts) == 0 {
		return nil
	}
	return s.events.Append(ctx, tx, drafts...)
}

// tenantSettings returns the settings of the tenant of ctx.
func (s *Service) tenantSettings(ctx context.Context) (*tenantsettings.Settings, error) {
	t, err := tenant.Require(ctx)
	if err != nil {
		return nil, err
	}
	return s.settings.Settings(ctx, t)
}
