package masterdata

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/httpx"
)

// importChunk is how many rows one import transaction writes: large enough
// that 10,000 rows take ten round trips, small enough that progress moves.
const importChunk = 1000

// csvRow is one data row of an import.
type csvRow struct {
	line  int
	cells []string
}

// Import reads a CSV file (header row of field names, see the kind's
// columns) and creates a record for every valid row whose code the tenant
// does not have yet, so running the same file again creates nothing. Each
// refused row is reported with its line and fields. With wait the job runs
// before Import returns; otherwise it runs in the background and
// ImportJob reports its progress.
//
// Returns INVALID_ARGUMENT when the file is not CSV or its header names an
// unknown column; bad rows never fail the import.
func (r *Resource[T]) Import(ctx context.Context, file io.Reader, wait bool) (*ImportJob, error) {
	if err := authz.Require(ctx, r.k.write); err != nil {
		return nil, err
	}
	cols, rows, err := r.readCSV(file)
	if err != nil {
		return nil, err
	}
	job, err := r.s.startJob(ctx, r.k.plural, len(rows))
	if err != nil {
		return nil, err
	}
	if wait {
		r.runImport(ctx, job, cols, rows)
		return job, nil
	}
	snapshot := *job
	r.s.jobs.Add(1)
	go func() {
		defer r.s.jobs.Done()
		bg, cancel := context.WithCancel(context.WithoutCancel(ctx))
		defer context.AfterFunc(r.s.stop, cancel)()
		defer cancel()
		r.runImport(bg, job, cols, rows)
	}()
	return &snapshot, nil
}

func (r *Resource[T]) readCSV(file io.Reader) ([]csvColumn, []csvRow, error) {
	raw, err := io.ReadAll(file)
	if err != nil {
		return nil, nil, errs.Wrap(errs.InvalidArgument, err, "the file could not be read")
	}
	raw = bytes.TrimPrefix(raw, []byte("\ufeff"))
	if !utf8.Valid(raw) {
		// JSON would carry each bad byte as U+FFFD: a file saved in a
		// legacy code page would import as mojibake.
		return nil, nil, errs.Field("file", "line %d is not UTF-8 text; save the file as CSV UTF-8", firstBadLine(raw))
	}
	cr := csv.NewReader(bytes.NewReader(raw))
	cr.ReuseRecord = false
	header, err := cr.Read()
	if err != nil {
		return nil, nil, errs.Field("file", "must be CSV with a header row of field names")
	}
	byHeader := map[string]csvColumn{}
	for _, c := range r.k.csv {
		byHeader[strings.ToLower(c.header)] = c
	}
	var cols []csvColumn
	var c errs.Collector
	for _, h := range header {
		column, ok := byHeader[strings.ToLower(strings.TrimSpace(h))]
		c.Check(ok, "file", "column %q is not a field of %s", h, r.k.plural)
		cols = append(cols, column)
	}
	if err := c.Err(); err != nil {
		return nil, nil, err
	}
	var rows []csvRow
	for {
		cells, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrFieldCount) {
				rows = append(rows, csvRow{line: pe.StartLine})
				continue
			}
			return nil, nil, errs.Field("file", "is not valid CSV: %v", err)
		}
		line, _ := cr.FieldPos(0)
		rows = append(rows, csvRow{line: line, cells: cells})
	}
	return cols, rows, nil
}

// firstBadLine is the line of the first byte of data that is not UTF-8.
func firstBadLine(data []byte) int {
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n == 1 {
			return 1 + bytes.Count(data[:i], []byte("\n"))
		}
		i += n
	}
	return 0
}

// runImport works through the rows a chunk at a time, one transaction per
// chunk holding the records, their events and the job's progress.
func (r *Resource[T]) runImport(ctx context.Context, job *ImportJob, cols []csvColumn, rows []csvRow) {
	defer r.s.keepLease(ctx, job.ID)()
	seen := map[string]int{}
	for start := 0; start < len(rows); start += importChunk {
		chunk := rows[start:min(start+importChunk, len(rows))]
		err := r.importChunk(ctx, job, cols, chunk, seen)
		switch {
		case err == nil:
			continue
		case errors.Is(err, errLeaseLost):
			r.s.log.ErrorContext(ctx, "import stopped", "job", job.ID, "err", err)
			job.Status, job.Reason = "failed", ReasonInterrupted
		case ctx.Err() != nil:
			r.s.log.WarnContext(ctx, "import interrupted", "job", job.ID, "err", err)
			r.s.finish(ctx, job, ReasonInterrupted)
		default:
			r.s.log.ErrorContext(ctx, "import chunk failed", "job", job.ID, "err", err)
			r.s.finish(ctx, job, ReasonError)
		}
		return
	}
	if job.Created >= analyzeAfter {
		err := r.s.db.InTx(ctx, func(ctx context.Context, tx *db.Tx) error {
			_, err := tx.Exec(ctx, "select masterdata.analyze_records($1)", r.k.plural)
			return err
		})
		if err != nil {
			r.s.log.WarnContext(ctx, "analyze after import", "job", job.ID, "err", err)
		}
	}
	r.s.finish(ctx, job, "")
}

