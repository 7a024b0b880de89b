package orders

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/vextrus/vextrus/internal/platform/lifecycle"
	"github.com/vextrus/vextrus/internal/workflow/approvalclient"
)

// unasked resumes the submits a crash cut between the submitted order's
// commit and its approval's start (approvalclient.Unasked).
func (s *Service) unasked() approvalclient.Unasked {
	return approvalclient.NewUnasked(Name, "orders.purchase_orders", purchaseColumns, s.db, s.acting, s.log, scanPurchase,
		func(ctx context.Context, o PurchaseOrder) error {
			if _, err := s.askPurchaseApproval(ctx, o, true); err != nil {
				return fmt.Errorf("purchase order %s: %w", o.ID, err)
			}
			return nil
		})
}

// Resumer asks again, while the process runs, for the approvals of the
// purchase orders left submitted with none recorded, in their
// submitters' names. Needs Deps.Acting, Approvals and Temporal.
// Its first sweep waits for started: closed once the process has
// started every module.
func (s *Service) Resumer(started <-chan struct{}) (lifecycle.Service, error) {
	if s.acting == nil || s.approvals == nil || s.temporal == nil {
		return nil, errors.New("orders: resuming submits needs a service credential, the workflow service and its engine")
	}
	return s.unasked().Service(Name+"-resume", started), nil
}

// ResumeSubmits asks once, in every tenant, for the approvals of the
// purchase orders submitted before before with none recorded, and
// returns how many it asked.
func (s *Service) ResumeSubmits(ctx context.Context, before time.Time) (int, error) {
	return s.unasked().Sweep(ctx, before)
}
