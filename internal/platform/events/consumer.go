package events

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/twmb/franz-go/pkg/kgo"
	"go.opentelemetry.io/otel/trace"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/kafkax"
	"github.com/vextrus/vextrus/internal/platform/lifecycle"
	"github.com/vextrus/vextrus/internal/platform/telemetry"
)

// Handler has the effect of one event, in tx: the transaction of the
// event's tenant that also records the event in the consumer's inbox, so
// the effect happens exactly once however often Kafka delivers the event.
// ctx carries the event's tenant, request id and trace context. An error
// rolls the transaction back and the event is retried, then dead-lettered.
type Handler func(ctx context.Context, tx *db.Tx, ev Event) error

// BatchHandler is a Handler for several events of one tenant at once, in
// topic order, for consumers that write faster in bulk. ctx carries the
// tenant; each Event carries its own request id and trace.
type BatchHandler func(ctx context.Context, tx *db.Tx, evs []Event) error

// PerEvent adapts h to a BatchHandler, restoring each event's request id
// and trace into its ctx.
func PerEvent(h Handler) BatchHandler {
	return func(ctx context.Context, tx *db.Tx, evs []Event) error {
		for _, ev := range evs {
			if err := h(Context(ctx, ev), tx, ev); err != nil {
				return fmt.Errorf("event %s: %w", ev.ID, err)
			}
		}
		return nil
	}
}

// Prepare is the part of an event's effect that must not run in the
// event's transaction: reads from other services. Inside, such a read
// holds the transaction's pooled connection for as long as the other
// service takes, and that service needs database connections of its own
// (in one process, from the pools the consumers and requests share), so
// when connections run short the waits feed each other. Prepare runs before
// the transaction opens, with the event's context, and returns the
// Handler that writes the effect in it (nil for none). It runs again on
// every retry, and also for an event the inbox then finds handled
// already, whose Handler is dropped.
type Prepare func(ctx context.Context, ev Event) (Handler, error)

// ConsumerConfig says what a consumer reads and how hard it tries.
type ConsumerConfig struct {
	// Group is the consumer group, and the consumer's name in its inbox.
	Group string
	// Topics are the topics consumed; with TopicRegex each is a regular
	// expression and matching topics are picked up as they appear.
	Topics     []string
	TopicRegex bool
	// InboxSchema is the schema whose inbox table (platform.create_inbox)
	// records what this consumer processed.
	InboxSchema string
	// MaxAttempts is how often an event is tried before it goes to the
	// dead-letter topic; BackoffBase and BackoffMax shape the jittered
	// exponential pause between attempts.
	MaxAttempts             int
	BackoffBase, BackoffMax time.Duration
	// BatchSize is the most events of one tenant handled in one transaction.
	BatchSize int
	// InboxRetention is how long inbox rows are kept: longer than any
	// redelivery can take.
	InboxRetention time.Duration
	// DiscoveryInterval is how soon a new matching topic is consumed.
	DiscoveryInterval time.Duration
	// Wants, when set, says which events the handler may have an effect
	// for (by type, say). The others are passed over as handled without
	// a transaction or an inbox row: an event without an effect has
	// nothing to make exactly-once, and a consumer of a busy topic that
	// needs few of its types then costs no transaction per event.
	Wants func(Event) bool
}

func (c ConsumerConfig) withDefaults() ConsumerConfig {
	if c.MaxAttempts <= 0 {
		c.MaxAttempts = 5
	}
	if c.BackoffBase <= 0 {
		c.BackoffBase = 100 * time.Millisecond
	}
	if c.BackoffMax <= 0 {
		c.BackoffMax = 5 * time.Second
	}
	if c.BatchSize <= 0 {
		c.BatchSize = 200
	}
	if c.InboxRetention <= 0 {
		c.InboxRetention = 7 * 24 * time.Hour
	}
	if c.DiscoveryInterval <= 0 {
		c.DiscoveryInterval = 10 * time.Second
	}
	return c
}

// ConsumerDeps is what a consumer needs.
type ConsumerDeps struct {
	Pool *db.Pool
	// Kafka is the cluster; the consumer opens its own client on it,
	// since a client belongs to at most one group. Its Tracer also
	// records the consumer's `<topic> process` spans.
	Kafka    kafkax.Config
	Registry prometheus.Registerer
	Logger   *slog.Logger
}

// Consumer is one consumer group's loop: poll, handle, commit. It is a
// lifecycle service; Stop commits the offsets of what was handled.
type Consumer struct {
	*lifecycle.Basic
	cfg     ConsumerConfig
	deps    ConsumerDeps
	handle  BatchHandler // nil when prepare gives each event's handler
	prepare Prepare      // nil when handle needs nothing before its transaction
	inbox   string
	prune   string
	cl      *kgo.Client
	m       *consumerMetrics
	log     *slog.Logger
	dlqMu   sync.Mutex
	dlqSeen map[string]bool
	settled settled
	// tracer opens the process spans; nil when tracing is off.
	tracer trace.Tracer
	// abandon makes the loop stop without committing, as a crash would.
	abandon atomic.Bool
	// leaving is set once stopping has committed what it could.
	leaving atomic.Bool
}

// NewPreparedConsumer returns a consumer of cfg.Topics whose events are
// each prepared by p before their transaction opens, then handled in it.
func NewPreparedConsumer(cfg ConsumerConfig, deps ConsumerDeps, p Prepare) (*Consumer, error) {
	return newConsumer(cfg, deps, nil, p)
}

