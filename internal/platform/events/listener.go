package events

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
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
	// CatchUp makes Start read the records since the start less Lookback,
	// up to what the topics held when it started, before it returns, for
	// a process that must not serve before it has seen them (revoked
	// sessions). A Kafka that does not answer delays the start by at most
	// catchUpLimit, never stops it.
	CatchUp bool
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

func (l *Listener) starting(ctx context.Context) error {
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
	if l.cfg.CatchUp {
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
				// Until the topic's relay first creates it.
				l.log.DebugContext(ctx, "topic not there yet", "topic", topic)
				return
			}
			l.log.WarnContext(ctx, "read events", "topic", topic, "partition", partition, "err", err)
		})
		fetches.EachRecord(func(rec *kgo.Record) { l.record(ctx, rec) })
	}
}

func (l *Listener) record(ctx context.Context, rec *kgo.Record) {
	if ev, err := Decode(rec); err == nil {
		l.handle(Context(ctx, ev), ev)
	}
}

// catchUpLimit bounds how long a start waits for the catch-up.
const catchUpLimit = 30 * time.Second

// catchUp handles the records published since from, up to the end of
// each partition when it starts.
func (l *Listener) catchUp(ctx context.Context, from int64) {
	ctx, cancel := context.WithTimeout(ctx, catchUpLimit)
	defer cancel()
	adm := kadm.NewClient(l.cl)
	ends, err := adm.ListEndOffsets(ctx, l.cfg.Topics...)
	if err == nil {
		var starts kadm.ListedOffsets
		if starts, err = adm.ListOffsetsAfterMilli(ctx, from, l.cfg.Topics...); err == nil {
			l.readUntil(ctx, pending(starts, ends))
		}
	}
	if err != nil || ctx.Err() != nil {
		l.log.WarnContext(ctx, "events not read before the start; they are handled as they arrive",
			"err", errors.Join(err, ctx.Err()))
	}
}

// pending maps each partition with records between starts and ends to
// the offset reading must reach.
func pending(starts, ends kadm.ListedOffsets) map[topicPartition]int64 {
	want := map[topicPartition]int64{}
	ends.Each(func(o kadm.ListedOffset) {
		if s, ok := starts.Lookup(o.Topic, o.Partition); o.Err == nil && ok && s.Err == nil && s.Offset < o.Offset {
			want[topicPartition{topic: o.Topic, partition: o.Partition}] = o.Offset
		}
	})
	return want
}

func (l *Listener) readUntil(ctx context.Context, want map[topicPartition]int64) {
	for len(want) > 0 && ctx.Err() == nil {
		fetches := l.cl.PollFetches(ctx)
		fetches.EachRecord(func(rec *kgo.Record) {
			l.record(ctx, rec)
			tp := topicPartition{topic: rec.Topic, partition: rec.Partition}
			if end, ok := want[tp]; ok && rec.Offset+1 >= end {
				delete(want, tp)
			}
		})
	}
}
