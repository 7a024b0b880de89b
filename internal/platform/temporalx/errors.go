package temporalx

import (
	"context"
	"errors"
	"slices"
	"strings"

	"go.temporal.io/sdk/temporal"

	"github.com/vextrus/vextrus/internal/platform/errs"
)

// clientCodes are the codes a retry cannot change: the activity fails
// at once with them.
var clientCodes = []errs.Code{errs.InvalidArgument, errs.NotFound, errs.FailedPrecondition, errs.PermissionDenied,
	errs.Conflict, errs.Unauthenticated}

// ActivityError is what an activity returns for err: a domain error whose
// code a retry cannot change becomes a non-retryable application error
// typed with the code, so the workflow (or the caller of an update)
// gets it back as it was; any other error stays retryable.
func ActivityError(err error) error {
	if err == nil {
		return nil
	}
	if e := errs.As(err); e != nil && slices.Contains(clientCodes, e.Code) {
		return temporal.NewNonRetryableApplicationError(e.Message, string(e.Code), nil)
	}
	return err
}

// DomainError turns what Temporal answered a start, update or workflow
// result with back into a domain error: an application error typed with
// a code becomes that code; a frontend that cannot be reached, a timeout
// or cancel, and anything else from the engine are UNAVAILABLE with a
// Retry-After.
func DomainError(err error) error {
	if err == nil {
		return nil
	}
	var app *temporal.ApplicationError
	if errors.As(err, &app) && slices.Contains(errs.Codes(), errs.Code(app.Type())) {
		return errs.E(errs.Code(app.Type()), "%s", app.Message())
	}
	var e *errs.Error
	switch {
	case strings.Contains(err.Error(), unreachable):
		e = errs.Wrap(errs.Unavailable, err, "the workflow engine is unreachable; retry later")
	case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
		e = errs.Wrap(errs.Unavailable, err, "the workflow engine did not answer in time")
	default:
		e = errs.Wrap(errs.Unavailable, err, "workflow engine")
	}
	e.RetryAfterSeconds = RetryAfterSeconds
	return e
}
