package workflow

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/vextrus/vextrus/internal/platform/db"
)

// approveAtOnce records the approval of a document whose chain has no
// level (a tenant's chain saying "no approval below X") as approved, in
// one transaction with its completed event in the outbox, and starts no
// Temporal run: the owner gets "approved" in Start's answer and applies
// it there, synchronously. Other consumers of the completed event see it
// as of any approval. Callbacks are not called: there is no run to
// deliver from, and the owner has the answer already.
//
// A document whose approval is open (started when its chain had levels)
// keeps it, and one already approved stays as it is: both are returned
// unchanged. After a rejection, withdrawal or expiry the record is
// reopened as approved, as a new run.
func (s *Service) approveAtOnce(ctx context.Context, r Record) (Approval, error) {
	var out Record
	var changed bool
	err := s.store.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		d := r.Document
		row := tx.QueryRow(ctx, `with inserted as (
				insert into workflow.approvals (tenant_id, id, workflow_id, doc_service, doc_type, doc_id,
					amount, currency, department, summary, submitter, status, level_count, completed_at)
				values ($1, $2, $3, $4, $5, $6, $7::numeric, $8, $9, $10, $11, 'approved', 0, $12)
				on conflict (tenant_id, id) do nothing
				returning *),
			reopened as (
				update workflow.approvals set amount = $7::numeric, currency = $8, department = $9,
					summary = $10, submitter = $11, status = 'approved', level = 0, level_count = 0, run = run + 1,
					updated_at = now(), completed_at = $12, decided_by = null, delivered_at = null
				where id = $2 and status in ('rejected', 'withdrawn', 'expired')
				returning *),
			answer as (
				select *, true as changed from inserted
				union all select *, true from reopened
				union all select *, false from workflow.approvals
					where id = $2 and not exists (select from inserted) and not exists (select from reopened))
			select `+recordColumns+`, changed from answer`,
			tx.Tenant().UUID(), r.ID, r.WorkflowID, d.Service, d.Type, d.ID, d.Amount, d.Currency, d.Department, d.Summary,
			r.Submitter, s.now().UTC())
		var err error
		if out, err = scanRecord(row, &changed); err != nil {
			return err
		}
		if !changed {
			return nil
		}
		return s.outbox.Append(ctx, tx, completedEvent(Outcome{ApprovalID: out.ID.String(), Document: out.Document,
			Submitter: out.Submitter, Status: StatusApproved, DecidedAt: *out.CompletedAt}))
	})
	if errors.Is(err, pgx.ErrNoRows) {
		// A concurrent submission committed first; its record is the answer.
		changed = false
		out, err = s.store.get(ctx, r.ID)
	}
	switch {
	case err != nil:
		return Approval{}, fmt.Errorf("approve at once: %w", err)
	case changed:
		return Approval{Record: out, Pending: []string{}, Started: true}, nil
	case out.Status == StatusApproved && out.LevelCount == 0:
		// Approved without a run: there is no workflow to ask.
		return Approval{Record: out, Pending: []string{}}, nil
	}
	return s.view(ctx, out), nil
}
