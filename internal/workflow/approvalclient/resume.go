package approvalclient

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/lifecycle"
	"github.com/vextrus/vextrus/internal/platform/servicecred"
)

// A document service marks a document submitted, commits, and then asks
// the workflow for its approval. A process that dies between the two (a
// crash, a kill, a lost host) leaves the document submitted with no
// approval recorded, waiting for nobody. Unasked finds those documents
// in every tenant and asks again, in the name of whoever submitted them
// (Request.Submitter): starting an approval is idempotent, so asking for
// one that did start (its answer lost) returns it, and one recorded in
// the workflow whose run never began gets its run.
//
// A document is asked again once it has waited resumeGrace since its
// submit, longer than a submit's own call to the workflow may take
// (svcclient's timeouts and retries), so a submit still under way in
// another process is not raced; or when it was submitted before this
// process started, since no submit of this process is then under way.
const (
	resumeEvery = 10 * time.Second
	resumeGrace = time.Minute
)

// Unasked resumes the submits of one document service (NewUnasked).
type Unasked struct {
	// schema holds the service's unasked_tenants(timestamptz) function,
	// the cross-tenant path (docs/security.md) naming the tenants with a
	// document submitted before the time and no approval recorded.
	schema string
	db     *db.Pool
	acting servicecred.Acting
	// tenant asks again for the approvals of the tenant of ctx (which
	// acts for it as the service) whose documents were submitted before
	// before with none recorded, and returns how many it asked.
	tenant func(ctx context.Context, before time.Time) (int, error)
	log    *slog.Logger
}

// NewUnasked returns the resumer of the documents of table (with status,
// approval_id and submitted_at columns) in schema's service: it reads
// them as columns scanned by scan and asks each again with ask, which
// acts as the service in the name of the document's submitter.
func NewUnasked[T any](schema, table, columns string, pool *db.Pool, acting servicecred.Acting, log *slog.Logger,
	scan func(pgx.Row) (T, error), ask func(context.Context, T) error) Unasked {
	return Unasked{schema: schema, db: pool, acting: acting, log: log,
		tenant: func(ctx context.Context, before time.Time) (int, error) {
			return resumeEach(ctx, pool, table, columns, before, scan, ask)
		}}
}

// Sweep resumes, in every tenant, the submits from before before whose
// approval is not recorded, and returns how many it asked. A tenant that
// fails does not stop the others; their errors are joined.
func (u Unasked) Sweep(ctx context.Context, before time.Time) (int, error) {
	tenants, err := u.db.Tenants(ctx, u.schema+".unasked_tenants", before)
	if err != nil {
		return 0, err
	}
	n, failed := 0, []error{}
	for _, t := range tenants {
		actx, err := u.acting.Act(ctx, t)
		if err == nil {
			var k int
			k, err = u.tenant(actx, before)
			n += k
		}
		if err != nil {
			failed = append(failed, fmt.Errorf("tenant %s: %w", t, err))
		}
	}
	return n, errors.Join(failed...)
}

// resumeEach reads, in the tenant of ctx, the documents of table (with
// status, approval_id and submitted_at columns) submitted before before
// with no approval recorded, the oldest first and at most resumeBatch of
// them (the next sweep takes the rest), as columns scanned by scan; asks
// each again with ask, and returns how many it read, with the errors of
// those that failed joined.
func resumeEach[T any](ctx context.Context, pool *db.Pool, table, columns string, before time.Time,
	scan func(pgx.Row) (T, error), ask func(context.Context, T) error) (int, error) {
	const resumeBatch = 100
	var docs []T
	err := pool.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) error {
		rows, err := tx.Query(ctx, `SELECT `+columns+` FROM `+table+`
			WHERE status = 'submitted' AND approval_id IS NULL AND submitted_at < $1
			ORDER BY submitted_at LIMIT $2`, before, resumeBatch)
		if err != nil {
			return fmt.Errorf("unasked %s: %w", table, err)
		}
		docs, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (T, error) { return scan(r) })
		return err
	})
	if err != nil {
		return 0, err
	}
	var failed []error
	for _, d := range docs {
		if err := ask(ctx, d); err != nil {
			failed = append(failed, err)
		}
	}
	return len(docs), errors.Join(failed...)
}

// Service runs Sweep every resumeEvery while the process runs, for the
// submits older than resumeGrace or from before the process started. The
// first sweep runs once started is closed: when every module of the
// process has started, so that the services it asks (the workflow API,
// and the rules API the workflow asks for the chain) are all mounted: a
// sweep before that would be answered UNAVAILABLE and wait a tick.
// A sweep that fails (the workflow down) is tried again at the next tick.
func (u Unasked) Service(name string, started <-chan struct{}) lifecycle.Service {
	return sweeping(name, started, u.Sweep, u.log)
}

// sweeping is Service with its sweep given.
func sweeping(name string, started <-chan struct{}, sweep func(context.Context, time.Time) (int, error),
	log *slog.Logger) lifecycle.Service {
	return lifecycle.New(name, lifecycle.Funcs{
		Running: func(ctx context.Context) error {
			select {
			case <-started:
			case <-ctx.Done():
				return nil
			}
			since := time.Now()
			return lifecycle.Every(ctx, resumeEvery, true, func(ctx context.Context) {
				before := time.Now().Add(-resumeGrace)
				if before.Before(since) {
					before = since
				}
				n, err := sweep(ctx, before)
				if err != nil && ctx.Err() == nil {
					log.WarnContext(ctx, "resume unasked submits", "asked", n, "err", err)
				} else if n > 0 {
					log.InfoContext(ctx, "resumed unasked submits", "asked", n)
				}
			})
		},
	})
}