// analyzeAfter is how many new rows make an import refresh the planner's
// statistics of the table.
const analyzeAfter = 500

func (r *Resource[T]) importChunk(ctx context.Context, job *ImportJob, cols []csvColumn, chunk []csvRow, seen map[string]int) error {
	var good []T
	var lines []int
	var rowErrs []RowError
	for _, row := range chunk {
		rec, code, err := r.parseRow(ctx, cols, row)
		switch {
		case err != nil:
			rowErrs = append(rowErrs, rowError(row.line, code, err))
		case seen[code] != 0:
			rowErrs = append(rowErrs, RowError{Line: row.line, Code: code, Fields: []errs.FieldError{
				{Field: r.k.codeField, Message: fmt.Sprintf("%s also appears on line %d", code, seen[code])}}})
		default:
			seen[code] = row.line
			good, lines = append(good, rec), append(lines, row.line)
		}
	}
	now := time.Now().UTC().Truncate(time.Microsecond)
	by := authz.Actor(ctx)
	for _, rec := range good {
		*rec.meta() = Meta{ID: uuid.Must(uuid.NewV7()), Version: 1, CreatedBy: by, CreatedAt: now, UpdatedAt: now}
	}
	progress := *job
	err := r.s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		progress = *job
		valid, checkErrs, err := r.checkMany(ctx, tx, good, lines)
		if err != nil {
			return err
		}
		progress.Errors = appendErrs(append([]RowError(nil), job.Errors...), rowErrs, checkErrs)
		progress.Failed += len(rowErrs) + len(checkErrs)
		progress.Processed += len(chunk)
		if len(valid) > 0 {
			inserted, err := r.store.insert(ctx, tx, valid, true)
			if err != nil {
				return err
			}
			created := valid[:0:0]
			for _, rec := range valid {
				if inserted[rec.project().code] {
					created = append(created, rec)
				}
			}
			drafts, err := r.drafts(created)
			if err != nil {
				return err
			}
			if err := r.s.events.Append(ctx, tx, drafts...); err != nil {
				return err
			}
			progress.Created += len(created)
			progress.Skipped += len(valid) - len(created)
		}
		return saveProgress(ctx, tx, &progress)
	})
	if err != nil {
		return err
	}
	*job = progress
	return nil
}

// parseRow decodes and validates one row, returning its code when it has
// one so the report can name it.
func (r *Resource[T]) parseRow(ctx context.Context, cols []csvColumn, row csvRow) (T, string, error) {
	var zero T
	if row.cells == nil {
		return zero, "", errs.Field("file", "row has %d columns, the header %d", 0, len(cols))
	}
	data, err := toJSON(cols, row.cells)
	if err != nil {
		return zero, "", err
	}
	rec := r.k.newRecord()
	if err := httpx.Unmarshal(data, rec.writable()); err != nil {
		return zero, codeCell(cols, row.cells, r.k.codeField), err
	}
	err = r.validate(ctx, rec)
	code := rec.project().code
	if err != nil {
		return zero, code, err
	}
	return rec, code, nil
}

func codeCell(cols []csvColumn, cells []string, field string) string {
	for i, c := range cols {
		if c.header == field {
			return strings.TrimSpace(cells[i])
		}
	}
	return ""
}

// checkMany runs the kind's database checks and splits recs into valid
// ones and refused rows.
func (r *Resource[T]) checkMany(ctx context.Context, tx *db.Tx, recs []T, lines []int) ([]T, []RowError, error) {
	if r.k.check == nil || len(recs) == 0 {
		return recs, nil, nil
	}
	cols := make([]*errs.Collector, len(recs))
	err := r.k.check(ctx, tx, recs, func(i int) *errs.Collector {
		if cols[i] == nil {
			cols[i] = &errs.Collector{}
		}
		return cols[i]
	})
	if err != nil {
		return nil, nil, err
	}
	var valid []T
	var bad []RowError
	for i, rec := range recs {
		if cols[i] == nil {
			valid = append(valid, rec)
			continue
		}
		bad = append(bad, rowError(lines[i], rec.project().code, cols[i].Err()))
	}
	return valid, bad, nil
}

func rowError(line int, code string, err error) RowError {
	e := errs.As(err)
	fields := e.Fields
	if len(fields) == 0 {
		fields = []errs.FieldError{{Field: "", Message: errs.Public(err).Message}}
	}
	return RowError{Line: line, Code: code, Fields: fields}
}

func appendErrs(into []RowError, more ...[]RowError) []RowError {
	for _, m := range more {
		for _, e := range m {
			if len(into) < maxRowErrors {
				into = append(into, e)
			}
		}
	}
	return into
}
