package documents

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/google/uuid"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/temporalx"
)

// Finance's permissions a requester needs besides documents.job.write:
// a job reads finance with the service's credential, so the request is
// where the caller's own right to the figures is checked.
const (
	permInvoiceRead = "finance.invoice.read"
	permReportRead  = "finance.report.read"
)

// RequestJob queues a job making a document of kind with params and
// starts its workflow. Needs documents.job.write, and finance's read
// permission of the figures (finance.invoice.read for a Mushak form or
// register, finance.report.read for the 9.1 return, trial balance and
// ageing). Returns INVALID_ARGUMENT naming the field (kind,
// params.<name>) and FAILED_PRECONDITION naming params.invoiceId for a
// Mushak-6.3 of an invoice that is not an approved sales invoice; no
// job is made then. UNAVAILABLE when the workflow engine is not there.
func (s *Service) RequestJob(ctx context.Context, kind string, params json.RawMessage) (Job, error) {
	p, err := caller(ctx, PermJobWrite)
	if err != nil {
		return Job{}, err
	}
	ps, err := parseParams(kind, params)
	if err != nil {
		return Job{}, err
	}
	need := permReportRead
	if kind == KindMushak63 || kind == KindMushak61 || kind == KindMushak62 {
		need = permInvoiceRead
	}
	if _, err := caller(ctx, need); err != nil {
		return Job{}, err
	}
	if s.temporal == nil {
		return Job{}, errs.E(errs.Unavailable, "documents runs without a workflow engine here")
	}
	if kind == KindMushak63 {
		if err := s.checkInvoice(ctx, ps.InvoiceID); err != nil {
			return Job{}, err
		}
	}
	raw, err := json.Marshal(ps)
	if err != nil {
		return Job{}, fmt.Errorf("params: %w", err)
	}
	id, err := uuid.NewV7()
	if err != nil {
		return Job{}, fmt.Errorf("job id: %w", err)
	}
	var j Job
	err = s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		j, err = insertJob(ctx, tx, Job{ID: id, Kind: kind, Params: raw, RequestedBy: p.UserID})
		return err
	})
	if err != nil {
		return Job{}, err
	}
	if err := s.start(ctx, j.ID); err != nil {
		// The job cannot run: it ends failed, and the requester is told.
		if _, ferr := s.finish(ctx, j.ID, "", nil, "", "the job could not be started: "+errs.Public(err).Message); ferr != nil {
			s.log.ErrorContext(ctx, "unstarted job left queued", "job", j.ID, "err", ferr)
		}
		return Job{}, err
	}
	return j, nil
}

// checkInvoice refuses a Mushak-6.3 of anything but an approved sales
// invoice, asking finance with the caller's credential: what the caller
// may not read is NOT_FOUND to them, as finance says.
func (s *Service) checkInvoice(ctx context.Context, id string) error {
	if s.finance == nil {
		return errs.E(errs.Unavailable, "documents has no finance client here")
	}
	inv, err := s.finance.Invoice(ctx, uuid.MustParse(id))
	if errs.Is(err, errs.NotFound) {
		return errs.Field("params.invoiceId", "names no invoice of the tenant")
	}
	if err != nil {
		return err
	}
	if inv.Kind != "sales" || (inv.Status != "approved" && inv.Status != "partially_paid" && inv.Status != "paid") {
		e := errs.E(errs.FailedPrecondition, "invoice %s is a %s invoice %s: a Mushak-6.3 is issued for an approved sales invoice",
			id, inv.Kind, inv.Status)
		e.Fields = []errs.FieldError{{Field: "params.invoiceId", Message: "must be an approved sales invoice"}}
		return e
	}
	return nil
}

// start starts job id's workflow on the documents task queue, once.
func (s *Service) start(ctx context.Context, id uuid.UUID) error {
	_, err := s.temporal.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID:                       WorkflowID(id),
		TaskQueue:                TaskQueue,
		WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
		WorkflowIDReusePolicy:    enumspb.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE,
	}, WorkflowName, Process{JobID: id.String()})
	return temporalx.DomainError(err)
}

// Job returns job id. Needs documents.job.read; another tenant's job is
// NOT_FOUND.
func (s *Service) Job(ctx context.Context, id uuid.UUID) (Job, error) {
	if _, err := caller(ctx, PermJobRead); err != nil {
		return Job{}, err
	}
	var j Job
	err := s.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) (err error) {
		j, err = jobByID(ctx, tx, id, false)
		return err
	})
	return j, err
}

// Jobs returns a page of the tenant's jobs, newest first, and the cursor
// of the next. Needs documents.job.read.
func (s *Service) Jobs(ctx context.Context, f JobFilter) ([]Job, string, error) {
	if _, err := caller(ctx, PermJobRead); err != nil {
		return nil, "", err
	}
	if f.Kind != "" && !contains(Kinds, f.Kind) {
		return nil, "", errs.Field("kind", "must be one of the kinds of document")
	}
	if f.Limit <= 0 {
		f.Limit = 50
	}
	var out []Job
	var next string
	err := s.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) (err error) {
		out, next, err = listJobs(ctx, tx, f)
		return err
	})
	return out, next, err
}

// DownloadLink returns a presigned link to job id's file. Needs
// documents.job.read; FAILED_PRECONDITION while the job has no file.
// The link is asked of the files service with the service's credential:
// the job's read permission is the right to its output.
func (s *Service) DownloadLink(ctx context.Context, id uuid.UUID) (FileLink, error) {
	j, err := s.Job(ctx, id)
	if err != nil {
		return FileLink{}, err
	}
	if j.Status != StatusSucceeded || j.FileID == nil {
		return FileLink{}, errs.E(errs.FailedPrecondition, "job %s is %s: it has no file to download", id, j.Status)
	}
	if s.store == nil || s.acting == nil {
		return FileLink{}, errs.E(errs.Unavailable, "documents has no files client here")
	}
	actx, err := s.acting.Act(ctx, tenantOf(ctx))
	if err != nil {
		return FileLink{}, errs.Wrap(errs.Unavailable, err, "service credential")
	}
	return s.store.Link(actx, *j.FileID)
}

// finish ends job id (a file for success, else the error) and emits
// report.ready in the same transaction; a job already finished is
// returned as it is.
func (s *Service) finish(ctx context.Context, id uuid.UUID, step string, file *uuid.UUID, name, failure string) (Job, error) {
	var j Job
	err := s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) (err error) {
		if j, err = jobByID(ctx, tx, id, true); err != nil || j.Done() {
			return err
		}
		if failure != "" {
			j.Status, j.Error = StatusFailed, truncate(failure, 2000)
		} else {
			j.Status, j.Progress, j.FileID, j.FileName = StatusSucceeded, 100, file, name
		}
		j.Step = step
		if j, err = finishJob(ctx, tx, j); err != nil {
			return err
		}
		return s.emit(ctx, tx, events.Draft{Type: EventReportReady, Subject: j.ID.String(), Data: reportReady(j)})
	})
	return j, err
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	r := []rune(s[:n])
	return string(r[:len(r)-1])
}
