package events

import (
	"context"
	"sync"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/vextrus/vextrus/internal/platform/db"
)

// A consumer's transactions commit without waiting for their WAL to reach
// the disk (db.AsyncCommit): that flush was the longest wait of the
// consumer's transaction, on every event's path. A crash of the database
// server soon after may undo transactions the consumer saw commit, so the
// consumer commits a partition's offset past a record only once the
// server's WAL is flushed beyond the transaction that handled it; what a
// crash undid is delivered again and handled again.
//
// settled keeps, per partition, the last record handled and not yet
// marked for commit, in two generations: waiting is covered by lsn, the
// server's WAL insert position read after those records' transactions
// committed; handled came since. Each settle marks waiting once the flush
// position reaches lsn, and moves handled to waiting under a fresh lsn.
type settled struct {
	// running serialises settle, which the background loop, a revocation
	// and a stop may call at once.
	running sync.Mutex
	mu      sync.Mutex
	handled map[topicPartition]*kgo.Record
	waiting map[topicPartition]*kgo.Record
	lsn     *string
	// unflushed, set only by tests, replaces the insert position read,
	// as a server whose WAL never reaches it.
	unflushed string
}

type topicPartition struct {
	topic     string
	partition int32
}

// settleInterval is how often a running consumer checks the WAL's flush
// position; the offsets it marks are committed with the next autocommit.
const settleInterval = 200 * time.Millisecond

// walPositions reports whether the WAL is flushed up to $1 (true when $1
// is null) and where its insert position is now.
const walPositions = `select coalesce(pg_current_wal_flush_lsn() >= $1::pg_lsn, true), pg_current_wal_insert_lsn()::text`

// add notes recs, each the last record handled of its partition, as
// waiting for durability.
func (s *settled) add(recs []*kgo.Record) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.handled = merge(s.handled, recs)
}

func merge(into map[topicPartition]*kgo.Record, recs []*kgo.Record) map[topicPartition]*kgo.Record {
	for _, r := range recs {
		if into == nil {
			into = map[topicPartition]*kgo.Record{}
		}
		k := topicPartition{r.Topic, r.Partition}
		if cur, ok := into[k]; !ok || r.Offset > cur.Offset {
			into[k] = r
		}
	}
	return into
}

func values(m map[topicPartition]*kgo.Record) []*kgo.Record {
	recs := make([]*kgo.Record, 0, len(m))
	for _, r := range m {
		recs = append(recs, r)
	}
	return recs
}

// settle marks for commit the records whose transactions are durable, and
// reports whether records are still waiting.
func (c *Consumer) settle(ctx context.Context) (bool, error) {
	s := &c.settled
	s.running.Lock()
	defer s.running.Unlock()
	s.mu.Lock()
	lsn, waiting, handled := s.lsn, s.waiting, s.handled
	s.handled = nil
	s.mu.Unlock()
	if len(waiting) == 0 && len(handled) == 0 {
		return false, nil
	}
	var (
		flushed bool
		insert  string
	)
	err := c.deps.Pool.Read(ctx, func(ctx context.Context, tx *db.Tx) error {
		return tx.QueryRow(ctx, walPositions, lsn).Scan(&flushed, &insert)
	})
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.unflushed != "" {
		insert = s.unflushed
	}
	switch {
	case err != nil:
		s.handled = merge(handled, values(s.handled))
		return true, err
	case flushed:
		if len(waiting) > 0 && !c.abandon.Load() {
			c.cl.MarkCommitRecords(values(waiting)...)
		}
		// insert was read after handled's transactions committed.
		s.waiting, s.lsn = handled, &insert
		if len(handled) == 0 {
			s.lsn = nil
		}
	default:
		// lsn still covers waiting; handled waits for the next round.
		s.handled = merge(handled, values(s.handled))
	}
	return len(s.waiting) > 0 || len(s.handled) > 0, nil
}

// settleAll marks for commit everything handled so far, waiting for the
// server to flush its WAL (it does within a few hundred milliseconds), or
// gives up when ctx ends.
func (c *Consumer) settleAll(ctx context.Context) error {
	for {
		more, err := c.settle(ctx)
		if err != nil || !more {
			return err
		}
		if !sleep(ctx, 10*time.Millisecond) {
			return ctx.Err()
		}
	}
}

// settling marks durable records for commit every settleInterval until
// ctx ends.
func (c *Consumer) settling(ctx context.Context) {
	tick := time.NewTicker(settleInterval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			if _, err := c.settle(ctx); err != nil && ctx.Err() == nil {
				c.log.Warn("check the WAL's flush position", "err", err)
			}
		}
	}
}
