package workflow

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/events"
)

// store is the PostgreSQL side: the approvals projection, the inbox and
// delegations. Every method runs in a tenant transaction.
type store struct{ db *db.Pool }

// Record is an approval as the projection holds it.
type Record struct {
	ID          uuid.UUID
	WorkflowID  string
	Document    Document
	Submitter   string
	Status      string
	Level       int
	LevelCount  int
	Run         int
	CreatedAt   time.Time
	UpdatedAt   time.Time
	CompletedAt *time.Time
	DecidedBy   string
}

const recordColumns = `id, workflow_id, doc_service, doc_type, doc_id, amount::text, currency, department, summary,
	submitter::text, status, level, level_count, run, created_at, updated_at, completed_at, coalesce(decided_by::text, '')`

// scanRecord reads recordColumns, then any further columns into extra.
func scanRecord(row pgx.Row, extra ...any) (Record, error) {
	var r Record
	d := &r.Document
	err := row.Scan(append([]any{&r.ID, &r.WorkflowID, &d.Service, &d.Type, &d.ID, &d.Amount, &d.Currency, &d.Department,
		&d.Summary, &r.Submitter, &r.Status, &r.Level, &r.LevelCount, &r.Run, &r.CreatedAt, &r.UpdatedAt, &r.CompletedAt,
		&r.DecidedBy}, extra...)...)
	return r, err
}

// get returns the approval id of the caller's tenant. Returns NOT_FOUND,
// also for another tenant's id.
func (s *store) get(ctx context.Context, id uuid.UUID) (Record, error) {
	var r Record
	err := s.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) error {
		var err error
		r, err = scanRecord(tx.QueryRow(ctx, `select `+recordColumns+` from workflow.approvals where id = $1`, id))
		if errors.Is(err, pgx.ErrNoRows) {
			return errs.E(errs.NotFound, "approval not found")
		}
		return err
	})
	return r, err
}

// open records a submission before its workflow starts. It answers the
// record and whether a workflow must be started: not when one is open or
// the document was already approved; yes (as a new run) after a
// rejection, withdrawal or expiry. Insert, reopen and the answer are one
// statement, which commits as it ends (db.Single): one round trip.
//
// The commit does not wait for its WAL flush (db.AsyncCommit), which
// took the larger part of a start's time in PostgreSQL. Nothing
// acknowledged can be lost by it: what a crash of the database server
// could undo is a row (or reopened run) whose workflow run was started
// after it, and every run's first projection write, in the same
// transaction as its own work and committed durably, recreates exactly
// what open wrote (ensureProjection). A start whose run the engine
// refused is undone by abandon, which commits durably. Until that first
// write (the run's first workflow task, milliseconds after the start) a
// database crash may leave the approval unlisted.
func (s *store) open(ctx context.Context, r Record) (Record, bool, error) {
	var out Record
	start := false
	err := s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		d := r.Document
		row := tx.QueryRow(ctx, `with inserted as (
				insert into workflow.approvals (tenant_id, id, workflow_id, doc_service, doc_type, doc_id,
					amount, currency, department, summary, submitter, status, level_count)
				values ($1, $2, $3, $4, $5, $6, $7::numeric, $8, $9, $10, $11, 'pending', $12)
				on conflict (tenant_id, id) do nothing
				returning *),
			reopened as (
				update workflow.approvals set amount = $7::numeric, currency = $8, department = $9,
					summary = $10, submitter = $11, status = 'pending', level = 0, level_count = $12, run = run + 1,
					updated_at = now(), completed_at = null, decided_by = null, delivered_at = null
				where id = $2 and status in ('rejected', 'withdrawn', 'expired')
				returning *),
			answer as (
				select *, true as start from inserted
				union all select *, true from reopened
				union all select *, false from workflow.approvals
					where id = $2 and not exists (select from inserted) and not exists (select from reopened))
			select `+recordColumns+`, start from answer`,
			tx.Tenant().UUID(), r.ID, r.WorkflowID, d.Service, d.Type, d.ID, d.Amount, d.Currency, d.Department, d.Summary,
			r.Submitter, r.LevelCount)
		var err error
		out, err = scanRecord(row, &start)
		return err
	}, db.Single(), db.AsyncCommit())
	if errors.Is(err, pgx.ErrNoRows) {
		// Another submission of the document committed its row after the
		// statement's snapshot was taken: the insert found it, the rest
		// could not see it. A new statement does.
		out, err = s.get(ctx, r.ID)
		return out, false, err
	}
	if err != nil {
		return Record{}, false, fmt.Errorf("open approval: %w", err)
	}
	return out, start, nil
}

