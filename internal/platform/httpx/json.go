package httpx

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"reflect"
	"strconv"
	"strings"

	"github.com/vextrus/vextrus/internal/platform/errs"
)

// WriteJSON answers v as JSON with status.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", JSONContentType)
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// DecodeJSON reads one JSON value from the body of r into dst with
// Unmarshal. The body must be application/json (415 otherwise, see
// ReadBody); an empty body is INVALID_ARGUMENT.
func DecodeJSON(r *http.Request, dst any) error {
	body, err := ReadBody(r, JSONContentType)
	if err != nil {
		return err
	}
	return Unmarshal(body, dst)
}

// DecodeOptionalJSON is DecodeJSON for an action whose body may be left
// out: an empty body, with or without a content type, leaves dst as it is.
func DecodeOptionalJSON(r *http.Request, dst any) error {
	body, err := readAll(r)
	if err != nil || len(bytes.TrimSpace(body)) == 0 {
		return err
	}
	if err := checkContentType(r, []string{JSONContentType}); err != nil {
		return err
	}
	return Unmarshal(body, dst)
}

// Unmarshal is the one strict JSON decoder of the platform: data must be a
// single JSON value whose objects repeat no member name and whose strings
// hold no NUL character (PostgreSQL text cannot store one), decoded into
// dst with unknown fields refused. Every problem is INVALID_ARGUMENT
// naming the field at fault ("body" for the document as a whole).
func Unmarshal(data []byte, dst any) error {
	if err := scan(data); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return decodeError(err)
	}
	return nil
}

func readAll(r *http.Request) ([]byte, error) {
	if r.Body == nil {
		return nil, nil
	}
	b, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, decodeError(err)
	}
	return b, nil
}

func decodeError(err error) error {
	var (
		syntax  *json.SyntaxError
		typ     *json.UnmarshalTypeError
		tooBig  *http.MaxBytesError
		fielded *errs.Error
	)
	switch {
	case errors.As(err, &fielded):
		return fielded
	case errors.Is(err, io.EOF):
		return errs.Field("body", "is empty; a JSON object is required")
	case errors.As(err, &syntax), errors.Is(err, io.ErrUnexpectedEOF):
		return errs.Field("body", "is not valid JSON")
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			field = "body"
		}
		return errs.Field(field, "must be %s", jsonKind(typ.Type))
	case errors.As(err, &tooBig):
		return errs.Field("body", "is larger than %d bytes", tooBig.Limit).WithStatus(http.StatusRequestEntityTooLarge)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		// encoding/json quotes the name as a Go string literal.
		name, uerr := strconv.Unquote(strings.TrimPrefix(err.Error(), "json: unknown field "))
		if uerr != nil {
			name = strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		}
		return errs.Field(join("", name), "is not a known field")
	}
	return errs.Field("body", "cannot be read")
}

func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Map, reflect.Struct:
		return "an object"
	}
	return "a number"
}

// Document serves doc, a JSON document fixed at build time (a service's
// OpenAPI description), as application/json.
func Document(doc []byte) HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) error {
		w.Header().Set("Content-Type", "application/json")
		_, err := w.Write(doc)
		return err
	}
}
