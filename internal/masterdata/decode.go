package masterdata

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"strings"

	"github.com/vextrus/vextrus/internal/platform/errs"
)

// Decode reads the writable fields of a new record from JSON, refusing
// unknown fields. Returns INVALID_ARGUMENT naming the field at fault.
func (r *Resource[T]) Decode(data []byte) (T, error) {
	rec := r.k.newRecord()
	if err := decodeStrict(data, rec.writable()); err != nil {
		var zero T
		return zero, err
	}
	return rec, nil
}

// MergePatch returns a patch for Update that applies an RFC 7386 JSON merge
// patch to the writable fields: members replace, null removes (back to the
// default), nested objects merge. Unknown fields are INVALID_ARGUMENT.
func (r *Resource[T]) MergePatch(data []byte) func(T) error {
	return func(rec T) error {
		var patch map[string]any
		if err := json.Unmarshal(data, &patch); err != nil || patch == nil {
			return errs.Field("body", "must be a JSON object of the fields to change")
		}
		current, err := json.Marshal(rec.writable())
		if err != nil {
			return err
		}
		var target map[string]any
		if err := json.Unmarshal(current, &target); err != nil {
			return err
		}
		merged, err := json.Marshal(mergePatch(target, patch))
		if err != nil {
			return err
		}
		reflect.ValueOf(rec.writable()).Elem().SetZero()
		return decodeStrict(merged, rec.writable())
	}
}

func mergePatch(target, patch map[string]any) map[string]any {
	if target == nil {
		target = map[string]any{}
	}
	for k, v := range patch {
		switch pv := v.(type) {
		case nil:
			delete(target, k)
		case map[string]any:
			tv, _ := target[k].(map[string]any)
			target[k] = mergePatch(tv, pv)
		default:
			target[k] = v
		}
	}
	return target
}

// clone copies rec through its JSON form.
func (r *Resource[T]) clone(rec T) (T, error) {
	out := r.k.newRecord()
	*out.meta() = *rec.meta()
	b, err := json.Marshal(rec.writable())
	if err == nil {
		err = json.Unmarshal(b, out.writable())
	}
	return out, err
}

// decodeStrict decodes one JSON object into dst, naming the field of any
// problem.
func decodeStrict(data []byte, dst any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	err := dec.Decode(dst)
	if err == nil {
		if _, err := dec.Token(); !errors.Is(err, io.EOF) {
			return errs.Field("body", "must hold a single JSON object")
		}
		return nil
	}
	var (
		coded  *errs.Error
		typ    *json.UnmarshalTypeError
		syntax *json.SyntaxError
	)
	switch {
	case errors.As(err, &coded):
		return coded
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			field = "body"
		}
		return errs.Field(field, "must be %s", jsonKind(typ.Type))
	case errors.As(err, &syntax), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return errs.Field("body", "is not a JSON object")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return errs.Field(strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`), "is not a known field")
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
	case reflect.Struct, reflect.Map:
		return "an object"
	}
	return "a number"
}
