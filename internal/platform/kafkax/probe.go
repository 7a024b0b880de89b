package kafkax

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/sasl"

	"github.com/vextrus/vextrus/internal/platform/errs"
)

// checkTimeout bounds Check when the caller's context has a longer deadline
// or none: a readiness probe must answer before the kubelet gives up.
const checkTimeout = 5 * time.Second

// Check reports whether a broker answers a metadata request. It backs
// /readyz, so it asks the network every time rather than the client's
// metadata cache. Returns UNAVAILABLE otherwise.
func Check(ctx context.Context, cl *kgo.Client) error {
	ctx, cancel := context.WithTimeout(ctx, checkTimeout)
	defer cancel()
	if err := cl.Ping(ctx); err != nil {
		return errs.Wrap(errs.Unavailable, err, "kafka unavailable")
	}
	return nil
}

// RoundTrip proves the cluster stores and serves records: it creates topic
// if needed (one partition, broker default replication), produces a unique
// record with cl and reads it back at its offset. cl must not be
// transactional. The context bounds the whole trip.
func RoundTrip(ctx context.Context, cl *kgo.Client, topic string) error {
	_, err := kadm.NewClient(cl).CreateTopic(ctx, 1, -1, nil, topic)
	if err != nil && !errors.Is(err, kerr.TopicAlreadyExists) {
		return fmt.Errorf("create probe topic %s: %w", topic, err)
	}
	want := make([]byte, 16)
	_, _ = rand.Read(want) // never fails, see crypto/rand.Read
	rec, err := cl.ProduceSync(ctx, &kgo.Record{Topic: topic, Value: want}).First()
	if err != nil {
		return fmt.Errorf("produce probe record: %w", err)
	}
	got, err := readAt(ctx, cl, topic, rec.Partition, rec.Offset)
	if err != nil {
		return fmt.Errorf("consume probe record: %w", err)
	}
	if !bytes.Equal(got, want) {
		return fmt.Errorf("probe record at %s/%d@%d came back altered", topic, rec.Partition, rec.Offset)
	}
	return nil
}

// readAt returns the value of the record at offset. It uses a short-lived
// client on cl's connection settings, because consuming with cl itself
// would change what cl's owner consumes.
func readAt(ctx context.Context, cl *kgo.Client, topic string, partition int32, offset int64) ([]byte, error) {
	opts := append(connOpts(cl), kgo.ConsumePartitions(map[string]map[int32]kgo.Offset{
		topic: {partition: kgo.NewOffset().At(offset)},
	}))
	rd, err := kgo.NewClient(opts...)
	if err != nil {
		return nil, fmt.Errorf("new reader: %w", err)
	}
	defer rd.Close()
	var lastErr error
	for {
		fs := rd.PollFetches(ctx)
		if ctx.Err() != nil {
			return nil, errors.Join(ctx.Err(), lastErr)
		}
		// Fetch errors here are mostly transient (leader moves, the
		// topic still propagating); keep polling until the deadline and
		// report the last one if it passes.
		fs.EachError(func(_ string, _ int32, err error) { lastErr = err })
		for _, r := range fs.Records() {
			if r.Offset == offset {
				return r.Value, nil
			}
		}
	}
}

// connOpts copies how cl reaches and authenticates to the cluster, and
// nothing about what it produces or consumes.
func connOpts(cl *kgo.Client) []kgo.Opt {
	var opts []kgo.Opt
	if seeds, ok := cl.OptValue(kgo.SeedBrokers).([]string); ok {
		opts = append(opts, kgo.SeedBrokers(seeds...))
	}
	if id, ok := cl.OptValue(kgo.ClientID).(string); ok && id != "" {
		opts = append(opts, kgo.ClientID(id))
	}
	if tc, ok := cl.OptValue(kgo.DialTLSConfig).(*tls.Config); ok && tc != nil {
		opts = append(opts, kgo.DialTLSConfig(tc))
	}
	if mechs, ok := cl.OptValue(kgo.SASL).([]sasl.Mechanism); ok && len(mechs) > 0 {
		opts = append(opts, kgo.SASL(mechs...))
	}
	if dial, ok := cl.OptValue(kgo.Dialer).(func(context.Context, string, string) (net.Conn, error)); ok && dial != nil {
		opts = append(opts, kgo.Dialer(dial))
	}
	return opts
}
