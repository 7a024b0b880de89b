package masterdata

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/lifecycle"
)

// A running import job is leased to the process that runs it: the runner
// renews the lease while it works, and a job whose lease lapsed lost its
// process (crash, kill, lost host). The uploaded file is not kept, so such
// a job cannot be resumed; it is failed with reason "interrupted", and
// importing the file again finishes the work, since rows already created
// are skipped by code.
const (
	// importLease is how long a job stays leased without a renewal. It
	// is much longer than a chunk's transaction, so only a runner that is
	// gone (or cut off from the database that long) loses it.
	importLease = time.Minute
	// leaseRenewal is how often a runner renews its jobs' leases.
	leaseRenewal = importLease / 4
	// interruptedSweep is how often jobs with a lapsed lease are failed,
	// so a job whose runner died is failed within importLease plus this.
	interruptedSweep = importLease / 2
)

// The reasons a job failed.
const (
	// ReasonInterrupted: the process running the import stopped before it
	// finished (shut down, or lost, its lease lapsing). Import the file
	// again; rows already created are skipped.
	ReasonInterrupted = "interrupted"
	// ReasonError: a chunk's transaction failed (the database refused
	// it); the logs of the request id say why.
	ReasonError = "error"
)

// errLeaseLost stops a runner whose job was failed as interrupted while it
// still worked, after its lease lapsed: the job's record is final.
var errLeaseLost = errors.New("the import job's lease lapsed and it was failed as interrupted")

// leaseSeconds is importLease as the SQL statements take it.
var leaseSeconds = importLease.Seconds()

// keepLease renews job's lease every leaseRenewal until stop is called.
func (s *Service) keepLease(ctx context.Context, id uuid.UUID) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = lifecycle.Every(ctx, leaseRenewal, false, func(ctx context.Context) {
			err := s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
				_, err := tx.Exec(ctx, `update masterdata.import_jobs set lease_until = now() + make_interval(secs => $3)
					where tenant_id = $1 and id = $2 and status = 'running'`, tx.Tenant().UUID(), id, leaseSeconds)
				return err
			})
			if err != nil && ctx.Err() == nil {
				s.log.WarnContext(ctx, "renew import lease", "job", id, "err", err)
			}
		})
	}()
	return func() {
		cancel()
		<-done
	}
}

// FailInterruptedImports fails, in every tenant, the import jobs still
// running whose lease lapsed, with reason "interrupted", and returns how
// many it failed. It is the one cross-tenant path of the service
// (masterdata.fail_interrupted_imports, docs/security.md).
func (s *Service) FailInterruptedImports(ctx context.Context) (int64, error) {
	var n int64
	err := s.db.InTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		return tx.QueryRow(ctx, `select masterdata.fail_interrupted_imports()`).Scan(&n)
	})
	return n, err
}

// Imports is the lifecycle of the service's imports: while it runs it
// fails interrupted jobs, at once (those a previous run of the process
// left) and every interruptedSweep; stopping it stops the background
// imports of this process, which are failed as interrupted, and waits
// for them.
func (s *Service) Imports(name string) lifecycle.Service {
	return lifecycle.New(name, lifecycle.Funcs{
		Running: func(ctx context.Context) error {
			return lifecycle.Every(ctx, interruptedSweep, true, func(ctx context.Context) {
				n, err := s.FailInterruptedImports(ctx)
				switch {
				case err != nil && ctx.Err() == nil:
					s.log.WarnContext(ctx, "fail interrupted imports", "err", err)
				case n > 0:
					s.log.InfoContext(ctx, "failed interrupted imports", "jobs", n)
				}
			})
		},
		Stopping: func(context.Context) error {
			s.Close()
			return nil
		},
	})
}
