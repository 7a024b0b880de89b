package events

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/vextrus/vextrus/internal/platform/config"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/kafkax"
	"github.com/vextrus/vextrus/internal/platform/lifecycle"
	"github.com/vextrus/vextrus/internal/platform/telemetry"
)

// RelayConfig tunes a relay; zero fields take the defaults of
// DefaultRelayConfig.
type RelayConfig struct {
	// BatchSize is the most rows one round claims and publishes.
	BatchSize int `yaml:"batch_size" doc:"most outbox rows the relay publishes per round"`
	// PollInterval is the safety poll for a missed notification, and how
	// often the backlog metrics refresh.
	PollInterval time.Duration `yaml:"poll_interval" doc:"safety poll of the outbox when no notification arrives"`
	// PublishTimeout bounds one round's produce; the rows stay unsent
	// and are retried when it passes.
	PublishTimeout time.Duration `yaml:"publish_timeout" doc:"how long one publish round may wait for the brokers"`
	// Retention is how long sent rows are kept before pruning.
	Retention time.Duration `yaml:"retention" doc:"how long published outbox rows are kept"`
	// PruneInterval is how often sent rows past Retention are deleted.
	PruneInterval time.Duration `yaml:"prune_interval" doc:"how often published outbox rows are pruned"`
	// Linger is the least time from one round's start to the next while
	// events keep coming, so that a round carries what arrived in that
	// time instead of one or two events. A relay that was idle for longer,
	// or whose last round found nothing, starts at once. Zero starts a
	// round for every wake-up.
	Linger time.Duration `yaml:"linger" doc:"least time between the starts of two relay rounds while events keep coming; 0 turns it off"`
}

// DefaultRelayConfig returns the relay defaults.
func DefaultRelayConfig() RelayConfig {
	return RelayConfig{BatchSize: 500, PollInterval: 5 * time.Second, PublishTimeout: 10 * time.Second,
		Retention: 24 * time.Hour, PruneInterval: time.Minute, Linger: 4 * time.Millisecond}
}

// Validate reports every problem with c.
func (c *RelayConfig) Validate(ch *config.Checker) {
	ch.Check(c.BatchSize >= 0, "batch_size", "must not be negative")
	ch.Check(c.PollInterval >= 0 && c.PublishTimeout >= 0 && c.Retention >= 0 && c.PruneInterval >= 0,
		"poll_interval", "durations must not be negative")
	ch.Check(c.Linger >= 0 && c.Linger <= time.Second, "linger", "must be between 0 and 1s")
}

func (c RelayConfig) withDefaults() RelayConfig {
	d := DefaultRelayConfig()
	if c.BatchSize <= 0 {
		c.BatchSize = d.BatchSize
	}
	if c.PollInterval <= 0 {
		c.PollInterval = d.PollInterval
	}
	if c.PublishTimeout <= 0 {
		c.PublishTimeout = d.PublishTimeout
	}
	if c.Retention <= 0 {
		c.Retention = d.Retention
	}
	if c.PruneInterval <= 0 {
		c.PruneInterval = d.PruneInterval
	}
	return c
}

// RelayDeps is what a relay needs.
type RelayDeps struct {
	Outbox *Outbox
	Pool   *db.Pool
	// ListenDSN, when set, is where the relay keeps one connection of its
	// own to LISTEN; empty opens it with Pool's settings and its current
	// password, which may rotate (db.Pool.Connect).
	ListenDSN string
	// Kafka publishes; its producer must be idempotent with acks=all, as
	// kafkax.NewClient builds it.
	Kafka *kgo.Client
	// Topics is the cluster configuration EnsureTopics creates the
	// service's topics with. When its Tracer records, each record is
	// produced under the trace context of its outbox row, so the Kafka
	// client's `<topic> publish` span continues that trace; Kafka must
	// then be built with the same configuration (kafkax.NewClient).
	Topics   kafkax.Config
	Registry prometheus.Registerer
	Logger   *slog.Logger
}

// Relay publishes one service's outbox to its topic. It is a lifecycle
// service; several replicas may run against one database.
type Relay struct {
	*lifecycle.Basic
	cfg     RelayConfig
	deps    RelayDeps
	claim   string
	mark    string
	prune   string
	backlog string
	m       *relayMetrics
	log     *slog.Logger
	// traced gives each record the trace context of its outbox row, for
	// the Kafka client's publish span; off with tracing.
	traced bool
}

