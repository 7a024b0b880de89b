package apitest

import (
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"testing"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/httpx"
)

// Response is an answer with its body read.
type Response struct {
	Status int
	Header http.Header
	// Raw is the body as received.
	Raw []byte
	// Body is the body decoded as a JSON object, nil when it is not one.
	Body map[string]any
}

func read(res *http.Response) (Response, error) {
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		return Response{}, err
	}
	r := Response{Status: res.StatusCode, Header: res.Header, Raw: raw}
	_ = json.Unmarshal(raw, &r.Body) // not every answer is an object
	return r, nil
}

// Want fails the test, showing the body, unless the answer has status.
func (r Response) Want(tb testing.TB, status int) Response {
	tb.Helper()
	if r.Status != status {
		tb.Fatalf("status %d, want %d: %s", r.Status, status, r.Raw)
	}
	return r
}

// Decode decodes the body into v, failing the test when it cannot.
func (r Response) Decode(tb testing.TB, v any) {
	tb.Helper()
	if err := json.Unmarshal(r.Raw, v); err != nil {
		tb.Fatalf("decode %s: %v", r.Raw, err)
	}
}

// Problem decodes a problem answer (RFC 9457), failing the test when the
// answer is not application/problem+json.
func (r Response) Problem(tb testing.TB) httpx.Problem {
	tb.Helper()
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct != httpx.ProblemContentType {
		tb.Fatalf("status %d with content type %q, want a problem: %s", r.Status, r.Header.Get("Content-Type"), r.Raw)
	}
	var p httpx.Problem
	r.Decode(tb, &p)
	return p
}

// WantProblem fails the test unless the answer is a problem with status
// and code, and returns it.
func (r Response) WantProblem(tb testing.TB, status int, code errs.Code) httpx.Problem {
	tb.Helper()
	r.Want(tb, status)
	p := r.Problem(tb)
	if p.Code != code {
		tb.Fatalf("problem code %s, want %s: %s", p.Code, code, r.Raw)
	}
	return p
}

// Code returns the platform code of a problem answer, empty for any other.
func (r Response) Code() string { s, _ := r.Body["code"].(string); return s }

// Detail returns the detail of a problem answer, empty for any other.
func (r Response) Detail() string { s, _ := r.Body["detail"].(string); return s }

// Fields returns the names of the fields a problem answer blames.
func (r Response) Fields(tb testing.TB) []string {
	tb.Helper()
	var fields []string
	for _, f := range r.Problem(tb).Errors {
		fields = append(fields, f.Field)
	}
	return fields
}
