package rules

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/vextrus/vextrus/internal/platform/bd"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/tenant"
	"github.com/vextrus/vextrus/internal/platform/tenantsettings"
)

// EventSink appends events inside the transaction of the change; the
// platform outbox (*events.Outbox) is one.
type EventSink interface {
	Append(ctx context.Context, tx *db.Tx, drafts ...events.Draft) error
}

// TenantSettings answers a tenant's timezone, which decides what "today"
// is when an evaluation gives no date, so a rule effective from a date
// takes effect at the tenant's midnight. The process's cached settings
// client (*tenantsettings.Client) is one.
type TenantSettings = tenantsettings.Locator

// DhakaTime is the TenantSettings of a service built without one (tests
// that need no tenant settings): every tenant in Asia/Dhaka.
type DhakaTime struct{}

// Location returns Asia/Dhaka.
func (DhakaTime) Location(context.Context, tenant.ID) (*time.Location, error) { return bd.Dhaka(), nil }

// Deps are what the service needs.
type Deps struct {
	DB *db.Pool
	// Events receives the published and retired events; nil emits none.
	Events EventSink
	// Settings answers tenants' timezones; nil uses DhakaTime.
	Settings TenantSettings
	// Metrics, when set, receives the consumers' metrics.
	Metrics prometheus.Registerer
	Logger  *slog.Logger
	// Limits bound tables and evaluations; zero uses DefaultLimits.
	Limits Limits
	// Now is the clock; nil uses time.Now.
	Now func() time.Time
}

// Service is the rules engine.
type Service struct {
	db       *db.Pool
	events   EventSink
	settings TenantSettings
	metrics  prometheus.Registerer
	log      *slog.Logger
	limits   Limits
	now      func() time.Time
	cache    *cache
}

// New returns the service.
func New(deps Deps) (*Service, error) {
	if deps.DB == nil {
		return nil, errors.New("rules: a database pool is required")
	}
	s := &Service{db: deps.DB, events: deps.Events, settings: deps.Settings, metrics: deps.Metrics, log: deps.Logger,
		limits: deps.Limits, now: deps.Now, cache: newCache()}
	if s.settings == nil {
		s.settings = DhakaTime{}
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.limits == (Limits{}) {
		s.limits = DefaultLimits()
	}
	if s.now == nil {
		s.now = time.Now
	}
	return s, nil
}

// today is the current date in the tenant's timezone, at UTC midnight.
func (s *Service) today(ctx context.Context, t tenant.ID) (time.Time, error) {
	loc, err := s.settings.Location(ctx, t)
	if err != nil {
		return time.Time{}, err
	}
	y, m, d := s.now().In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC), nil
}
