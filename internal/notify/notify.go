// Package notify is the notifications service (issue 26): it consumes
// the events that concern a person (approvals requested, escalated and
// completed; invites and password resets; invoices approved; payments
// received; reports ready), resolves their recipients through auth and
// master data, renders each recipient's message from per-tenant
// templates in Bangla or English, and delivers it on the channels the
// tenant's settings and the recipient's preferences allow: an in-app
// feed (with a live stream), email over SMTP and SMS. Each (event,
// recipient, channel) is one delivery row with a unique key, so a
// redelivered event sends nothing twice; a runner retries pending rows
// with backoff, one channel's failure never holding up another's
// (docs/notify.md).
package notify

import (
	"context"
	"embed"
	"errors"
	"log/slog"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/servicecred"
	"github.com/vextrus/vextrus/internal/platform/tenant"
	"github.com/vextrus/vextrus/internal/platform/tenantsettings"
)

//go:embed migrations/*.sql
var migrationsFS embed.FS

// Name is the service's name: its module, schema, outbox and topic.
const Name = "notify"

// Schema is the notify service's PostgreSQL schema. Migrations 00001 to
// 00009 are notify's, 00010 to 00019 the webhook pipeline's.
var Schema = db.Schema{Name: Name, Migrations: db.Dir(migrationsFS, "migrations")}

// The permissions of the notify service.
const (
	PermFeedRead         = "notify.feed.read"
	PermPreferencesWrite = "notify.preferences.write"
	PermTemplateWrite    = "notify.template.write"
	PermWebhookRead      = "notify.webhook.read"
	PermWebhookWrite     = "notify.webhook.write"
)

// Permissions are what the notify service declares to the registry.
var Permissions = []authz.Permission{
	{Name: PermFeedRead, Description: "Read one's own notifications and preferences, mark them read"},
	{Name: PermPreferencesWrite, Description: "Change one's own notification preferences and quiet hours"},
	{Name: PermTemplateWrite, Description: "Override the tenant's notification templates"},
	{Name: PermWebhookRead, Description: "Read the tenant's webhook subscriptions and deliveries"},
	{Name: PermWebhookWrite, Description: "Add, change and remove webhook subscriptions; re-send deliveries"},
}

// SettingsReader gives a tenant's settings and feature flags;
// *tenantsettings.Client is one.
type SettingsReader interface {
	Settings(ctx context.Context, t tenant.ID) (*tenantsettings.Settings, error)
	Enabled(ctx context.Context, t tenant.ID, userID, key string) (bool, error)
}

// Deps are what the service needs.
type Deps struct {
	DB       *db.Pool
	Settings SettingsReader
	Logger   *slog.Logger
	// Now is the clock; nil uses time.Now.
	Now func() time.Time
	// Channels deliver email, SMS and others by name; "inapp" is the
	// service's own and needs no entry.
	Channels []Channel
	// Directory resolves users, role holders and parties.
	Directory Directory
	// Acting gives the service credential of a tenant (auth and master
	// data calls from consumers and the runner).
	Acting servicecred.Acting
	// PublicURL returns the platform's public base URL (http.public_url),
	// from which links in messages are built; nil makes them paths.
	PublicURL func() string
	// TokenSecret opens the sealed tokens of auth's invite and reset
	// events (auth.service_token_secret).
	TokenSecret string
	// Config tunes the delivery runner; zero fields take DefaultConfig's.
	Config Config
}

// Service is the notify service.
type Service struct {
	db        *db.Pool
	settings  SettingsReader
	log       *slog.Logger
	now       func() time.Time
	channels  map[string]Channel
	directory Directory
	acting    servicecred.Acting
	publicURL func() string
	secret    string
	cfg       Config
	// wakeup nudges the runner: a delivery was queued.
	wakeup chan struct{}
	// instance names this process in its "due" notifications, so that
	// its listener passes over its own: its runner was woken at commit.
	instance string
	hub      *hub
}

// New returns the service.
func New(d Deps) (*Service, error) {
	if d.DB == nil || d.Settings == nil {
		return nil, errors.New("notify: a database pool and a settings reader are required")
	}
	s := &Service{db: d.DB, settings: d.Settings, log: d.Logger, now: d.Now,
		channels: map[string]Channel{}, directory: d.Directory, acting: d.Acting,
		publicURL: d.PublicURL, secret: d.TokenSecret,
		cfg: withDefaults(d.Config), wakeup: make(chan struct{}, 1), instance: uuid.NewString(), hub: newHub()}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.publicURL == nil {
		s.publicURL = func() string { return "" }
	}
	for _, c := range d.Channels {
		if c == nil {
			continue
		}
		if _, dup := s.channels[c.Name()]; dup {
			return nil, errors.New("notify: two channels named " + c.Name())
		}
		s.channels[c.Name()] = c
	}
	return s, nil
}

// caller checks that the caller holds perm and returns who it is.
var caller = authz.Caller
