package documents

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/httpx"
)

const jobColumns = `id, kind, params, status, progress, step, file_id, file_name, error, requested_by,
	created_at, updated_at, started_at, finished_at`

func scanJob(row pgx.Row) (Job, error) {
	var j Job
	err := row.Scan(&j.ID, &j.Kind, &j.Params, &j.Status, &j.Progress, &j.Step, &j.FileID, &j.FileName, &j.Error,
		&j.RequestedBy, &j.CreatedAt, &j.UpdatedAt, &j.StartedAt, &j.FinishedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return Job{}, errs.E(errs.NotFound, "no document job here has this id")
	}
	if err != nil {
		return Job{}, fmt.Errorf("read job: %w", db.Translate(err))
	}
	return j, nil
}

// insertJob stores a new queued job.
func insertJob(ctx context.Context, tx *db.Tx, j Job) (Job, error) {
	return scanJob(tx.QueryRow(ctx, `INSERT INTO documents.jobs (tenant_id, id, kind, params, requested_by)
		VALUES (current_setting('app.tenant_id')::uuid, $1, $2, $3, $4) RETURNING `+jobColumns,
		j.ID, j.Kind, j.Params, j.RequestedBy))
}

// jobByID reads job id of the transaction's tenant; lock takes its row.
func jobByID(ctx context.Context, tx *db.Tx, id uuid.UUID, lock bool) (Job, error) {
	q := `SELECT ` + jobColumns + ` FROM documents.jobs WHERE id = $1`
	if lock {
		q += ` FOR UPDATE`
	}
	return scanJob(tx.QueryRow(ctx, q, id))
}

// JobFilter narrows a list of jobs; zero fields do not filter.
type JobFilter struct {
	Kind   string
	Status string
	// Mine keeps the caller's own requests.
	RequestedBy string
	Cursor      string
	Limit       int
}

// listJobs reads a page of jobs, newest first, and the next cursor.
func listJobs(ctx context.Context, tx *db.Tx, f JobFilter) ([]Job, string, error) {
	q := `SELECT ` + jobColumns + ` FROM documents.jobs WHERE ($1 = '' OR kind = $1) AND ($2 = '' OR status = $2)
		AND ($3 = '' OR requested_by = $3)`
	args := []any{f.Kind, f.Status, f.RequestedBy}
	if f.Cursor != "" {
		at, id, err := httpx.ParseTimeCursor(f.Cursor)
		if err != nil {
			return nil, "", err
		}
		args = append(args, at, id)
		q += ` AND (created_at, id) < ($4, $5)`
	}
	args = append(args, f.Limit+1)
	q += fmt.Sprintf(` ORDER BY created_at DESC, id DESC LIMIT $%d`, len(args))
	rows, err := tx.Query(ctx, q, args...)
	if err != nil {
		return nil, "", fmt.Errorf("list jobs: %w", db.Translate(err))
	}
	defer rows.Close()
	var out []Job
	for rows.Next() {
		j, err := scanJob(rows)
		if err != nil {
			return nil, "", err
		}
		out = append(out, j)
	}
	if err := rows.Err(); err != nil {
		return nil, "", fmt.Errorf("list jobs: %w", db.Translate(err))
	}
	next := ""
	if len(out) > f.Limit {
		out = out[:f.Limit]
		last := out[len(out)-1]
		next = httpx.TimeCursor(last.CreatedAt, last.ID)
	}
	return out, next, nil
}

// setProgress records how far an unfinished job got; a finished job is
// left as it is. It marks the job running (and when it started).
func setProgress(ctx context.Context, tx *db.Tx, id uuid.UUID, progress int, step string) error {
	_, err := tx.Exec(ctx, `UPDATE documents.jobs SET status = 'running', progress = greatest(progress, $2), step = $3,
			started_at = coalesce(started_at, now()), updated_at = now()
		WHERE id = $1 AND status IN ('queued', 'running')`, id, progress, step)
	if err != nil {
		return fmt.Errorf("job progress: %w", db.Translate(err))
	}
	return nil
}

// setFile records the stored output of an unfinished job, so a retried
// activity finds it and stores nothing twice.
func setFile(ctx context.Context, tx *db.Tx, id, file uuid.UUID, name string) error {
	_, err := tx.Exec(ctx, `UPDATE documents.jobs SET file_id = $2, file_name = $3, updated_at = now()
		WHERE id = $1 AND status IN ('queued', 'running')`, id, file, name)
	if err != nil {
		return fmt.Errorf("job file: %w", db.Translate(err))
	}
	return nil
}

// finishJob ends a locked unfinished job as succeeded or failed.
func finishJob(ctx context.Context, tx *db.Tx, j Job) (Job, error) {
	return scanJob(tx.QueryRow(ctx, `UPDATE documents.jobs SET status = $2, progress = $3, step = $4, file_id = $5,
			file_name = $6, error = $7, started_at = coalesce(started_at, now()), finished_at = now(), updated_at = now()
		WHERE id = $1 RETURNING `+jobColumns, j.ID, j.Status, j.Progress, j.Step, j.FileID, j.FileName, j.Error))
}

// JobCursor is the cursor that continues a list after j.
func JobCursor(j Job) string { return httpx.TimeCursor(j.CreatedAt, j.ID) }
