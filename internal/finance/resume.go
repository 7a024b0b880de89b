package finance

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/vextrus/vextrus/internal/platform/lifecycle"
	"github.com/vextrus/vextrus/internal/workflow/approvalclient"
)

// unasked resumes the submits a crash cut between the submitted
// document's commit and its approval's start (approvalclient.Unasked).
func (s *Service) unasked() approvalclient.Unasked {
	return approvalclient.NewUnasked(Name, "finance.invoices", invoiceColumns, s.db, s.acting, s.log, scanInvoice,
		func(ctx context.Context, inv Invoice) error {
			if _, err := s.startApproval(ctx, inv, true); err != nil {
				return fmt.Errorf("invoice %s: %w", inv.Label(), err)
			}
			return nil
		})
}

// Resumer asks again, while the process runs, for the approvals of the
// documents left submitted with none recorded, in their submitters'
// names. Needs Deps.Acting.
// Its first sweep waits for started: closed once the process has
// started every module.
func (s *Service) Resumer(started <-chan struct{}) (lifecycle.Service, error) {
	if s.acting == nil || s.approvals == nil {
		return nil, errors.New("finance: resuming submits needs a service credential and the workflow service")
	}
	return s.unasked().Service(Name+"-resume", started), nil
}

// ResumeSubmits asks once, in every tenant, for the approvals of the
// documents submitted before before with none recorded, and returns how
// many it asked.
func (s *Service) ResumeSubmits(ctx context.Context, before time.Time) (int, error) {
	return s.unasked().Sweep(ctx, before)
}
