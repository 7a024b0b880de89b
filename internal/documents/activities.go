package documents

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"go.temporal.io/sdk/activity"

	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/temporalx"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// Activities are the job workflow's activities. They run with the tenant
// the workflow was started for (the context propagator); what they read
// of other services they read with the service's credential.
type Activities struct{ s *Service }

func jobID(id string) (uuid.UUID, error) {
	u, err := uuid.Parse(id)
	if err != nil {
		return uuid.Nil, temporalx.ActivityError(errs.Field("jobId", "must be a UUID"))
	}
	return u, nil
}

// document is a rendered output.
type document struct {
	name        string
	contentType string
	body        []byte
	// owner is what the file is attached to; zero for the job's own.
	owner FileOwner
}

// Generate loads the job's data, renders it and stores the file, and
// returns the file. It records the progress of each step and beats
// while it works; a retry finds a file stored by an earlier attempt and
// stores nothing twice.
func (a *Activities) Generate(ctx context.Context, id string) (Output, error) {
	u, err := jobID(id)
	if err != nil {
		return Output{}, err
	}
	s := a.s
	var j Job
	err = s.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) (err error) {
		j, err = jobByID(ctx, tx, u, false)
		return err
	})
	if err != nil {
		return Output{}, temporalx.ActivityError(err)
	}
	if j.Done() {
		return Output{}, temporalx.ActivityError(errs.E(errs.FailedPrecondition, "job %s is already %s", id, j.Status))
	}
	if j.FileID != nil {
		return Output{FileID: j.FileID.String(), FileName: j.FileName}, nil
	}
	if s.acting == nil || s.store == nil || s.finance == nil {
		return Output{}, temporalx.ActivityError(errs.E(errs.FailedPrecondition, "documents has no finance or files client here"))
	}
	t, err := tenant.Require(ctx)
	if err != nil {
		return Output{}, temporalx.ActivityError(err)
	}
	actx, err := s.acting.Act(ctx, t)
	if err != nil {
		return Output{}, fmt.Errorf("act for tenant %s: %w", t, err)
	}
	p := progress{a: a, job: u}
	if err := p.step(ctx, 10, "loading the data"); err != nil {
		return Output{}, err
	}
	doc, err := s.build(actx, j, p)
	if err != nil {
		return Output{}, temporalx.ActivityError(err)
	}
	if err := p.step(ctx, 80, "storing the file"); err != nil {
		return Output{}, err
	}
	owner := doc.owner
	if owner.Type == "" {
		owner = FileOwner{Type: "documents.job", ID: j.ID.String()}
	}
	f, err := s.store.Put(actx, doc.name, doc.contentType, doc.body, owner)
	if err != nil {
		return Output{}, temporalx.ActivityError(fmt.Errorf("store %s: %w", doc.name, err))
	}
	err = s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error { return setFile(ctx, tx, u, f.ID, doc.name) })
	if err != nil {
		return Output{}, err
	}
	activity.RecordHeartbeat(ctx, 90)
	return Output{FileID: f.ID.String(), FileName: doc.name}, nil
}

// Succeed ends the job with its file and emits report.ready.
func (a *Activities) Succeed(ctx context.Context, id string, out Output) error {
	u, err := jobID(id)
	if err != nil {
		return err
	}
	f, err := uuid.Parse(out.FileID)
	if err != nil {
		return temporalx.ActivityError(errs.Field("fileId", "must be a UUID"))
	}
	_, err = a.s.finish(ctx, u, "done", &f, out.FileName, "")
	return temporalx.ActivityError(err)
}

// Fail ends the job with the error and emits report.ready.
func (a *Activities) Fail(ctx context.Context, id, message string) error {
	u, err := jobID(id)
	if err != nil {
		return err
	}
	_, err = a.s.finish(ctx, u, "failed", nil, "", message)
	return temporalx.ActivityError(err)
}

// progress records a running job's steps and beats for the activity.
type progress struct {
	a   *Activities
	job uuid.UUID
}

// step records percent and what the job does now, and beats.
func (p progress) step(ctx context.Context, percent int, what string) error {
	if activity.IsActivity(ctx) {
		activity.RecordHeartbeat(ctx, percent)
	}
	err := p.a.s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		return setProgress(ctx, tx, p.job, percent, what)
	})
	if err != nil {
		return fmt.Errorf("job %s progress: %w", p.job, err)
	}
	return nil
}

// beating runs fn, beating for the activity every few seconds while it
// works: a render of a long register takes longer than the heartbeat
// timeout, and only a dead worker should stop the beats.
func beating[T any](ctx context.Context, fn func() (T, error)) (T, error) {
	if !activity.IsActivity(ctx) {
		return fn()
	}
	done := make(chan struct{})
	defer close(done)
	go func() {
		tick := time.NewTicker(heartbeatTimeout / 4)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				return
			case <-tick.C:
				activity.RecordHeartbeat(ctx)
			}
		}
	}()
	return fn()
}

// tenantOf is the tenant of ctx, which the authentication put there.
func tenantOf(ctx context.Context) tenant.ID {
	t, _ := tenant.From(ctx)
	return t
}

// userOf is the user id of the caller of ctx, "" for none.
func userOf(ctx context.Context) string {
	if p, ok := authz.From(ctx); ok {
		return p.UserID
	}
	return ""
}