// NewConsumer returns a consumer of cfg.Topics calling h.
func NewConsumer(cfg ConsumerConfig, deps ConsumerDeps, h BatchHandler) (*Consumer, error) {
	return newConsumer(cfg, deps, h, nil)
}

// newConsumer returns a consumer calling h, or the handlers p prepares.
func newConsumer(cfg ConsumerConfig, deps ConsumerDeps, h BatchHandler, p Prepare) (*Consumer, error) {
	if cfg.Group == "" || len(cfg.Topics) == 0 || h == nil && p == nil {
		return nil, errors.New("events: consumer needs a group, topics and a handler")
	}
	if err := checkService(cfg.InboxSchema); err != nil {
		return nil, err
	}
	log := deps.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := pgx.Identifier{cfg.InboxSchema}.Sanitize()
	c := &Consumer{
		cfg: cfg.withDefaults(), deps: deps, handle: h, prepare: p,
		inbox: `insert into ` + s + `.inbox (tenant_id, consumer, event_id)
			select $1, $2, unnest($3::uuid[]) on conflict do nothing returning event_id`,
		prune:   "select " + s + ".inbox_prune($1)",
		m:       newConsumerMetrics(deps.Registry),
		log:     log.With("component", "consumer", "group", cfg.Group),
		dlqSeen: map[string]bool{},
	}
	if tp := telemetry.Provider(deps.Kafka.Tracer); telemetry.Recording(tp) {
		c.tracer = tp.Tracer(instrumentation)
	}
	c.Basic = lifecycle.New("consumer "+cfg.Group, lifecycle.Funcs{
		Starting: c.starting, Running: c.running, Stopping: c.stopping,
	})
	return c, nil
}

func (c *Consumer) starting(context.Context) error {
	opts := []kgo.Opt{
		kgo.ConsumerGroup(c.cfg.Group),
		kgo.ConsumeTopics(c.cfg.Topics...),
		// Offsets of handled records are marked once their transactions
		// are durable (settled) and committed in the background every
		// second, on revocation and on a clean stop: a synchronous commit
		// per poll would put a broker round trip (a synced write) into
		// every event's latency, and what a crash leaves uncommitted is
		// redelivered and dropped by the inbox.
		kgo.AutoCommitMarks(),
		kgo.AutoCommitInterval(time.Second),
		kgo.OnPartitionsRevoked(c.revoked),
		// Holding rebalances while a poll is handled keeps partitions from
		// moving to another member in between.
		kgo.BlockRebalanceOnPoll(),
		// A group that never committed on a topic starts at its
		// beginning, so topics discovered late lose nothing.
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()),
		kgo.MetadataMinAge(min(c.cfg.DiscoveryInterval, 5*time.Second)),
		kgo.MetadataMaxAge(c.cfg.DiscoveryInterval),
		kgo.FetchMaxWait(time.Second),
	}
	if c.cfg.TopicRegex {
		opts = append(opts, kgo.ConsumeRegex())
	}
	cl, err := kafkax.NewClient(c.deps.Kafka, opts...)
	if err != nil {
		return err
	}
	c.cl = cl
	return nil
}

func (c *Consumer) stopping(ctx context.Context) error {
	defer c.cl.Close()
	if c.abandon.Load() {
		return nil
	}
	// Commit what was handled, then leave the group so its partitions
	// move on at once instead of after a session timeout.
	c.commit(ctx)
	c.leaving.Store(true)
	c.cl.LeaveGroupContext(ctx)
	return nil
}

// revoked commits what was handled before partitions move to another
// member, so it does not handle them again.
func (c *Consumer) revoked(ctx context.Context, _ *kgo.Client, _ map[string][]int32) {
	if c.abandon.Load() || c.leaving.Load() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	c.commit(ctx)
}

// commit marks what was handled once it is durable and commits the
// marked offsets.
func (c *Consumer) commit(ctx context.Context) {
	if err := c.settleAll(ctx); err != nil {
		c.log.Warn("wait for the WAL's flush", "err", err)
	}
	if err := c.cl.CommitMarkedOffsets(ctx); err != nil {
		c.log.Warn("commit offsets", "err", err)
	}
}

func (c *Consumer) running(ctx context.Context) error {
	prune := time.NewTicker(time.Hour)
	defer prune.Stop()
	settleCtx, stopSettling := context.WithCancel(ctx)
	var settling sync.WaitGroup
	settling.Go(func() { c.settling(settleCtx) })
	defer settling.Wait()
	defer stopSettling()
	for {
		select {
		case <-prune.C:
			c.pruneInbox(ctx)
		default:
		}
		fetches := c.cl.PollRecords(ctx, 10000)
		if ctx.Err() != nil || fetches.IsClientClosed() {
			c.cl.AllowRebalance()
			return nil
		}
		fetches.EachError(func(topic string, p int32, err error) {
			if !errors.Is(err, context.Canceled) {
				c.log.Warn("fetch", "topic", topic, "partition", p, "err", err)
			}
		})
		done := c.handleFetches(ctx, fetches)
		if !c.abandon.Load() && len(done) > 0 {
			c.settled.add(done)
		}
		c.cl.AllowRebalance()
	}
}

func (c *Consumer) pruneInbox(ctx context.Context) {
	err := c.deps.Pool.InTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		_, err := tx.Exec(ctx, c.prune, time.Now().Add(-c.cfg.InboxRetention))
		return err
	})
	if err != nil {
		c.log.Warn("prune inbox", "err", err)
	}
}
