package httpx

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/requestid"
)

// ProblemContentType is the media type of RFC 9457 problem details.
const ProblemContentType = "application/problem+json"

// Problem is the RFC 9457 body every REST error answers with.
type Problem struct {
	Type      string            `json:"type"`
	Title     string            `json:"title"`
	Status    int               `json:"status"`
	Detail    string            `json:"detail"`
	Code      errs.Code         `json:"code"`
	RequestID string            `json:"requestId,omitempty"`
	Errors    []errs.FieldError `json:"errors,omitempty"`
}

// ProblemTypeBase prefixes problem type URIs; each code has its own page.
const ProblemTypeBase = "https://vextrus.dev/problems/"

// ToProblem turns any error into the problem a client may see.
func ToProblem(err error, reqID string) Problem {
	e := errs.Public(err)
	return Problem{
		Type:      ProblemTypeBase + string(e.Code),
		Title:     e.Code.Title(),
		Status:    e.HTTPStatus(),
		Detail:    e.Message,
		Code:      e.Code,
		RequestID: reqID,
		Errors:    e.Fields,
	}
}

// Err converts a received problem back into a platform error, so errors keep
// their code across service boundaries.
func (p Problem) Err() *errs.Error {
	code := p.Code
	if code == "" {
		code = errs.FromHTTPStatus(p.Status)
	}
	return (&errs.Error{Code: code, Message: p.Detail, Fields: p.Errors}).WithStatus(p.Status)
}

// WriteError answers err as problem+json. Internal causes are logged, never
// sent.
func WriteError(w http.ResponseWriter, r *http.Request, err error) {
	ctx := r.Context()
	e := errs.As(err)
	if e.Code == errs.Internal {
		slog.ErrorContext(ctx, "request failed", "err", err, "method", r.Method, "path", r.URL.Path)
	}
	p := ToProblem(err, requestid.From(ctx))
	acceptHeaders(w, r, err)
	if e.RetryAfterSeconds > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(e.RetryAfterSeconds))
	}
	w.Header().Set("Content-Type", ProblemContentType)
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(p.Status)
	_ = json.NewEncoder(w).Encode(p)
}
