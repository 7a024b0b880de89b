package authclient

import (
	"context"
	"log/slog"
	"time"

	"github.com/vextrus/vextrus/internal/auth"
	"github.com/vextrus/vextrus/internal/platform/authn"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/kafkax"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// Lookback is how far before its start a Listener reads: it tolerates
// clock skew between auth's relay, which stamps the records, and this
// process. Reading an event twice is harmless.
const Lookback = time.Minute

// Listener drops what a process caches of auth's records the moment auth
// announces a change: a tenant's status when it is suspended or
// reactivated, and a user or tenant the gateway's entity cache holds when
// its roles, status or password change (auth.ChangesEntity). Every
// process must see every such event, so it is an events.Listener of
// auth's topic: no consumer group, no committed offsets and no inbox,
// since forgetting a cache entry is idempotent and an event missed while
// Kafka is away only costs the cache's TTL. It starts at the records
// stamped since its start (less Lookback), so nothing published after the
// start is skipped and history is not replayed.
//
// With Revoke, it also feeds the process's revoked-session set from
// vextrus.auth.session.revoked.v1, and starts Replay earlier: the
// revocations of the last access-token lifetime are read, up to what auth
// had published at the start, before Start returns, so a restarted
// process does not accept a token revoked while it was down.
type Listener struct {
	*events.Listener
	forget       func(tenant.ID)
	forgetEntity func(id string)
	revoke       func(sid string, at time.Time)
	log          *slog.Logger
}

// ListenerDeps is what a Listener needs.
type ListenerDeps struct {
	Kafka kafkax.Config
	// Forget drops the cached status of a tenant (Remote.ForgetTenant, or
	// auth's own cache in another auth replica).
	Forget func(tenant.ID)
	// ForgetEntity drops a cached entity by id (Gateway.ForgetEntity).
	ForgetEntity func(id string)
	// Revoke refuses the access tokens of a revoked session
	// (Remote.SessionRevoked, or auth's own in an auth replica).
	Revoke func(sid string, at time.Time)
	// Replay is how far before its start the listener reads when it has
	// Revoke: the access-token lifetime (auth.access_ttl).
	Replay time.Duration
	Logger *slog.Logger
}

// NewListener returns the listener of deps; Start connects it, and fails
// when deps has none of Forget, ForgetEntity and Revoke.
func NewListener(deps ListenerDeps) *Listener {
	log := deps.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	l := &Listener{forget: deps.Forget, forgetEntity: deps.ForgetEntity, revoke: deps.Revoke,
		log: log.With("component", "auth-events-listener")}
	cfg := events.ListenerConfig{Name: "auth events listener", Topics: []string{events.Topic(auth.Schema.Name)},
		Lookback: Lookback}
	if l.revoke != nil {
		cfg.Lookback, cfg.CatchUp = max(Lookback, deps.Replay+authn.Leeway+Lookback), true
	}
	handle := l.handle
	if l.forget == nil && l.forgetEntity == nil && l.revoke == nil {
		handle = nil // Start refuses a listener without a handler
	}
	l.Listener = events.NewListener(cfg, deps.Kafka, handle, log)
	return l
}

func (l *Listener) handle(_ context.Context, ev events.Event) {
	if l.forgetEntity != nil && auth.ChangesEntity(ev.Type) {
		l.forgetEntity(ev.Subject)
	}
	if l.revoke != nil && ev.Type == auth.EventSessionRevoked {
		l.revoke(ev.Subject, ev.Time)
	}
	if l.forget != nil && (ev.Type == auth.EventTenantSuspended || ev.Type == auth.EventTenantReactivated) {
		l.forget(ev.Tenant)
		l.log.Info("tenant status changed; cached status dropped", "tenant", ev.Tenant.String(), "event", ev.Type)
	}
}
