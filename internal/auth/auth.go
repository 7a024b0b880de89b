// Package auth is identity and access for every Vextrus service: tenants
// (organizations), users and their passwords, roles and permissions,
// sessions with rotating refresh tokens, API keys, and the Ed25519 keys
// whose public half every process uses to verify access tokens locally
// (DESIGN §2, §4). See docs/auth.md for the decisions behind it.
package auth

import (
	"context"
	"embed"
	"errors"
	"log/slog"
	"maps"
	"time"

	"github.com/vextrus/vextrus/internal/platform/authn"
	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/lifecycle"
)

//go:embed migrations/*.sql
var migrationsFS embed.FS

// Schema is the auth schema and its migrations.
var Schema = db.Schema{Name: "auth", Migrations: db.Dir(migrationsFS, "migrations")}

// EventSink appends events to the transactional outbox inside the
// transaction of the change (events.Outbox implements it).
type EventSink interface {
	Append(ctx context.Context, tx *db.Tx, drafts ...events.Draft) error
}

// Deps is what the service needs.
type Deps struct {
	DB     *db.Pool
	Events EventSink
	Logger *slog.Logger
	Config Config
	// Permissions holds every permission the running services declared;
	// roles expand over it.
	Permissions *authz.Registry
	// Now is the clock; nil means time.Now. Tests move it.
	Now func() time.Time
	// ServiceGrants are what each platform service may do with a service
	// credential (MintServiceToken); nil grants none.
	ServiceGrants ServiceGrants
}

// Service implements auth over PostgreSQL.
type Service struct {
	db       *db.Pool
	store    *store
	events   EventSink
	log      *slog.Logger
	cfg      Config
	registry *authz.Registry
	now      func() time.Time
	grants   ServiceGrants

	keys     *keyRing
	tenants  *authn.StatusCache
	roles    *roleCache
	apiKeys  *apiKeyCache
	throttle *throttle
	hasher   *hasher
	verifier *authn.Verifier
	revoked  *authn.RevokedSessions
}

// New builds the service; Start loads (or creates) the signing keys.
func New(deps Deps) (*Service, error) {
	if deps.DB == nil || deps.Permissions == nil {
		return nil, errors.New("auth: DB and Permissions are required")
	}
	if err := deps.Config.validate(); err != nil {
		return nil, err
	}
	if err := deps.ServiceGrants.validate(); err != nil {
		return nil, err
	}
	now := deps.Now
	if now == nil {
		now = time.Now
	}
	log := deps.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	sink := deps.Events
	if sink == nil {
		sink = discardEvents{}
	}
	s := &Service{db: deps.DB, store: &store{db: deps.DB}, events: sink, log: log, cfg: deps.Config, registry: deps.Permissions, now: now,
		grants: maps.Clone(deps.ServiceGrants)}
	if s.cfg.ServiceTokenTTL == 0 {
		s.cfg.ServiceTokenTTL = DefaultServiceTokenTTL
	}
	kek, err := deps.Config.keyEncryptionKey()
	if err != nil {
		return nil, err
	}
	s.keys = newKeyRing(s.store, kek, deps.Config, now)
	s.tenants = authn.NewStatusCache(s.lookupTenantStatus, deps.Config.TenantStatusTTL)
	s.roles = newRoleCache(s, deps.Config.RoleCacheTTL)
	s.apiKeys = newAPIKeyCache(deps.Config.APIKeyCacheTTL)
	s.throttle = newThrottle(deps.Config.Lockout, now)
	s.hasher = newHasher(deps.Config.Argon2)
	s.verifier = authn.NewVerifier(s.KeySource(), now)
	s.revoked = authn.NewRevokedSessions(deps.Config.AccessTTL, now)
	return s, nil
}

// Start loads the signing keys, creating the first one if there is none.
func (s *Service) Start(ctx context.Context) error { return s.keys.ensure(ctx) }

// Run rotates signing keys until ctx ends.
func (s *Service) Run(ctx context.Context) error {
	return lifecycle.Every(ctx, s.cfg.KeyCheckEvery, false, func(ctx context.Context) {
		if err := s.keys.ensure(ctx); err != nil {
			s.log.ErrorContext(ctx, "rotate signing keys", "err", err)
		}
	})
}

// Authn returns the configuration of the platform authn middleware backed
// by this service in process: keys, tenant status, roles, API keys and
// the sessions revoked within the last access-token lifetime.
func (s *Service) Authn() authn.Config {
	return authn.Config{Verifier: s.verifier, Tenants: s.tenants, Roles: s.roles, APIKeys: s, Revoked: s.revoked}
}

// SessionRevoked refuses from now on the access tokens of session sid,
// revoked at at: the listener of vextrus.auth.session.revoked.v1 calls it
// for revocations made by another auth replica (this one's own apply at
// commit).
func (s *Service) SessionRevoked(sid string, at time.Time) { s.revoked.Revoke(sid, at) }

// KeySource gives this process's verifier the public keys without HTTP.
func (s *Service) KeySource() authn.KeySource {
	return authn.NewCachedKeys(func(ctx context.Context) (authn.JWKS, error) { return s.keys.jwks(ctx) }, time.Minute)
}

type discardEvents struct{}

func (discardEvents) Append(context.Context, *db.Tx, ...events.Draft) error { return nil }
