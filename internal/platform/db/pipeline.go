package db

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// pipeline sends pre and then queries in one round trip and reads pre's
// results, leaving the queries' for the caller.
func (t *Tx) pipeline(ctx context.Context, pre, queries []*pgx.QueuedQuery) pgx.BatchResults {
	b := &pgx.Batch{QueuedQueries: append(pre, queries...)}
	return &afterPrelude{BatchResults: t.conn.SendBatch(ctx, b), skip: len(pre)}
}

// afterPrelude are a pipeline's results after its prelude: the prelude's
// results are read before the first of the caller's.
type afterPrelude struct {
	pgx.BatchResults
	skip int
	err  error
}

func (r *afterPrelude) skipPrelude() error {
	for ; r.skip > 0 && r.err == nil; r.skip-- {
		_, r.err = r.BatchResults.Exec()
	}
	return r.err
}

func (r *afterPrelude) Exec() (pgconn.CommandTag, error) {
	if err := r.skipPrelude(); err != nil {
		return pgconn.CommandTag{}, err
	}
	return r.BatchResults.Exec()
}

func (r *afterPrelude) Query() (pgx.Rows, error) {
	err := r.skipPrelude()
	rows, qerr := r.BatchResults.Query()
	if err != nil {
		rows.Close()
		return rows, err
	}
	return rows, qerr
}

func (r *afterPrelude) QueryRow() pgx.Row {
	if err := r.skipPrelude(); err != nil {
		return &pipelineRow{err: err}
	}
	return r.BatchResults.QueryRow()
}

func (r *afterPrelude) Close() error {
	err := r.BatchResults.Close()
	if r.err != nil {
		return r.err
	}
	return err
}

// pipelineRows are the rows of a statement sent with a prelude; closing
// them, or reading past the last, also ends the pipeline so the
// connection is free again.
type pipelineRows struct {
	pgx.Rows
	br     pgx.BatchResults
	closed bool
	err    error
}

func (r *pipelineRows) Next() bool {
	if r.Rows.Next() {
		return true
	}
	r.Close()
	return false
}

func (r *pipelineRows) Close() {
	if r.closed {
		return
	}
	r.closed = true
	r.Rows.Close()
	r.err = r.br.Close()
}

func (r *pipelineRows) Err() error {
	if err := r.Rows.Err(); err != nil {
		return err
	}
	return r.err
}

// failedRows and failedBatch answer a statement that was never sent.
// They embed the interfaces for the methods an answer without rows never
// reaches.
type failedRows struct {
	pgx.Rows
	err error
}

func (r failedRows) Close()                                       {}
func (r failedRows) Err() error                                   { return r.err }
func (r failedRows) CommandTag() pgconn.CommandTag                { return pgconn.CommandTag{} }
func (r failedRows) FieldDescriptions() []pgconn.FieldDescription { return nil }
func (r failedRows) Next() bool                                   { return false }
func (r failedRows) Scan(...any) error                            { return r.err }
func (r failedRows) Values() ([]any, error)                       { return nil, r.err }
func (r failedRows) RawValues() [][]byte                          { return nil }

type failedBatch struct {
	pgx.BatchResults
	err error
}

func (b failedBatch) Exec() (pgconn.CommandTag, error) { return pgconn.CommandTag{}, b.err }
func (b failedBatch) Query() (pgx.Rows, error)         { return failedRows{err: b.err}, b.err }
func (b failedBatch) QueryRow() pgx.Row                { return &pipelineRow{err: b.err} }
func (b failedBatch) Close() error                     { return b.err }

// pipelineRow is QueryRow's answer for a statement sent with a prelude,
// with pgx.Row's contract: no row is pgx.ErrNoRows.
type pipelineRow struct {
	rows pgx.Rows
	err  error
}

func (r *pipelineRow) Scan(dest ...any) error {
	if r.err != nil {
		return r.err
	}
	defer r.rows.Close()
	if !r.rows.Next() {
		if err := r.rows.Err(); err != nil {
			return err
		}
		return pgx.ErrNoRows
	}
	if err := r.rows.Scan(dest...); err != nil {
		return err
	}
	r.rows.Close()
	return r.rows.Err()
}
