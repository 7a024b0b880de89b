package masterdata

import (
	"encoding/json"
	"reflect"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/httpx"
)

// Decode reads the writable fields of a new record from JSON, refusing
// unknown fields. Returns INVALID_ARGUMENT naming the field at fault.
func (r *Resource[T]) Decode(data []byte) (T, error) {
	rec := r.k.newRecord()
	if err := httpx.Unmarshal(data, rec.writable()); err != nil {
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
		if err := httpx.Unmarshal(data, &patch); err != nil {
			return err
		}
		if patch == nil {
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
		return httpx.Unmarshal(merged, rec.writable())
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