// abandon undoes open's start of r when its run could not be started (the
// engine is down, or its answer was lost): the approval is withdrawn at
// r's run and its inbox emptied, so that it waits for no run and nobody
// decides it while its document goes back to its submitter. The row
// stays as the run's tombstone: an engine that did start the run before
// its answer was lost lets the run go on once it is back, and the run's
// first projection write finds its run closed and ends it unseen
// (syncInbox, errAbandoned), where a missing row would be recreated.
// It commits durably.
func (s *store) abandon(ctx context.Context, r Record) error {
	err := s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		tx.Defer(`delete from workflow.inbox where approval_id = $1`, r.ID)
		_, err := tx.Exec(ctx, `update workflow.approvals set status = 'withdrawn', level = 0, updated_at = now(),
				completed_at = now()
			where id = $1 and run = $2 and status in ('pending', 'info_requested')`, r.ID, r.Run)
		return err
	})
	if err != nil {
		return fmt.Errorf("abandon approval: %w", err)
	}
	return nil
}

// ensureProjection queues, ahead of tx's next statement, the write that
// makes the approval's row hold run: the row open inserts, or open's
// reopen of a row at an earlier run, for when open's asynchronous
// commit was lost to a database crash. Where the row is at run already
// (the rule) it changes nothing. A run of 0 (a run started before runs
// carried it, and whose open committed durably) queues nothing.
func ensureProjection(tx *db.Tx, id uuid.UUID, doc Document, submitter string, levelCount, run int) {
	if run <= 0 {
		return
	}
	tx.Defer(`insert into workflow.approvals as a (tenant_id, id, workflow_id, doc_service, doc_type, doc_id,
			amount, currency, department, summary, submitter, status, level_count, run)
		values ($1, $2, $3, $4, $5, $6, $7::numeric, $8, $9, $10, $11, 'pending', $12, $13)
		on conflict (tenant_id, id) do update set amount = excluded.amount, currency = excluded.currency,
			department = excluded.department, summary = excluded.summary, submitter = excluded.submitter,
			status = 'pending', level = 0, level_count = excluded.level_count, run = excluded.run,
			updated_at = now(), completed_at = null, decided_by = null, delivered_at = null
		where a.run < excluded.run`,
		tx.Tenant().UUID(), id, WorkflowID(id), doc.Service, doc.Type, doc.ID, doc.Amount, doc.Currency, doc.Department,
		doc.Summary, submitter, levelCount, run)
}

// syncInbox replaces the inbox rows of u's approval.
func (s *store) syncInbox(ctx context.Context, u InboxUpdate, outbox *events.Outbox) error {
	gone := false
	err := s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		id, err := uuid.Parse(u.ApprovalID)
		if err != nil {
			return fmt.Errorf("approval id: %w", err)
		}
		ensureProjection(tx, id, u.Document, u.Submitter, u.LevelCount, u.Run)
		// A level starts waiting for its approvers when the inbox held
		// another level or task before: a retried activity, or a
		// decision that leaves the level waiting, announces nothing.
		var (
			prevLevel, run int
			prevTask       string
			rowStatus      *string
		)
		err = tx.QueryRow(ctx, `select coalesce(i.level, 0), coalesce(i.task, ''), coalesce(a.run, 0), a.status
			from (select) one
			left join workflow.approvals a on a.id = $1
			left join lateral (select level, task from workflow.inbox where approval_id = $1 limit 1) i on true`,
			id).Scan(&prevLevel, &prevTask, &run, &rowStatus)
		if err != nil {
			return fmt.Errorf("read inbox: %w", err)
		}
		if gone = rowStatus != nil && abandoned(u.Run, run, *rowStatus); gone {
			return nil
		}
		if u.Task == TaskDecide && len(u.Keys) > 0 && outbox != nil && (prevLevel != u.Level || prevTask != TaskDecide) {
			if err := outbox.Append(ctx, tx, requestedEvent(u)); err != nil {
				return err
			}
		}
		status := StatusPending
		if u.Task == TaskRespond {
			status = StatusInfoRequested
		}
		if _, err := tx.Exec(ctx, `update workflow.approvals set level = $2, status = $3, updated_at = now()
			where id = $1 and status in ('pending', 'info_requested')`, id, u.Level, status); err != nil {
			return fmt.Errorf("update approval level: %w", err)
		}
		if _, err := tx.Exec(ctx, `delete from workflow.inbox where approval_id = $1`, id); err != nil {
			return fmt.Errorf("clear inbox: %w", err)
		}
		if len(u.Keys) == 0 {
			return nil
		}
		decided := u.Decided
		if decided == nil {
			decided = []string{}
		}
		var due *time.Time
		if !u.Due.IsZero() {
			due = &u.Due
		}
		d := u.Document
		_, err = tx.Exec(ctx, `insert into workflow.inbox (tenant_id, approval_id, assignee, task, level, level_name,
				doc_type, doc_id, amount, currency, summary, submitter, decided, due_at)
			select $1, $2, k, $4, $5, $6, $7, $8, $9::numeric, $10, $11, $12, $13::uuid[], $14
			from unnest($3::text[]) k on conflict do nothing`,
			tx.Tenant().UUID(), id, u.Keys, u.Task, u.Level, u.LevelName, d.Type, d.ID, d.Amount, d.Currency, d.Summary,
			u.Submitter, decided, due)
		if err != nil {
			return fmt.Errorf("fill inbox: %w", db.Translate(err))
		}
		return nil
	})
	if err == nil && gone {
		// Not an error of the database: the SDK must see its type.
		return errAbandoned
	}
	return err
}

