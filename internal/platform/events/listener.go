package events

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/vextrus/vextrus/internal/platform/kafkax"
	"github.com/vextrus/vextrus/internal/platform/lifecycle"
)

// DefaultLookback is how far before its start a Listener reads unless told
// otherwise: it tolerates clock skew between the relay that stamps the
// records and the listening process.
const DefaultLookback = time.Minute

// ListenerConfig says what a Listener reads.
type ListenerConfig struct {
	// Name names the listener in logs and the process's lifecycle.
	Name   string
	Topics []string
	// Lookback is how far before the start records are read; zero is
	// DefaultLookback.
	Lookback time.Duration
}

// Listener is for what every process must see and may see twice, such as
// dropping its cached copies when another process announces a change. It
// reads the partitions of its topics directly: no consumer group (so no
// group is left behind in the brokers per process start), no committed
// offsets and no inbox. It starts at the records stamped since its start,
// less Lookback, in every partition, including partitions and topics that
// appear later, so nothing published after the start is skipped and
// history is not replayed; an event missed while Kafka is away is not
// read again. Handle must be idempotent and quick: it runs on the loop.
type Listener struct {
	*lifecycle.Basic
	cfg    ListenerConfig
	kafka  kafkax.Config
	handle func(context.Context, Event)
	log    *slog.Logger
	cl     *kgo.Client
}

// NewListener returns the listener that passes every event of cfg.Topics
// to handle, with the event's tenant, request id and trace in its context;
// records that are not events are skipped (the audit consumer
// dead-letters them). Start connects it.
func NewListener(cfg ListenerConfig, kafka kafkax.Config, handle func(context.Context, Event), log *slog.Logger) *Listener {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if cfg.Lookback <= 0 {
		cfg.Lookback = DefaultLookback
	}
	l := &Listener{cfg: cfg, kafka: kafka, handle: handle, log: log.With("component", cfg.Name)}
	l.Basic = lifecycle.New(cfg.Name, lifecycle.Funcs{Starting: l.starting, Running: l.running, Stopping: l.stopping})
	return l
}

func (l *Listener) starting(context.Context) error {
	if l.handle == nil || len(l.cfg.Topics) == 0 {
		return errors.New("events: a listener needs topics and a handler")
	}
	from := time.Now().Add(-l.cfg.Lookback).UnixMilli()
	cl, err := kafkax.NewClient(l.kafka,
		kgo.ConsumeTopics(l.cfg.Topics...),
		kgo.ConsumeResetOffset(kgo.NewOffset().AfterMilli(from)),
		kgo.MetadataMinAge(time.Second),
		kgo.MetadataMaxAge(10*time.Second),
		kgo.FetchMaxWait(time.Second),
	)
	if err != nil {
		return err
	}
	l.cl = cl
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
				// Until the topic's relay first creates it.
				l.log.DebugContext(ctx, "topic not there yet", "topic", topic)
				return
			}
			l.log.WarnContext(ctx, "read events", "topic", topic, "partition", partition, "err", err)
		})
		fetches.EachRecord(func(rec *kgo.Record) {
			if ev, err := Decode(rec); err == nil {
				l.handle(Context(ctx, ev), ev)
			}
		})
	}
}
