package masterdata

import (
	"context"
	"encoding/json"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

// ImportJob is one CSV import: its progress and the rows it refused.
type ImportJob struct {
	ID       uuid.UUID `json:"id"`
	Resource string    `json:"resource"`
	// Status is running, succeeded (every row was read; some may have been
	// refused) or failed (stopped early; running it again is safe).
	Status string `json:"status"`
	// Reason says why a failed job stopped: ReasonInterrupted or
	// ReasonError; empty otherwise.
	Reason string `json:"reason,omitempty"`
	// Total is the number of data rows; Processed how many were handled so
	// far, of which Created were new, Skipped already existed (same code)
	// and Failed were refused.
	Total     int        `json:"total"`
	Processed int        `json:"processed"`
	Created   int        `json:"created"`
	Skipped   int        `json:"skipped"`
	Failed    int        `json:"failed"`
	Errors    []RowError `json:"errors"`
	CreatedBy string     `json:"createdBy"`
	CreatedAt time.Time  `json:"createdAt"`
	// FinishedAt is set when the job is no longer running.
	FinishedAt *time.Time `json:"finishedAt"`
}

// RowError is a refused row: its line in the file (the header is line 1),
// its code when it has one, and every field at fault.
type RowError struct {
	Line   int               `json:"line"`
	Code   string            `json:"code,omitempty"`
	Fields []errs.FieldError `json:"fields"`
}

// maxRowErrors bounds the refused rows a job lists; Failed counts them all.
const maxRowErrors = 1000

// ImportJob returns a job of the tenant. Returns NOT_FOUND, and
// PERMISSION_DENIED without read permission on the job's resource.
func (s *Service) ImportJob(ctx context.Context, id uuid.UUID) (*ImportJob, error) {
	if _, ok := authz.From(ctx); !ok {
		return nil, errs.E(errs.Unauthenticated, "authentication required")
	}
	var job *ImportJob
	err := s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		j := &ImportJob{}
		var rowErrs []byte
		err := tx.QueryRow(ctx, `select id, resource, status, reason, total, processed, created, skipped, failed, errors,
				created_by, created_at, finished_at
			from masterdata.import_jobs where tenant_id = $1 and id = $2`, tx.Tenant().UUID(), id).
			Scan(&j.ID, &j.Resource, &j.Status, &j.Reason, &j.Total, &j.Processed, &j.Created, &j.Skipped, &j.Failed,
				&rowErrs, &j.CreatedBy, &j.CreatedAt, &j.FinishedAt)
		if err != nil {
			return errs.Wrap(errs.NotFound, err, "import job %s not found", id)
		}
		if err := json.Unmarshal(rowErrs, &j.Errors); err != nil {
			return err
		}
		job = j
		return nil
	})
	if err != nil {
		return nil, db.Translate(err)
	}
	if err := authz.Require(ctx, readPermOf(job.Resource)); err != nil {
		return nil, err
	}
	return job, nil
}

func readPermOf(resource string) string {
	switch resource {
	case "customers":
		return PermCustomerRead
	case "vendors":
		return PermVendorRead
	case "products":
		return PermProductRead
	}
	return PermUnitRead
}

func (s *Service) startJob(ctx context.Context, resource string, total int) (*ImportJob, error) {
	now := time.Now().UTC().Truncate(time.Microsecond)
	job := &ImportJob{ID: uuid.Must(uuid.NewV7()), Resource: resource, Status: "running", Total: total,
		Errors: []RowError{}, CreatedBy: authz.Actor(ctx), CreatedAt: now}
	err := s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		_, err := tx.Exec(ctx, `insert into masterdata.import_jobs (tenant_id, id, resource, status, total, created_by,
				created_at, lease_until)
			values ($1, $2, $3, 'running', $4, $5, $6, now() + make_interval(secs => $7))`,
			tx.Tenant().UUID(), job.ID, resource, total, job.CreatedBy, now, leaseSeconds)
		return err
	})
	return job, err
}

// saveProgress writes the job's counters and errors in tx, the transaction
// of the chunk they count, so progress never runs ahead of the data, and
// renews the job's lease. Returns errLeaseLost, failing tx, when the job
// is no longer running: its lease lapsed and it was failed as interrupted.
func saveProgress(ctx context.Context, tx *db.Tx, job *ImportJob) error {
	rowErrs, err := json.Marshal(job.Errors)
	if err != nil {
		return err
	}
	tag, err := tx.Exec(ctx, `update masterdata.import_jobs set status = $3, reason = $4, processed = $5, created = $6,
			skipped = $7, failed = $8, errors = $9, finished_at = $10, lease_until = now() + make_interval(secs => $11)
		where tenant_id = $1 and id = $2 and status = 'running'`,
		tx.Tenant().UUID(), job.ID, job.Status, job.Reason, job.Processed, job.Created, job.Skipped, job.Failed, rowErrs,
		job.FinishedAt, leaseSeconds)
	if err == nil && tag.RowsAffected() == 0 {
		err = errLeaseLost
	}
	return err
}

// finish records the job's end in its own transaction: succeeded with no
// reason, else failed for reason.
func (s *Service) finish(ctx context.Context, job *ImportJob, reason string) {
	now := time.Now().UTC().Truncate(time.Microsecond)
	job.FinishedAt, job.Status, job.Reason = &now, "succeeded", reason
	if reason != "" {
		job.Status = "failed"
	}
	err := s.db.InTenantTx(context.WithoutCancel(ctx), func(ctx context.Context, tx *db.Tx) error {
		return saveProgress(ctx, tx, job)
	})
	if err != nil {
		s.log.ErrorContext(ctx, "record end of import", "job", job.ID, "err", err)
	}
}
