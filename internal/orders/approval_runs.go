package orders

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/workflow/approvalclient"
)

// An approval keeps its id across an order's submissions, and each
// submission after a rejection, withdrawal or expiry is a new run of it
// (docs/workflow.md). An outcome names its run, and an order applies
// only the outcome of the run it waits on: approval_run, recorded with
// the approval's answer, or before that a run after approval_ended_run,
// the last that sent it back.

// lateOutcome reports whether an approval outcome of run is not for the
// current submission of the order id of table, locked in tx: another run
// than the one it waits on, or before that is recorded, a run that
// already sent it back. An outcome that does not name its run (0) is
// taken as before runs were named.
func lateOutcome(ctx context.Context, tx *db.Tx, table string, id uuid.UUID, run int) (bool, error) {
	if run == 0 {
		return false, nil
	}
	var waits, ended int
	err := tx.QueryRow(ctx, `SELECT approval_run, approval_ended_run FROM `+table+` WHERE id = $1`, id).Scan(&waits, &ended)
	if err != nil {
		return false, fmt.Errorf("approval run of %s: %w", id, err)
	}
	return !approvalclient.RunApplies(run, waits, ended), nil
}

// endRun records that run's outcome sent the order id of table back: it
// waits on no run until submitted again.
func endRun(ctx context.Context, tx *db.Tx, table string, id uuid.UUID, run int) error {
	_, err := tx.Exec(ctx, `UPDATE `+table+` SET approval_run = 0, approval_ended_run = greatest(approval_ended_run, $2)
		WHERE id = $1`, id, run)
	if err != nil {
		return fmt.Errorf("approval run of %s: %w", id, err)
	}
	return nil
}
