package events

import (
	"context"
	"strconv"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/vextrus/vextrus/internal/platform/kafkax"
)

// Headers a dead-lettered record carries besides its original ones.
const (
	HeaderDLQReason    = "x-vextrus-dlq-reason"
	HeaderDLQGroup     = "x-vextrus-dlq-group"
	HeaderDLQTopic     = "x-vextrus-dlq-topic"
	HeaderDLQPartition = "x-vextrus-dlq-partition"
	HeaderDLQOffset    = "x-vextrus-dlq-offset"
	HeaderDLQAttempts  = "x-vextrus-dlq-attempts"
)

// maxReason keeps a runaway error message from bloating the record.
const maxReason = 1000

// deadLetter copies rec to the dead-letter topic of its topic with why it
// failed, retrying until the brokers take it, so the consumer can move on
// without losing it. It reports false when ctx ended first.
func (c *Consumer) deadLetter(ctx context.Context, rec *kgo.Record, reason string, attempts int) bool {
	if len(reason) > maxReason {
		reason = reason[:maxReason]
	}
	topic := DLQTopic(rec.Topic)
	out := &kgo.Record{Topic: topic, Key: rec.Key, Value: rec.Value,
		Headers: append(append([]kgo.RecordHeader(nil), rec.Headers...),
			kgo.RecordHeader{Key: HeaderDLQReason, Value: []byte(reason)},
			kgo.RecordHeader{Key: HeaderDLQGroup, Value: []byte(c.cfg.Group)},
			kgo.RecordHeader{Key: HeaderDLQTopic, Value: []byte(rec.Topic)},
			kgo.RecordHeader{Key: HeaderDLQPartition, Value: []byte(strconv.Itoa(int(rec.Partition)))},
			kgo.RecordHeader{Key: HeaderDLQOffset, Value: []byte(strconv.FormatInt(rec.Offset, 10))},
			kgo.RecordHeader{Key: HeaderDLQAttempts, Value: []byte(strconv.Itoa(attempts))},
		)}
	for attempt := 1; ; attempt++ {
		err := c.ensureDLQ(ctx, topic)
		if err == nil {
			err = c.cl.ProduceSync(ctx, out).FirstErr()
		}
		if err == nil {
			c.m.outcomes.WithLabelValues(c.cfg.Group, "dead_lettered").Inc()
			c.log.Warn("record dead-lettered", "topic", rec.Topic, "partition", rec.Partition,
				"offset", rec.Offset, "reason", reason)
			return true
		}
		if ctx.Err() != nil {
			return false
		}
		c.log.Warn("dead-letter record", "topic", topic, "err", err)
		if !sleep(ctx, backoff(attempt, c.cfg.BackoffBase, c.cfg.BackoffMax)) {
			return false
		}
	}
}

// ensureDLQ creates a dead-letter topic the publishing relay has not
// (a foreign producer's topic), once per topic.
func (c *Consumer) ensureDLQ(ctx context.Context, topic string) error {
	c.dlqMu.Lock()
	defer c.dlqMu.Unlock()
	if c.dlqSeen[topic] {
		return nil
	}
	if err := kafkax.EnsureTopics(ctx, c.cl, c.deps.Kafka, topic); err != nil {
		return err
	}
	c.dlqSeen[topic] = true
	return nil
}
