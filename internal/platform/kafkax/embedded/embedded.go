// Package embedded runs a Kafka-protocol broker inside the process: franz-go's
// kfake on 127.0.0.1, in memory or persisted to a data directory.
// `vextrus dev` and the tests use it so that events flow through a real
// broker protocol, with transactions and consumer groups, without a Kafka
// installation.
//
// A persisted broker writes each batch to its files before it acknowledges
// it, so a killed or crashed process loses nothing acknowledged. Unless
// Options.SyncWrites is set it does not wait for the disk: like a Kafka
// broker with its default settings, it leaves that to the operating
// system's writeback, and it flushes its files on Stop. An operating system
// crash or power loss may lose what was acknowledged in the last half
// minute or so (Linux writes dirty pages back after 30 s by default).
// Production clusters replicate instead (docs/architecture.md).
package embedded

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"

	"github.com/twmb/franz-go/pkg/kfake"

	"github.com/vextrus/vextrus/internal/platform/kafkax"
)

// Options configures Start.
type Options struct {
	// DataDir persists topics, records, offsets and transaction state;
	// "" keeps everything in memory and loses it on Stop.
	DataDir string
	// Port to listen on at 127.0.0.1; 0 picks a free one.
	Port int
	// SyncWrites makes the broker fsync each batch before it acknowledges
	// it, so an acknowledged record survives an operating system crash
	// too. The two fsyncs a batch costs were the longest wait of an
	// event's trip through the outbox (docs/scaling.md, events).
	SyncWrites bool
	// Logger receives the broker's warnings and errors (its per-request
	// chatter at debug); nil discards them.
	Logger *slog.Logger
}

// Broker is a running single-node cluster. It is safe for concurrent use.
type Broker struct {
	cluster *kfake.Cluster
	addrs   []string
	log     *kfakeLogger
	lock    *os.File
	// flushDir is the data directory Stop flushes; "" in memory or with
	// SyncWrites.
	flushDir string

	stopOnce sync.Once
	stopErr  error
}

// Start runs a broker and returns once it answers requests. With a DataDir
// it reloads whatever an earlier broker stored there, and refuses a
// directory another running broker holds. Topics must be created
// explicitly, with kafkax.EnsureTopics; producing to a missing topic fails
// with UNKNOWN_TOPIC_OR_PARTITION as it does against a production cluster.
func Start(ctx context.Context, o Options) (*Broker, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	logger := o.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	b := &Broker{log: &kfakeLogger{log: logger}}
	opts := []kfake.Opt{
		kfake.Ports(o.Port), // one port, so one broker
		kfake.ClusterID("vextrus"),
		// No auto topic creation: kfake writes a topic created by a
		// metadata request to disk only at Stop, so after a crash its
		// records would be orphaned. Topics come from CreateTopics
		// requests (kafkax.EnsureTopics), which kfake persists at once;
		// production clusters usually disable auto creation too.
		kfake.DefaultNumPartitions(kafkax.DefaultPartitions),
		kfake.WithLogger(b.log),
	}
	if o.DataDir != "" {
		if err := os.MkdirAll(o.DataDir, 0o750); err != nil {
			return nil, fmt.Errorf("create kafka data dir: %w", err)
		}
		lock, err := lockDir(o.DataDir)
		if err != nil {
			return nil, err
		}
		b.lock = lock
		opts = append(opts, kfake.DataDir(o.DataDir))
		if o.SyncWrites {
			opts = append(opts, kfake.SyncWrites())
		} else {
			b.flushDir = o.DataDir
		}
	}
	c, err := kfake.NewCluster(opts...)
	if err != nil {
		return nil, errors.Join(fmt.Errorf("start kafka broker: %w", err), unlockDir(b.lock))
	}
	b.cluster = c
	b.addrs = c.ListenAddrs()
	if err := b.ready(ctx); err != nil {
		return nil, errors.Join(err, b.Stop())
	}
	return b, nil
}

// ready asks the broker for metadata once, so callers get a broker that
// serves rather than one that merely listens.
func (b *Broker) ready(ctx context.Context) error {
	cl, err := kafkax.NewClient(b.Config())
	if err != nil {
		return err
	}
	defer cl.Close()
	if err := kafkax.Check(ctx, cl); err != nil {
		return fmt.Errorf("kafka broker not ready: %w", err)
	}
	return nil
}

// Addrs returns the host:port the broker listens on.
func (b *Broker) Addrs() []string { return append([]string(nil), b.addrs...) }

// Config returns a client configuration for this broker: its address, one
// replica per partition (there is one broker) and EnsureTopics allowed to
// create topics.
func (b *Broker) Config() kafkax.Config {
	return kafkax.Config{
		Brokers:           b.Addrs(),
		ClientID:          kafkax.DefaultClientID,
		Partitions:        kafkax.DefaultPartitions,
		ReplicationFactor: 1,
		CreateTopics:      true,
	}
}

// Stop closes the listener, writes the broker's state to the data
// directory, closes its files and releases the directory and the port.
// Clients still connected see their connections close. It is safe to call
// more than once; later calls return the first result.
func (b *Broker) Stop() error {
	b.stopOnce.Do(func() {
		b.log.startClose()
		b.cluster.Close()
		var flushErr error
		if b.flushDir != "" {
			// kfake wrote its state and closed its files without syncing.
			flushErr = flush(b.flushDir)
		}
		b.stopErr = errors.Join(b.log.closeErrors(), flushErr, unlockDir(b.lock))
	})
	return b.stopErr
}
