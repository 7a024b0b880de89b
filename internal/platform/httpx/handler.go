package httpx

import (
	"net/http"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/errs"
)

// HandlerFunc is a REST handler that returns its error instead of writing
// it: every service's routes are HandlerFuncs, so every failure answers
// the same problem+json through WriteError.
type HandlerFunc func(w http.ResponseWriter, r *http.Request) error

// ServeHTTP runs f and answers its error, if any, with WriteError.
func (f HandlerFunc) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if err := f(w, r); err != nil {
		WriteError(w, r, err)
	}
}

// PathID reads the UUID path parameter name. Returns INVALID_ARGUMENT
// naming the parameter.
func PathID(r *http.Request, name string) (uuid.UUID, error) {
	id, err := uuid.Parse(r.PathValue(name))
	if err != nil {
		return uuid.Nil, errs.Field(name, "must be a UUID")
	}
	return id, nil
}
