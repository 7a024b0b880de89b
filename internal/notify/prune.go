package notify

import (
	"context"
	"fmt"
	"time"

	"github.com/vextrus/vextrus/internal/platform/db"
)

// pruneEvery is how often the runner prunes the history past Retention.
const pruneEvery = time.Hour

// pruneBatch is the most rows of each table one prune statement deletes,
// so that a first prune of a long history holds no long transaction.
const pruneBatch = 5000

// PruneHistory deletes the email and SMS deliveries done (sent, or
// failed for good) longer than Retention ago, and the requests listed by
// digests gathered that long ago and no longer pending, for every
// tenant, and returns how many rows went. With Retention 0 it deletes
// nothing. The runner calls it every hour; it is exported for tests and
// tools.
func (s *Service) PruneHistory(ctx context.Context) (int64, error) {
	if s.cfg.Retention <= 0 {
		return 0, nil
	}
	before := s.now().Add(-s.cfg.Retention)
	var total int64
	for ctx.Err() == nil {
		var n int64
		err := s.db.InTx(ctx, func(ctx context.Context, tx *db.Tx) error {
			return tx.QueryRow(ctx, `select notify.prune_history($1, $2)`, before, pruneBatch).Scan(&n)
		})
		if err != nil {
			return total, fmt.Errorf("prune notify history: %w", err)
		}
		total += n
		if n < pruneBatch { // neither table had a full batch left
			break
		}
	}
	return total, ctx.Err()
}

// pruneLogged prunes and logs what went, or why it could not.
func (s *Service) pruneLogged(ctx context.Context) {
	n, err := s.PruneHistory(ctx)
	switch {
	case err != nil && ctx.Err() == nil:
		s.log.Warn("notify prune", "err", err)
	case n > 0:
		s.log.Info("notify pruned deliveries and digest items past retention", "rows", n, "retention", s.cfg.Retention)
	}
}
