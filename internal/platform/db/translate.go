package db

import (
	"context"
	"errors"
	"io"
	"net"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/vextrus/vextrus/internal/platform/errs"
)

// SQLSTATE codes the platform reacts to.
const (
	codeUniqueViolation       = "23505"
	codeExclusionViolation    = "23P01"
	codeForeignKeyViolation   = "23503"
	codeCheckViolation        = "23514"
	codeNotNullViolation      = "23502"
	codeInsufficientPrivilege = "42501"
	codeSerializationFailure  = "40001"
	codeDeadlock              = "40P01"
	codeQueryCanceled         = "57014"
	codeLockNotAvailable      = "55P03"
	codeTooManyConnections    = "53300"
)

// Translate turns a driver error into a platform error, so stores return
// codes and never leak SQL to clients:
//
//   - pgx.ErrNoRows → NOT_FOUND
//   - unique or exclusion violation → CONFLICT naming the field
//   - foreign key violation → FAILED_PRECONDITION
//   - check and not-null violations, malformed values (class 22) → INVALID_ARGUMENT
//   - insufficient privilege, including a row-level security violation → PERMISSION_DENIED
//   - serialization failure, deadlock, timeouts, lost connections → UNAVAILABLE
//   - anything else → INTERNAL, wrapping the cause
//
// An error that already carries a platform code is returned unchanged; nil
// stays nil. The driver error stays reachable with errors.As.
func Translate(err error) error {
	if err == nil {
		return nil
	}
	var coded *errs.Error
	if errors.As(err, &coded) {
		return err
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return errs.Wrap(errs.NotFound, err, "not found")
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) || pgconn.Timeout(err) {
		return unavailable(err, "the database did not answer in time")
	}
	var pg *pgconn.PgError
	if !errors.As(err, &pg) {
		if lostConnection(err) {
			return unavailable(err, "the database is unavailable")
		}
		return errs.Wrap(errs.Internal, err, "database error")
	}
	return fromPgError(pg, err)
}

// RetryAfterSeconds is the Retry-After of a request refused because the
// database could not be reached: a restarting or failing-over server
// usually answers again within seconds.
const RetryAfterSeconds = 2

func unavailable(err error, msg string) *errs.Error {
	e := errs.Wrap(errs.Unavailable, err, "%s", msg)
	e.RetryAfterSeconds = RetryAfterSeconds
	return e
}

// lostConnection reports an error of the connection rather than of the
// statement: no connection could be opened, or the one in use broke
// (the server went away, the network failed), so that the statement may
// not have reached the server at all.
func lostConnection(err error) bool {
	var conn *pgconn.ConnectError
	var netErr net.Error
	return errors.As(err, &conn) || errors.As(err, &netErr) || errors.Is(err, io.EOF) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, net.ErrClosed) || strings.Contains(err.Error(), "conn closed")
}

func fromPgError(pg *pgconn.PgError, err error) error {
	withCause := func(e *errs.Error) error { e.Cause = err; return e }
	switch {
	case pg.Code == codeUniqueViolation || pg.Code == codeExclusionViolation:
		field := keyField(pg)
		if field == "" {
			return errs.Wrap(errs.Conflict, err, "already exists")
		}
		return &errs.Error{Code: errs.Conflict, Message: field + " already exists",
			Fields: []errs.FieldError{{Field: field, Message: "already exists"}}, Cause: err}
	case pg.Code == codeForeignKeyViolation:
		if strings.Contains(pg.Detail, "still referenced") {
			return errs.Wrap(errs.FailedPrecondition, err, "the record is still in use")
		}
		if field := keyField(pg); field != "" {
			return errs.Wrap(errs.FailedPrecondition, err, "%s refers to a record that does not exist", field)
		}
		return errs.Wrap(errs.FailedPrecondition, err, "refers to a record that does not exist")
	case pg.Code == codeNotNullViolation:
		return withCause(errs.Field(camel(pg.ColumnName), "is required"))
	case pg.Code == codeCheckViolation:
		if field := constraintField(pg, "_check"); field != "" {
			return withCause(errs.Field(field, "is not allowed"))
		}
		return errs.Wrap(errs.InvalidArgument, err, "invalid value")
	case strings.HasPrefix(pg.Code, "22"): // data exceptions: malformed or out-of-range input
		return errs.Wrap(errs.InvalidArgument, err, "malformed or out-of-range value")
	case pg.Code == codeInsufficientPrivilege:
		return errs.Wrap(errs.PermissionDenied, err, "permission denied")
	case pg.Code == codeSerializationFailure || pg.Code == codeDeadlock || pg.Code == codeLockNotAvailable:
		e := errs.Wrap(errs.Unavailable, err, "concurrent update; retry")
		e.RetryAfterSeconds = 1
		return e
	case pg.Code == codeQueryCanceled || pg.Code == codeTooManyConnections ||
		strings.HasPrefix(pg.Code, "08") || strings.HasPrefix(pg.Code, "57P"):
		return unavailable(err, "the database is unavailable")
	}
	return errs.Wrap(errs.Internal, err, "database error")
}

// keyField names the field behind a key violation: the last column of the
// key in the error detail ("Key (tenant_id, bin)=(...)"), tenant_id aside,
// since later columns are the natural key a user typed. Servers with
// translated messages fall back to the constraint name.
func keyField(pg *pgconn.PgError) string {
	if rest, ok := strings.CutPrefix(pg.Detail, "Key ("); ok {
		if cols, _, ok := strings.Cut(rest, ")="); ok {
			names := strings.Split(cols, ", ")
			for i := len(names) - 1; i >= 0; i-- {
				if n := strings.Trim(names[i], `"`); n != "tenant_id" {
					return camel(n)
				}
			}
		}
	}
	return constraintField(pg, "_key", "_pkey", "_fkey", "_excl", "_uniq", "_unique", "_idx")
}

// constraintField derives a field from a constraint named in PostgreSQL's
// style, <table>_<columns>_<suffix>: customers_tenant_id_bin_key gives bin.
func constraintField(pg *pgconn.PgError, suffixes ...string) string {
	name := pg.ConstraintName
	for _, s := range suffixes {
		if n, ok := strings.CutSuffix(name, s); ok {
			name = n
			break
		}
	}
	name = strings.TrimPrefix(name, pg.TableName+"_")
	name = strings.TrimPrefix(name, "tenant_id_")
	if name == "" || name == pg.ConstraintName || name == pg.TableName {
		return ""
	}
	return camel(name)
}

// camel turns a column name into the JSON field name of the API.
func camel(column string) string {
	parts := strings.Split(column, "_")
	for i := 1; i < len(parts); i++ {
		if parts[i] != "" {
			parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
		}
	}
	return strings.Join(parts, "")
}
