// Package audit is the audit service: it consumes every service's events
// and keeps them in an append-only, per-tenant log whose entries form a
// hash chain, so any edit or deletion is detectable; it answers queries
// over the log and verifies the chain.
package audit

import (
	"embed"
	"encoding/json"
	"errors"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/config"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/tenant"
	"github.com/vextrus/vextrus/internal/platform/tenantsettings"
)

//go:embed migrations/*.sql
var migrationsFS embed.FS

// Schema is the audit service's PostgreSQL schema.
var Schema = db.Schema{Name: "audit", Migrations: db.Dir(migrationsFS, "migrations")}

// The permissions of the audit service.
const (
	PermEventRead   = "audit.event.read"
	PermChainVerify = "audit.chain.verify"
)

// Permissions are what the audit service declares.
var Permissions = []authz.Permission{
	{Name: PermEventRead, Description: "Read the tenant's audit log"},
	{Name: PermChainVerify, Description: "Verify the tenant's audit hash chain"},
}

// EventChainVerified is the event the service emits when someone verifies
// a chain, so verifications are themselves in the log.
const EventChainVerified = "vextrus.audit.chain.verified.v1"

// Config is the `audit` section of the configuration.
type Config struct {
	// Retention keeps entries this long; 0 keeps them forever.
	Retention time.Duration `yaml:"retention" doc:"how long audit entries are kept (0 = forever)"`
	// TenantRetention overrides Retention per tenant id.
	TenantRetention map[string]time.Duration `yaml:"tenant_retention" doc:"retention per tenant id, overriding retention"`
	// PruneInterval is how often expired entries are pruned.
	PruneInterval time.Duration `yaml:"prune_interval" doc:"how often expired audit entries are pruned"`
	// Group is the Kafka consumer group of the audit consumer.
	Group string `yaml:"group" doc:"Kafka consumer group of the audit log"`
	// DiscoveryInterval is how soon a new service's topic is consumed.
	DiscoveryInterval time.Duration `yaml:"discovery_interval" doc:"how soon a newly created event topic is consumed"`
}

// DefaultConfig returns the defaults.
func DefaultConfig() Config {
	return Config{PruneInterval: time.Hour, Group: "audit", DiscoveryInterval: 10 * time.Second}
}

// Validate reports every problem with c.
func (c *Config) Validate(ch *config.Checker) {
	ch.Check(c.Retention >= 0, "retention", "must not be negative")
	for id, d := range c.TenantRetention {
		_, err := tenant.Parse(id)
		ch.Check(err == nil, "tenant_retention", "key %q is not a tenant id", id)
		ch.Check(d > 0, "tenant_retention", "retention of %s must be positive", id)
	}
	ch.Check(c.PruneInterval > 0, "prune_interval", "must be positive")
	ch.Check(c.Group != "", "group", "is required")
}

// Deps is what the service needs.
type Deps struct {
	DB *db.Pool
	// Events is the audit service's own outbox, for EventChainVerified.
	Events *events.Outbox
	// Metrics, when set, receives the consumer's metrics.
	Metrics prometheus.Registerer
	Config  Config
	Logger  *slog.Logger
	// Zones answers tenants' timezones, in which the business dates of a
	// query (fromDate, toDate) are days; nil is Asia/Dhaka for everyone.
	Zones tenantsettings.Locator
}

// Service is the audit log.
type Service struct {
	pool    *db.Pool
	outbox  *events.Outbox
	metrics prometheus.Registerer
	cfg     Config
	log     *slog.Logger
	zones   tenantsettings.Locator
}

// New returns the service.
func New(deps Deps) (*Service, error) {
	if deps.DB == nil || deps.Events == nil {
		return nil, errors.New("audit: DB and Events are required")
	}
	log := deps.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Service{pool: deps.DB, outbox: deps.Events, metrics: deps.Metrics, cfg: deps.Config, log: log, zones: deps.Zones}, nil
}

// Entry is one event in a tenant's audit log.
type Entry struct {
	Seq        int64
	EventID    string
	Type       string
	Source     string
	Subject    string
	Actor      string
	RequestID  string
	OccurredAt time.Time
	RecordedAt time.Time
	Data       json.RawMessage
	PrevHash   []byte
	Hash       []byte
}

// Filter selects entries; zero fields match everything. Pages go from the
// newest entry back.
type Filter struct {
	Subject, Type, Actor string
	// From and To bound the event time, inclusive and exclusive.
	From, To time.Time
	// FromDate and ToDate (YYYY-MM-DD) bound it by business days in the
	// tenant's timezone, both inclusive: the days an accountant means,
	// which in Dhaka start at 18:00 UTC the evening before. Each replaces
	// From or To and cannot be given with it.
	FromDate, ToDate string
	Limit            int
	Cursor           string
}

// Page is one page of entries, newest first; NextCursor is "" on the last.
type Page struct {
	Items      []Entry
	NextCursor string
}

// VerifyResult is the outcome of walking a tenant's chain.
type VerifyResult struct {
	Tenant tenant.ID
	// Entries is how many entries were checked.
	Entries int64
	OK      bool
	// Broken is the first entry that does not verify, when !OK.
	Broken *BrokenEntry
}

// BrokenEntry names where the chain breaks.
type BrokenEntry struct {
	Seq     int64
	EventID string // "" when the entry is missing
	Reason  string
}
