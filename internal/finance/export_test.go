package finance

import (
	"context"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/events"
)

// SetAfterNumber makes fn run in every approving transaction right after
// the Mushak number is taken, so a test can stop or kill a process that
// holds a number it has not committed.
func SetAfterNumber(s *Service, fn func(ctx context.Context)) { s.afterNumber = fn }

// HandleApprovalEvent is the approval consumer's handler, for a test
// that hands it events without Kafka.
func HandleApprovalEvent(s *Service, ctx context.Context, tx *db.Tx, ev events.Event) error {
	return s.handleApprovalCompleted(ctx, tx, ev)
}

// HandleEvent is the consumer's handler of every event finance reads,
// for a test that hands it events without Kafka.
func HandleEvent(s *Service, ctx context.Context, tx *db.Tx, ev events.Event) error {
	return s.handleEvent(ctx, tx, ev)
}
