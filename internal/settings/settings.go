// Package settings is the settings service (DESIGN §8): each tenant's
// settings document (company identity, time and money, document
// numbering, defaults; the type and its validation are
// tenantsettings.Settings) and its feature-flag states, versioned, every
// change published with its old and new values, who made it and why.
// Other processes read a tenant's settings through tenantsettings.Client,
// which loads the snapshot this service serves (in process, or on its
// internal listener) and drops it when a change event arrives.
package settings

import (
	"context"
	"embed"
	"errors"
	"log/slog"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/tenant"
	"github.com/vextrus/vextrus/internal/platform/tenantsettings"
)

//go:embed migrations/*.sql
var migrationsFS embed.FS

// Schema is the settings service's PostgreSQL schema.
var Schema = db.Schema{Name: "settings", Migrations: db.Dir(migrationsFS, "migrations")}

// The permissions of the settings service. Evaluating a flag for oneself
// (IsEnabled) needs none: any signed-in user of the tenant may ask.
const (
	PermTenantRead  = "settings.tenant.read"
	PermTenantWrite = "settings.tenant.write"
	PermFlagRead    = "settings.flag.read"
	PermFlagWrite   = "settings.flag.write"
)

// Permissions are what the settings service declares to the registry.
// The system roles' patterns give the writes to owner and admin and the
// reads to every role (authz.SystemRoles).
var Permissions = []authz.Permission{
	{Name: PermTenantRead, Description: "Read the tenant's settings: company identity, fiscal year, timezone, numbering"},
	{Name: PermTenantWrite, Description: "Change the tenant's settings"},
	{Name: PermFlagRead, Description: "Read the tenant's feature flags and their states"},
	{Name: PermFlagWrite, Description: "Turn feature flags on or off, set their rollout, kill them"},
}

// AnyVersion as an expected version skips the version check (If-Match: *).
// Version 0 is that of settings or a flag the tenant never saved.
const AnyVersion = -1

// maxReason bounds the reason recorded with a change.
const maxReason = 500

// Document is a tenant's settings at one version. A tenant that never
// saved settings has tenantsettings.Default("") at version 0, with a zero
// UpdatedAt.
type Document struct {
	Settings  tenantsettings.Settings
	Version   int
	UpdatedAt time.Time
	// UpdatedBy is the user or API key of the change; empty for the
	// platform.
	UpdatedBy string
	Reason    string
}

// Flag is a catalog flag with the tenant's state of it.
type Flag struct {
	Def tenantsettings.FlagDef
	// State is the tenant's own; nil follows Def.Default.
	State     *tenantsettings.FlagState
	Version   int
	UpdatedAt time.Time
	UpdatedBy string
	Reason    string
}

// EventSink appends events inside the transaction of the change; the
// platform outbox (*events.Outbox) is one.
type EventSink interface {
	Append(ctx context.Context, tx *db.Tx, drafts ...events.Draft) error
}

// Deps are what the service needs.
type Deps struct {
	DB *db.Pool
	// Events receives the change events; nil emits none.
	Events EventSink
	// Flags is the catalog of flags this process knows.
	Flags *tenantsettings.Catalog
	// Metrics, when set, receives the consumer's metrics.
	Metrics prometheus.Registerer
	Logger  *slog.Logger
	// Now is the clock; nil uses time.Now.
	Now func() time.Time
	// DemoSlug, when set (vextrus dev), is the slug of the tenant that
	// gets the Demo company instead of the defaults when it is created.
	DemoSlug string
	// Cache, when set, is this process's cached settings reader: isEnabled
	// is answered from it, as every other process answers, and it forgets
	// a tenant as soon as a change of that tenant commits here, so the
	// writer reads its own change at once (other processes forget on the
	// change's event).
	Cache Cache
}

// Cache is the process's cached settings reader; *tenantsettings.Client is
// one.
type Cache interface {
	Enabled(ctx context.Context, t tenant.ID, userID, key string) (bool, error)
	Drop(t tenant.ID)
}

// Service is the settings service.
type Service struct {
	db      *db.Pool
	events  EventSink
	flags   *tenantsettings.Catalog
	metrics prometheus.Registerer
	log     *slog.Logger
	now     func() time.Time
	demo    string
	cache   Cache
}

// New returns the service.
func New(deps Deps) (*Service, error) {
	if deps.DB == nil || deps.Flags == nil {
		return nil, errors.New("settings: a database pool and a flag catalog are required")
	}
	s := &Service{db: deps.DB, events: deps.Events, flags: deps.Flags, metrics: deps.Metrics, log: deps.Logger, now: deps.Now,
		demo: deps.DemoSlug, cache: deps.Cache}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.now == nil {
		s.now = time.Now
	}
	return s, nil
}

// Catalog returns the flags the service knows.
func (s *Service) Catalog() *tenantsettings.Catalog { return s.flags }

// checkChange reports a missing or overlong reason and a malformed
// expected version into c.
func checkChange(c *errs.Collector, reason *string, expectedVersion int) {
	*reason = strings.TrimSpace(*reason)
	c.Check(*reason != "", "reason", "is required: say why the change is made (it is kept in the audit log)")
	c.Check(utf8.RuneCountInString(*reason) <= maxReason, "reason", "must be at most %d characters", maxReason)
	c.Check(expectedVersion >= AnyVersion, "expectedVersion", "must be the version the change was made from (0 before the first change)")
}

// checkVersion refuses a change made from another version than current.
func checkVersion(what string, current, expected int) error {
	if expected != AnyVersion && expected != current {
		return errs.Stale("%s are at version %d, not %d", what, current, expected)
	}
	return nil
}

func (s *Service) emit(ctx context.Context, tx *db.Tx, d events.Draft) error {
	if s.events == nil {
		return nil
	}
	return s.events.Append(ctx, tx, d)
}

// committed tells the process's cache that the caller's tenant's
// settings changed.
func (s *Service) committed(ctx context.Context) {
	if t, ok := tenant.From(ctx); ok && s.cache != nil {
		s.cache.Drop(t)
	}
}
