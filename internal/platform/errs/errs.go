// Package errs is the platform's one error type. Every error that can reach
// a client carries a Code from a closed set; the code decides the HTTP status
// and the GraphQL extensions.code in one table. Errors without a code are
// INTERNAL and their text never reaches a client.
package errs

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
)

// Code is one of the closed set of error codes shared by REST and GraphQL.
type Code string

// The closed set of codes (DESIGN §10).
const (
	InvalidArgument    Code = "INVALID_ARGUMENT"
	Unauthenticated    Code = "UNAUTHENTICATED"
	PermissionDenied   Code = "PERMISSION_DENIED"
	NotFound           Code = "NOT_FOUND"
	Conflict           Code = "CONFLICT"
	FailedPrecondition Code = "FAILED_PRECONDITION"
	RateLimited        Code = "RATE_LIMITED"
	Unavailable        Code = "UNAVAILABLE"
	Internal           Code = "INTERNAL"
)

type codeInfo struct {
	status int
	title  string
	// refined are the more specific HTTP statuses an error of the code may
	// carry (Error.Status): the same kind of failure, told apart for HTTP
	// clients, while GraphQL and other callers see only the code.
	refined []int
}

// table is the one place a code meets HTTP.
var table = map[Code]codeInfo{
	// 415: the body is in a media type the endpoint does not take; 413
	// (RFC 9110 §15.5.14): the body is larger than the endpoint takes.
	InvalidArgument: {http.StatusBadRequest, "Invalid argument",
		[]int{http.StatusUnsupportedMediaType, http.StatusRequestEntityTooLarge}},
	Unauthenticated:  {http.StatusUnauthorized, "Unauthenticated", nil},
	PermissionDenied: {http.StatusForbidden, "Permission denied", nil},
	NotFound:         {http.StatusNotFound, "Not found", nil},
	Conflict:         {http.StatusConflict, "Conflict", nil},
	// 428 (RFC 6585): a change that must be conditional came without
	// If-Match.
	FailedPrecondition: {http.StatusPreconditionFailed, "Failed precondition", []int{http.StatusPreconditionRequired}},
	RateLimited:        {http.StatusTooManyRequests, "Rate limited", nil},
	Unavailable:        {http.StatusServiceUnavailable, "Unavailable", nil},
	Internal:           {http.StatusInternalServerError, "Internal error", nil},
}

// Codes lists every code, for documentation and exhaustive tests.
func Codes() []Code {
	return []Code{InvalidArgument, Unauthenticated, PermissionDenied, NotFound,
		Conflict, FailedPrecondition, RateLimited, Unavailable, Internal}
}

// HTTPStatus returns the HTTP status of a code; unknown codes are 500.
func (c Code) HTTPStatus() int {
	if i, ok := table[c]; ok {
		return i.status
	}
	return http.StatusInternalServerError
}

// Title returns the short human title of a code.
func (c Code) Title() string {
	if i, ok := table[c]; ok {
		return i.title
	}
	return table[Internal].title
}

// FromHTTPStatus maps a status received from another service back to a code.
func FromHTTPStatus(status int) Code {
	for c, i := range table {
		if i.status == status || slices.Contains(i.refined, status) {
			return c
		}
	}
	switch {
	case status >= 500:
		return Unavailable
	case status >= 400:
		return InvalidArgument
	}
	return Internal
}

// FieldError names one offending input field.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Error is the platform error: a code, a message safe for clients, optional
// field errors, and an optional wrapped cause that stays internal.
type Error struct {
	Code    Code
	Message string
	Fields  []FieldError
	// RetryAfterSeconds is set on RATE_LIMITED and UNAVAILABLE when known.
	RetryAfterSeconds int
	// Status, when set, is a more specific HTTP status the code's table
	// entry allows (413 and 415 for INVALID_ARGUMENT, 428 for
	// FAILED_PRECONDITION); see WithStatus.
	Status int
	Cause  error
}

// HTTPStatus is the status e answers with over HTTP: its refined Status
// when the code allows it, else the code's.
func (e *Error) HTTPStatus() int {
	if e.Status != 0 && slices.Contains(table[e.Code].refined, e.Status) {
		return e.Status
	}
	return e.Code.HTTPStatus()
}