// NewRelay returns the relay of deps.Outbox. Start creates the topics
// `vextrus.<service>.events` and its `.dlq` (kafkax.EnsureTopics).
func NewRelay(cfg RelayConfig, deps RelayDeps) *Relay {
	s := pgx.Identifier{deps.Outbox.service}.Sanitize()
	log := deps.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	r := &Relay{
		cfg:     cfg.withDefaults(),
		deps:    deps,
		claim:   "select id, event_id, tenant_id, type, source, subject, actor, request_id, traceparent, data::text, occurred_at from " + s + ".outbox_claim($1)",
		mark:    "select " + s + ".outbox_mark_sent($1)",
		prune:   "select " + s + ".outbox_prune($1, $2)",
		backlog: "select unsent, oldest from " + s + ".outbox_backlog()",
		m:       newRelayMetrics(deps.Registry),
		log:     log.With("component", "relay", "service", deps.Outbox.service),
		traced:  telemetry.Recording(deps.Topics.Tracer),
	}
	// The service's counters start at zero, so a dashboard's rate() has a
	// series before the first failure or prune.
	r.m.failures.WithLabelValues(deps.Outbox.service)
	r.m.published.WithLabelValues(deps.Outbox.service)
	r.m.pruned.WithLabelValues(deps.Outbox.service)
	r.Basic = lifecycle.New("relay "+deps.Outbox.service, lifecycle.Funcs{
		Starting: r.starting,
		Running:  r.running,
		Stopping: r.stopping,
	})
	return r
}

func (r *Relay) starting(ctx context.Context) error {
	topic := r.deps.Outbox.Topic()
	if err := kafkax.EnsureTopics(ctx, r.deps.Kafka, r.deps.Topics, topic, DLQTopic(topic)); err != nil {
		return fmt.Errorf("ensure topics: %w", err)
	}
	r.deps.Outbox.relays.Add(1)
	return nil
}

func (r *Relay) stopping(ctx context.Context) error {
	r.deps.Outbox.relays.Add(-1)
	// Publish what committed while stopping, so a clean shutdown leaves no
	// backlog behind when the brokers are up.
	for ctx.Err() == nil {
		n, err := r.round(ctx)
		if err != nil || n < r.cfg.BatchSize {
			return nil
		}
	}
	return nil
}

func (r *Relay) running(ctx context.Context) error {
	notified := make(chan struct{}, 1)
	go r.listen(ctx, notified)
	go r.housekeep(ctx)
	poll := time.NewTicker(r.cfg.PollInterval)
	defer poll.Stop()
	failures := 0
	for {
		started := time.Now()
		n, err := r.round(ctx)
		switch {
		case ctx.Err() != nil:
			return nil
		case err != nil:
			failures++
			r.m.failures.WithLabelValues(r.deps.Outbox.service).Inc()
			if failures == 1 || failures%20 == 0 {
				r.log.Warn("publish outbox", "err", err, "failures", failures)
			}
			if !sleep(ctx, backoff(failures, 100*time.Millisecond, 5*time.Second)) {
				return nil
			}
			continue
		}
		failures = 0
		if n == r.cfg.BatchSize {
			continue // more is waiting
		}
		select {
		case <-ctx.Done():
			return nil
		case <-r.deps.Outbox.wake:
		case <-notified:
		case <-poll.C:
		}
		// Each round costs a claim, a produce request, a mark and a
		// commit, and each produce request a fetch and a transaction of
		// every consumer: without the linger a steady stream makes many
		// rounds of one or two events each (docs/scaling.md, events).
		// A round that found nothing does not count: a stray wake-up
		// must not hold back the next event.
		if d := r.cfg.Linger - time.Since(started); n > 0 && d > 0 && !sleep(ctx, d) {
			return nil
		}
	}
}

// housekeep refreshes the backlog metrics and prunes sent rows, apart from
// the publishing loop so both go on while the brokers are away.
func (r *Relay) housekeep(ctx context.Context) {
	stats := time.NewTicker(r.cfg.PollInterval)
	defer stats.Stop()
	prune := time.NewTicker(r.cfg.PruneInterval)
	defer prune.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-stats.C:
			r.refreshBacklog(ctx)
		case <-prune.C:
			r.pruneSent(ctx)
		}
	}
}
