// Package orders is the order processing service (DESIGN §2, §16):
// purchase requisitions and purchase orders with goods receipts matched
// three ways against the vendor's bill in finance, quotations and sales
// orders checked against the customer's credit and delivered with
// challans, and the stock those receipts and deliveries move. Each
// order's life runs as one durable Temporal workflow (process.go); the
// tables in migrations/ are what its activities and the API change, one
// transaction at a time, with the events in the same transaction.
package orders

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
const Name = "orders"

// Schema is the orders service's PostgreSQL schema.
var Schema = db.Schema{Name: Name, Migrations: db.Dir(migrationsFS, "migrations")}

// TaskQueue is the Temporal task queue of the order workflows. It is not
// the approval workflow's queue: every worker polling one queue must
// register the same workflow types, and the order worker runs where the
// orders database is, not where the workflow service's is.
const TaskQueue = "vextrus-orders"

// The permissions of the orders service.
const (
	PermLocationRead  = "orders.location.read"
	PermLocationWrite = "orders.location.write"
	PermPurchaseRead  = "orders.purchase.read"
	PermPurchaseWrite = "orders.purchase.write"
	PermReceive       = "orders.purchase.receive"
	PermSalesRead     = "orders.sales.read"
	PermSalesWrite    = "orders.sales.write"
	PermDeliver       = "orders.sales.deliver"
	PermStockRead     = "orders.stock.read"
	PermStockMove     = "orders.stock.move"
)

// Permissions are what the orders service declares to the registry.
var Permissions = []authz.Permission{
	{Name: PermLocationRead, Description: "Read warehouses and project sites"},
	{Name: PermLocationWrite, Description: "Add and change warehouses and project sites"},
	{Name: PermPurchaseRead, Description: "Read purchase requisitions, orders and goods receipts"},
	{Name: PermPurchaseWrite, Description: "Raise requisitions; prepare, submit, cancel and close purchase orders"},
	{Name: PermReceive, Description: "Record goods received against purchase orders"},
	{Name: PermSalesRead, Description: "Read quotations, sales orders and deliveries"},
	{Name: PermSalesWrite, Description: "Prepare quotations; confirm, cancel and close sales orders"},
	{Name: PermDeliver, Description: "Deliver sales orders with a challan"},
	{Name: PermStockRead, Description: "Read stock on hand and its movements"},
	{Name: PermStockMove, Description: "Issue stock to a project and transfer it between locations"},
}

// EventSink appends events inside the transaction of the change; the
// platform outbox (*events.Outbox) is one.
type EventSink interface {
	Append(ctx context.Context, tx *db.Tx, drafts ...events.Draft) error
}

// SettingsReader gives a tenant's settings (fiscal year, zone,
// numbering); *tenantsettings.Client is one.
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
	// Temporal starts, signals and updates the order workflows; nil runs
	// no process, so nothing can be submitted or confirmed.
	Temporal client.Client
	// Approvals starts and withdraws approvals on the workflow service.
	Approvals Approvals
	// Catalog checks parties and products against master data.
	Catalog Catalog
	// Credit answers the sales credit check.
	Credit Credit
	// Invoicer makes finance's sales invoice of a delivery.
	Invoicer Invoicer
	// Acting gives a context in which the service acts for a tenant on
	// its own account: the background work of the workflows.
	Acting servicecred.Acting
}

// Service is the orders service.
type Service struct {
	db        *db.Pool
	events    EventSink
	settings  SettingsReader
	log       *slog.Logger
	now       func() time.Time
	temporal  client.Client
	approvals Approvals
	catalog   Catalog
	credit    Credit
	invoicer  Invoicer
	acting    servicecred.Acting
}

// New returns the service.
func New(deps Deps) (*Service, error) {
	if deps.DB == nil || deps.Settings == nil {
		return nil, errors.New("orders: a database pool and a settings reader are required")
	}
	s := &Service{db: deps.DB, events: deps.Events, settings: deps.Settings, log: deps.Logger, now: deps.Now,
		temporal: deps.Temporal, approvals: deps.Approvals, catalog: deps.Catalog, credit: deps.Credit,
		invoicer: deps.Invoicer, acting: deps.Acting}
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

// nextNumber takes the next number of docType (tenantsettings.Doc*) for a
// document dated date from orders' gapless sequences.
func (s *Service) nextNumber(ctx context.Context, tx *db.Tx, docType string, date time.Time) (string, error) {
	st, err := s.tenantSettings(ctx)
	if err != nil {
		return "", err
	}
	return st.NextNumber(ctx, tx, Name, docType, date)
}
