package orders

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/lifecycle"
	"github.com/vextrus/vextrus/internal/workflow/approvalclient"
)

// unasked resumes the submits a crash cut between the submitted order's
// commit and its approval's start (approvalclient.Unasked).
func (s *Service) unasked() approvalclient.Unasked {
	return approvalclient.Unasked{Schema: Name, DB: s.db, Acting: s.acting, Tenant: s.resumeTenant, Log: s.log}
}

// Resumer asks again, while the process runs, for the approvals of the
// purchase orders left submitted with none recorded, in their
// submitters' names. Needs Deps.Acting, Approvals and Temporal.
func (s *Service) Resumer() (lifecycle.Service, error) {
	if s.acting == nil || s.approvals == nil || s.temporal == nil {
		return nil, errors.New("orders: resuming submits needs a service credential, the workflow service and its engine")
	}
	return s.unasked().Service(Name + "-resume"), nil
}

// ResumeSubmits asks once, in every tenant, for the approvals of the
// purchase orders submitted before before with none recorded, and
// returns how many it asked.
func (s *Service) ResumeSubmits(ctx context.Context, before time.Time) (int, error) {
	return s.unasked().Sweep(ctx, before)
}

// resumeTenant asks for the approvals of the tenant of ctx's purchase
// orders submitted before before with none recorded, the oldest first,
// at most resumeBatch of them (the next sweep takes the rest).
func (s *Service) resumeTenant(ctx context.Context, before time.Time) (int, error) {
	const resumeBatch = 100
	var unasked []PurchaseOrder
	err := s.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) error {
		rows, err := tx.Query(ctx, `SELECT `+purchaseColumns+` FROM orders.purchase_orders
			WHERE status = 'submitted' AND approval_id IS NULL AND submitted_at < $1
			ORDER BY submitted_at LIMIT $2`, before, resumeBatch)
		if err != nil {
			return fmt.Errorf("unasked purchase orders: %w", err)
		}
		unasked, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (PurchaseOrder, error) { return scanPurchase(r) })
		return err
	})
	if err != nil {
		return 0, err
	}
	var failed []error
	for _, o := range unasked {
		if _, err := s.askPurchaseApproval(ctx, o, true); err != nil {
			failed = append(failed, fmt.Errorf("purchase order %s: %w", o.ID, err))
		}
	}
	return len(unasked), errors.Join(failed...)
}
