// Package masterdata is the master data service: the customers, vendors,
// products and services, and units of measure every ERP module leans on,
// with the Bangladesh identifiers they carry (BIN, e-TIN, NID, mobile, HS
// code) validated on the way in.
//
// Every record kind is a resource described by a small table of functions
// (resource.go); one generic store, service layer, REST handler set and CSV
// codec serve all four, so a behaviour (optimistic concurrency, archive and
// restore, search, import) is written once.
package masterdata

import (
	"context"
	"embed"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/tenantsettings"
)

//go:embed migrations/*.sql
var migrationsFS embed.FS

// Schema is the masterdata PostgreSQL schema.
var Schema = db.Schema{Name: "masterdata", Migrations: db.Dir(migrationsFS, "migrations")}

// GraphQLPath is where the subgraph is served.
const GraphQLPath = "/graphql/masterdata"

// The permissions of the service: read and write per record kind.
const (
	PermCustomerRead  = "masterdata.customer.read"
	PermCustomerWrite = "masterdata.customer.write"
	PermVendorRead    = "masterdata.vendor.read"
	PermVendorWrite   = "masterdata.vendor.write"
	PermProductRead   = "masterdata.product.read"
	PermProductWrite  = "masterdata.product.write"
	PermUnitRead      = "masterdata.unit.read"
	PermUnitWrite     = "masterdata.unit.write"
)

// Permissions are declared into the registry at start-up.
var Permissions = []authz.Permission{
	{Name: PermCustomerRead, Description: "Read, search and export customers"},
	{Name: PermCustomerWrite, Description: "Create, update, archive, restore and import customers"},
	{Name: PermVendorRead, Description: "Read, search and export vendors"},
	{Name: PermVendorWrite, Description: "Create, update, blacklist, archive, restore and import vendors"},
	{Name: PermProductRead, Description: "Read, search and export products and services"},
	{Name: PermProductWrite, Description: "Create, update, archive, restore and import products and services"},
	{Name: PermUnitRead, Description: "Read units of measure"},
	{Name: PermUnitWrite, Description: "Define, update, archive and restore tenant units of measure"},
}

// Deps is what the service needs.
type Deps struct {
	DB     *db.Pool
	Events *events.Outbox
	Logger *slog.Logger
	// Metrics, when set, receives the service's metrics.
	Metrics prometheus.Registerer
	// Zones answers tenants' timezones, which date what a record is
	// stamped with today (a vendor's blacklisting); nil is Asia/Dhaka for
	// every tenant.
	Zones tenantsettings.Locator
}

// Service is the master data service.
type Service struct {
	db     *db.Pool
	events *events.Outbox
	log    *slog.Logger
	zones  tenantsettings.Locator

	Customers *Resource[*Customer]
	Vendors   *Resource[*Vendor]
	Products  *Resource[*Product]
	Units     *Resource[*Unit]

	queries *prometheus.CounterVec
	// jobs tracks imports running in the background, so Close can wait.
	jobs   sync.WaitGroup
	stop   context.Context
	cancel context.CancelFunc
}

// New builds the service.
func New(d Deps) (*Service, error) {
	if d.DB == nil || d.Events == nil {
		return nil, errors.New("masterdata: DB and Events are required")
	}
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	s := &Service{db: d.DB, events: d.Events, log: d.Logger, zones: d.Zones}
	s.stop, s.cancel = context.WithCancel(context.Background())
	s.queries = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "vextrus_masterdata_store_queries_total",
		Help: "Round trips of the master data store by operation, e.g. batched entity lookups.",
	}, []string{"resource", "op"})
	if d.Metrics != nil {
		if err := d.Metrics.Register(s.queries); err != nil {
			return nil, err
		}
	}
	s.Customers = newResource(s, customerKind())
	s.Vendors = newResource(s, vendorKind())
	s.Units = newResource(s, unitKind())
	s.Products = newResource(s, productKind(s))
	return s, nil
}

// Close stops background imports and waits for them; an interrupted import
// leaves its job "failed" and can be run again, since imports are
// idempotent.
func (s *Service) Close() {
	s.cancel()
	s.jobs.Wait()
}

// today is the current date in the caller's tenant's timezone.
func (s *Service) today(ctx context.Context) (string, error) {
	loc, err := tenantsettings.LocationOf(ctx, s.zones)
	if err != nil {
		return "", err
	}
	return time.Now().In(loc).Format(time.DateOnly), nil
}
