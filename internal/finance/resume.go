package finance

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

// unasked resumes the submits a crash cut between the submitted
// document's commit and its approval's start (approvalclient.Unasked).
func (s *Service) unasked() approvalclient.Unasked {
	return approvalclient.Unasked{Schema: Name, DB: s.db, Acting: s.acting, Tenant: s.resumeTenant, Log: s.log}
}

// Resumer asks again, while the process runs, for the approvals of the
// documents left submitted with none recorded, in their submitters'
// names. Needs Deps.Acting.
func (s *Service) Resumer() (lifecycle.Service, error) {
	if s.acting == nil || s.approvals == nil {
		return nil, errors.New("finance: resuming submits needs a service credential and the workflow service")
	}
	return s.unasked().Service(Name + "-resume"), nil
}

// ResumeSubmits asks once, in every tenant, for the approvals of the
// documents submitted before before with none recorded, and returns how
// many it asked.
func (s *Service) ResumeSubmits(ctx context.Context, before time.Time) (int, error) {
	return s.unasked().Sweep(ctx, before)
}

// resumeTenant asks for the approvals of the tenant of ctx's documents
// submitted before before with none recorded, the oldest first, at most
// resumeBatch of them (the next sweep takes the rest).
func (s *Service) resumeTenant(ctx context.Context, before time.Time) (int, error) {
	const resumeBatch = 100
	var unasked []Invoice
	err := s.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) error {
		rows, err := tx.Query(ctx, `SELECT `+invoiceColumns+` FROM finance.invoices
			WHERE status = 'submitted' AND approval_id IS NULL AND submitted_at < $1
			ORDER BY submitted_at LIMIT $2`, before, resumeBatch)
		if err != nil {
			return fmt.Errorf("unasked invoices: %w", err)
		}
		unasked, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Invoice, error) { return scanInvoice(r) })
		return err
	})
	if err != nil {
		return 0, err
	}
	var failed []error
	for _, inv := range unasked {
		if _, err := s.startApproval(ctx, inv, true); err != nil {
			failed = append(failed, fmt.Errorf("invoice %s: %w", inv.Label(), err))
		}
	}
	return len(unasked), errors.Join(failed...)
}