// abandoned reports whether a run of number run must end unseen because
// its approval's projection, at row run rowRun with status, belongs to
// no run of it any more: the start of this run was abandoned (the row is
// closed at this run, which only the run itself otherwise does, at its
// end), or a later submission opened another run. Runs that do not carry
// their number (0) are never judged.
func abandoned(run, rowRun int, status string) bool {
	return run > 0 && (rowRun > run || rowRun == run && Final(status))
}

// close records the outcome once and empties the inbox. It reports
// whether this call closed the approval.
func (s *store) close(ctx context.Context, tx *db.Tx, o Outcome) (bool, error) {
	id, err := uuid.Parse(o.ApprovalID)
	if err != nil {
		return false, fmt.Errorf("approval id: %w", err)
	}
	var by *string
	if o.DecidedBy != "" {
		by = &o.DecidedBy
	}
	ensureProjection(tx, id, o.Document, o.Submitter, o.LevelCount, o.Run)
	tag, err := tx.Exec(ctx, `update workflow.approvals set status = $2, decided_by = $3, completed_at = $4,
			level = 0, updated_at = now()
		where id = $1 and status in ('pending', 'info_requested')`, id, o.Status, by, o.DecidedAt)
	if err != nil {
		return false, fmt.Errorf("close approval: %w", db.Translate(err))
	}
	// Its result is not needed: it goes with the commit (and the outbox
	// insert), one round trip fewer on the way to the outcome.
	tx.Defer(`delete from workflow.inbox where approval_id = $1`, id)
	return tag.RowsAffected() == 1, nil
}

func (s *store) delivered(ctx context.Context, approvalID string) (bool, error) {
	var done bool
	err := s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		return tx.QueryRow(ctx, `select delivered_at is not null from workflow.approvals where id = $1::uuid`, approvalID).Scan(&done)
	})
	return done, err
}

func (s *store) markDelivered(ctx context.Context, approvalID string) error {
	return s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		_, err := tx.Exec(ctx, `update workflow.approvals set delivered_at = now() where id = $1::uuid`, approvalID)
		return err
	})
}

// unstarted returns the approvals of the tenant of ctx left pending at
// level 0 since before before, the oldest first and at most limit: those
// whose run may never have started (sweep.go).
func (s *store) unstarted(ctx context.Context, before time.Time, limit int) ([]Record, error) {
	var out []Record
	err := s.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) error {
		rows, err := tx.Query(ctx, `select `+recordColumns+` from workflow.approvals
			where status = 'pending' and level = 0 and updated_at < $1 order by updated_at limit $2`, before, limit)
		if err != nil {
			return fmt.Errorf("unstarted approvals: %w", err)
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Record, error) { return scanRecord(r) })
		return err
	})
	return out, err
}
