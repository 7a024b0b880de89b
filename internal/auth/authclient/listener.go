package authclient

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/vextrus/vextrus/internal/auth"
	"github.com/vextrus/vextrus/internal/platform/authn"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/kafkax"
	"github.com/vextrus/vextrus/internal/platform/lifecycle"
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
// process must see every such event, so it reads the partitions of auth's topic directly: no consumer
// group, no committed offsets and no inbox, since forgetting a cache entry
// is idempotent and an event missed while Kafka is away only costs the
// cache's TTL. It starts at the records stamped since its start (less
// Lookback) in every partition, including partitions and a topic that
// appear later, so nothing published after the start is skipped and
// history is not replayed.
//
// With Revoke, it also feeds the process's revoked-session set from
// vextrus.auth.session.revoked.v1, and starts Replay earlier: the
// revocations of the last access-token lifetime are read, up to what auth
// had published at the start, before Start returns, so a restarted
// process does not accept a token revoked while it was down.
type Listener struct {
	*lifecycle.Basic
	kafka        kafkax.Config
	forget       func(tenant.ID)
	forgetEntity func(id string)
	revoke       func(sid string, at time.Time)
	replay       time.Duration
	log          *slog.Logger
	cl           *kgo.Client
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

// NewListener returns the listener of deps; Start connects it.
func NewListener(deps ListenerDeps) *Listener {
	log := deps.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	l := &Listener{kafka: deps.Kafka, forget: deps.Forget, forgetEntity: deps.ForgetEntity, revoke: deps.Revoke,
		replay: deps.Replay, log: log.With("component", "auth-events-listener")}
	l.Basic = lifecycle.New("auth events listener", lifecycle.Funcs{Starting: l.starting, Running: l.running,
		Stopping: l.stopping})
	return l
}

func (l *Listener) starting(ctx context.Context) error {
	if l.forget == nil && l.forgetEntity == nil && l.revoke == nil {
		return errors.New("authclient: the listener needs Forget, ForgetEntity or Revoke")
	}
	back := Lookback
	if l.revoke != nil {
		back = max(back, l.replay+authn.Leeway+Lookback)
	}
	from := time.Now().Add(-back).UnixMilli()
	cl, err := kafkax.NewClient(l.kafka,
		kgo.ConsumeTopics(events.Topic(auth.Schema.Name)),
		kgo.ConsumeResetOffset(kgo.NewOffset().AfterMilli(from)),
		kgo.MetadataMinAge(time.Second),
		kgo.MetadataMaxAge(10*time.Second),
		kgo.FetchMaxWait(time.Second),
	)
	if err != nil {
		return err
	}
	l.cl = cl
	if l.revoke != nil {
		l.catchUp(ctx, from)
	}
	return nil
}

func (l *Listener) stopping(context.Context) error {
	l.cl.Close()
	return nil
}

func (l *Listener) running(ctx context.Context) error {
	for {
		fetches := l.cl.PollFetches(ctx)
		if ctx.Err() != nil || fetches.IsClientClosed() {
			return nil
		}
		fetches.EachError(func(topic string, partition int32, err error) {
			if errors.Is(err, kerr.UnknownTopicOrPartition) {
				// Until auth's relay first creates the topic.
				l.log.DebugContext(ctx, "auth events topic not there yet", "topic", topic)
				return
			}
			l.log.WarnContext(ctx, "read auth events", "topic", topic, "partition", partition, "err", err)
		})
		fetches.EachRecord(l.handle)
	}
}

func (l *Listener) handle(rec *kgo.Record) {
	ev, err := events.Decode(rec)
	if err != nil {
		return // not ours to judge: the audit consumer dead-letters it
	}
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

// catchUpLimit bounds how long a start waits for the replay: a Kafka that
// does not answer delays the start, never stops it.
const catchUpLimit = 30 * time.Second

// catchUp handles the records published since from, up to the end of
// each partition when it starts, before the process serves a request.
func (l *Listener) catchUp(ctx context.Context, from int64) {
	ctx, cancel := context.WithTimeout(ctx, catchUpLimit)
	defer cancel()
	topic := events.Topic(auth.Schema.Name)
	adm := kadm.NewClient(l.cl)
	ends, err := adm.ListEndOffsets(ctx, topic)
	if err == nil {
		var starts kadm.ListedOffsets
		if starts, err = adm.ListOffsetsAfterMilli(ctx, from, topic); err == nil {
			l.readUntil(ctx, pending(starts, ends))
		}
	}
	if err != nil || ctx.Err() != nil {
		l.log.WarnContext(ctx, "auth events not replayed before the start: sessions revoked while this process was down are refused once their events arrive",
			"err", errors.Join(err, ctx.Err()))
	}
}

// pending maps each partition with records between starts and ends to
// the offset reading must reach.
func pending(starts, ends kadm.ListedOffsets) map[int32]int64 {
	want := map[int32]int64{}
	ends.Each(func(o kadm.ListedOffset) {
		if s, ok := starts.Lookup(o.Topic, o.Partition); o.Err == nil && ok && s.Err == nil && s.Offset < o.Offset {
			want[o.Partition] = o.Offset
		}
	})
	return want
}

func (l *Listener) readUntil(ctx context.Context, want map[int32]int64) {
	for len(want) > 0 && ctx.Err() == nil {
		fetches := l.cl.PollFetches(ctx)
		fetches.EachRecord(func(rec *kgo.Record) {
			l.handle(rec)
			if end, ok := want[rec.Partition]; ok && rec.Offset+1 >= end {
				delete(want, rec.Partition)
			}
		})
	}
}
