package httpx

import (
	"errors"
	"fmt"
	"mime"
	"net/http"
	"slices"
	"strings"

	"github.com/vextrus/vextrus/internal/platform/errs"
)

// Media types of request bodies.
const (
	JSONContentType       = "application/json"
	MergePatchContentType = "application/merge-patch+json" // RFC 7386
)

// ReadBody reads the body of r, whose Content-Type must be one of accepted.
// A body in another media type, or with none (curl -d sends
// application/x-www-form-urlencoded; a client that sends nothing has not
// said what it sent), is INVALID_ARGUMENT answered 415 naming the accepted
// types, with Accept-Post or Accept-Patch listing them (RFC 9110 §15.5.16,
// RFC 5789 §3.1). A body past the size limit is INVALID_ARGUMENT.
// An empty body is INVALID_ARGUMENT (400), whatever its content type says.
func ReadBody(r *http.Request, accepted ...string) ([]byte, error) {
	body, err := readAll(r)
	if err != nil {
		return nil, err
	}
	if len(body) == 0 {
		return nil, errs.Field("body", "is empty; a JSON object is required")
	}
	if err := checkContentType(r, accepted); err != nil {
		return nil, err
	}
	return body, nil
}

func checkContentType(r *http.Request, accepted []string) error {
	ct := r.Header.Get("Content-Type")
	mt, params, err := mime.ParseMediaType(ct)
	if err == nil && slices.Contains(accepted, mt) {
		if cs, ok := params["charset"]; !ok || strings.EqualFold(cs, "utf-8") {
			return nil
		}
		return unsupported(accepted, fmt.Sprintf("charset %q is not taken; JSON is UTF-8", params["charset"]))
	}
	if ct == "" {
		return unsupported(accepted, "is required")
	}
	return unsupported(accepted, fmt.Sprintf("%q is not taken", ct))
}

// unsupportedMediaType is the cause of a 415: WriteError reads the types
// to list in Accept-Post or Accept-Patch from it.
type unsupportedMediaType struct{ accepted []string }

func (u *unsupportedMediaType) Error() string {
	return "unsupported media type; accepted: " + strings.Join(u.accepted, ", ")
}

func unsupported(accepted []string, problem string) error {
	want := strings.Join(accepted, " or ")
	e := errs.Wrap(errs.InvalidArgument, &unsupportedMediaType{accepted: accepted},
		"Content-Type %s: send the body as %s", problem, want).WithStatus(http.StatusUnsupportedMediaType)
	e.Fields = []errs.FieldError{{Field: "Content-Type", Message: "must be " + want}}
	return e
}

// acceptHeaders names the media types a 415 should have been sent in.
func acceptHeaders(w http.ResponseWriter, r *http.Request, err error) {
	var u *unsupportedMediaType
	if !errors.As(err, &u) {
		return
	}
	switch r.Method {
	case http.MethodPost:
		w.Header().Set("Accept-Post", strings.Join(u.accepted, ", "))
	case http.MethodPatch:
		w.Header().Set("Accept-Patch", strings.Join(u.accepted, ", "))
	}
}