// WithStatus sets the more specific HTTP status of e and returns e. A
// status the code's table entry does not list is ignored, so the code
// always decides the status family.
func (e *Error) WithStatus(status int) *Error {
	if slices.Contains(table[e.Code].refined, status) {
		e.Status = status
	}
	return e
}

func (e *Error) Error() string {
	if e.Cause != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Cause)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

func (e *Error) Unwrap() error { return e.Cause }

// E builds an error with a code and a client-safe message.
func E(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Wrap builds an error with a code around an internal cause; the cause is
// logged but not shown to clients.
func Wrap(code Code, cause error, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Cause: cause}
}

// Invalid builds an INVALID_ARGUMENT error naming the fields at fault.
func Invalid(fields ...FieldError) *Error {
	msg := "invalid input"
	if len(fields) == 1 {
		msg = fields[0].Field + ": " + fields[0].Message
	} else if len(fields) > 1 {
		msg = fmt.Sprintf("%d fields are invalid", len(fields))
	}
	return &Error{Code: InvalidArgument, Message: msg, Fields: fields}
}

// Field is shorthand for a single field error.
func Field(field, format string, args ...any) *Error {
	return Invalid(FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
}

// Taken builds a CONFLICT error naming the field whose value another
// record already holds (an email, a slug, a name).
func Taken(field, format string, args ...any) *Error {
	msg := fmt.Sprintf(format, args...)
	return &Error{Code: Conflict, Message: field + ": " + msg, Fields: []FieldError{{Field: field, Message: msg}}}
}

// CodeOf returns the code of err: the code of the first *Error in its chain,
// or INTERNAL.
func CodeOf(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// As returns the *Error in err's chain, or one that hides err as INTERNAL.
func As(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return &Error{Code: Internal, Message: Internal.Title(), Cause: err}
}

// Public returns what may be shown to a client: internal errors lose their
// message, others keep it.
func Public(err error) *Error {
	e := As(err)
	if e.Code == Internal || e.Code == "" {
		return &Error{Code: Internal, Message: "internal error"}
	}
	return &Error{Code: e.Code, Message: e.Message, Fields: e.Fields, RetryAfterSeconds: e.RetryAfterSeconds, Status: e.Status}
}

// Is reports whether err carries code.
func Is(err error, code Code) bool { return err != nil && CodeOf(err) == code }

// Collector gathers field errors so validation can report every problem at
// once.
type Collector struct{ fields []FieldError }

// Add records a problem with field.
func (c *Collector) Add(field, format string, args ...any) {
	c.fields = append(c.fields, FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
}

// Check records a problem with field when ok is false.
func (c *Collector) Check(ok bool, field, format string, args ...any) {
	if !ok {
		c.Add(field, format, args...)
	}
}

// Merge adds the field errors of err (prefixed) when it is INVALID_ARGUMENT,
// or a single problem otherwise.
func (c *Collector) Merge(field string, err error) {
	if err == nil {
		return
	}
	e := As(err)
	if e.Code == InvalidArgument && len(e.Fields) > 0 {
		for _, f := range e.Fields {
			name := f.Field
			if field != "" && name != "" {
				name = field + "." + name
			} else if field != "" {
				name = field
			}
			c.fields = append(c.fields, FieldError{Field: name, Message: f.Message})
		}
		return
	}
	c.Add(field, "%s", e.Message)
}

// Err returns nil when nothing was recorded, else INVALID_ARGUMENT with
// every field error.
func (c *Collector) Err() error {
	if len(c.fields) == 0 {
		return nil
	}
	return Invalid(c.fields...)
}

// ErrStaleVersion is the cause of every CONFLICT that refuses a change made
// from a version the record has since moved past, so an edge can tell it
// from other conflicts: REST answers it 412 to the If-Match it came from
// (httpx.Precondition), GraphQL keeps CONFLICT for expectedVersion.
var ErrStaleVersion = errors.New("stale version")

// Stale builds the CONFLICT of a change made from an old version.
func Stale(format string, args ...any) *Error {
	return &Error{Code: Conflict, Message: fmt.Sprintf(format, args...), Cause: ErrStaleVersion}
}
