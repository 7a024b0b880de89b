package workflow

import (
	"context"
	"errors"
	"fmt"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"

	"github.com/vextrus/vextrus/internal/platform/lifecycle"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// Start records an approval (open) before it starts its run, and the
// run's first projection write moves it to level 1 at once. A workflow
// process that dies between the two, while the document's service lives
// on in another process, leaves the approval pending at level 0 with no
// run: nobody is asked, and its document, which the failed call sent
// back to its submitter, shows nothing of it. The document services'
// resumers (approvalclient.Unasked) cover the submits they cut
// themselves; the sweep ends the rest.
//
// It ends such an approval through a run of its own (Input.Unstarted)
// that closes it withdrawn at once, with its completed event and its
// callback, the path every outcome takes; the approval can be submitted
// again. The run's start is the check: it refuses while a run of the
// approval is open (a start under way that the engine took, or a run
// whose worker is down), and a start of the approval's own run that
// comes after it joins it and sees it withdrawn.
//
// An approval is swept once it has waited sweepGrace at level 0, far
// longer than a start takes, and the first sweep comes sweepEvery after
// the process started, so that after a crash of a whole process the
// document services' resumers, which ask again at once, start the runs
// first.
const (
	sweepEvery = time.Minute
	sweepGrace = 5 * time.Minute
	sweepBatch = 100
)

// Sweeper runs SweepUnstarted every sweepEvery while the process runs.
// A sweep that fails (the engine or the database down) is tried again at
// the next tick.
func (s *Service) Sweeper() lifecycle.Service {
	return lifecycle.New(Name+"-sweep", lifecycle.Funcs{
		Running: func(ctx context.Context) error {
			return lifecycle.Every(ctx, sweepEvery, false, func(ctx context.Context) {
				n, err := s.SweepUnstarted(ctx, s.now().Add(-sweepGrace))
				if err != nil && ctx.Err() == nil {
					s.log.WarnContext(ctx, "sweep unstarted approvals", "ended", n, "err", err)
				} else if n > 0 {
					s.log.InfoContext(ctx, "ended approvals whose run never started", "ended", n)
				}
			})
		},
	})
}

// SweepUnstarted ends, in every tenant, the approvals left pending at
// level 0 since before before, whose run never started, and returns how
// many it ended. A tenant that fails does not stop the others; their
// errors are joined.
func (s *Service) SweepUnstarted(ctx context.Context, before time.Time) (int, error) {
	tenants, err := s.store.db.Tenants(ctx, "workflow.unstarted_tenants", before)
	if err != nil {
		return 0, err
	}
	n, failed := 0, []error{}
	for _, t := range tenants {
		k, err := s.sweepTenant(tenant.With(ctx, t), before)
		n += k
		if err != nil {
			failed = append(failed, fmt.Errorf("tenant %s: %w", t, err))
		}
	}
	return n, errors.Join(failed...)
}

// sweepTenant ends the unstarted approvals of the tenant of ctx, at most
// sweepBatch of them (the next sweep takes the rest).
func (s *Service) sweepTenant(ctx context.Context, before time.Time) (int, error) {
	recs, err := s.store.unstarted(ctx, before, sweepBatch)
	if err != nil {
		return 0, err
	}
	t, _ := tenant.From(ctx)
	n, failed := 0, []error{}
	for _, rec := range recs {
		_, err := s.temporal.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
			ID:                       rec.WorkflowID,
			TaskQueue:                s.taskQueue,
			WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_FAIL,
			WorkflowIDReusePolicy:    enumspb.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE,
			// Else the SDK answers an open run as if this call started it.
			WorkflowExecutionErrorWhenAlreadyStarted: true,
		}, ApprovalWorkflowName, Input{ApprovalID: rec.ID.String(), Tenant: t.String(), Document: rec.Document,
			Submitter: rec.Submitter, Run: rec.Run, Unstarted: true})
		var open *serviceerror.WorkflowExecutionAlreadyStarted
		switch {
		case errors.As(err, &open):
			// A run is open: it writes its projection when its worker runs.
		case err != nil:
			failed = append(failed, fmt.Errorf("approval %s: %w", rec.ID, fromTemporal(err)))
		default:
			s.log.WarnContext(ctx, "approval whose run never started ends withdrawn", "approval", rec.ID,
				"document", rec.Document.Service+"/"+rec.Document.Type+"/"+rec.Document.ID, "run", rec.Run)
			n++
		}
	}
	return n, errors.Join(failed...)
}
