package events

import "context"

// Kill stops c as a crash would: the transaction in flight rolls back and
// nothing more is committed to Kafka.
func (c *Consumer) Kill(ctx context.Context) error {
	c.abandon.Store(true)
	return c.Stop(ctx)
}

// NeverFlushed makes c see the database server's WAL as never flushed
// beyond what it has already handled when it starts.
func (c *Consumer) NeverFlushed() { c.settled.unflushed = "FFFFFFFF/FFFFFFFF" }
