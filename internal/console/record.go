package console

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// Record is an API resource as JSON: the console reads records only
// through the fields its screens name, so it needs no type per kind.
type Record map[string]any

// Str is the field at a dotted path ("address.district") as text.
func (r Record) Str(path string) string {
	var cur any = map[string]any(r)
	for _, k := range strings.Split(path, ".") {
		m, ok := cur.(map[string]any)
		if !ok {
			return ""
		}
		cur = m[k]
	}
	switch v := cur.(type) {
	case nil:
		return ""
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	}
	return fmt.Sprint(cur)
}

// Values are r's fields of specs, as a form shows them (a money field
// shows its amount).
func (r Record) Values(specs []FieldSpec) url.Values {
	v := url.Values{}
	for _, s := range specs {
		if s.Type == "money" {
			v.Set(s.Name, r.Str(s.Name+".amount"))
		} else {
			v.Set(s.Name, r.Str(s.Name))
		}
	}
	return v
}

// Body builds an API body from a form's fields: dotted names nest
// (address.district), ints become numbers. Empty fields are left out, or
// sent as null with clear (an edit clears what the user emptied).
func Body(form url.Values, fields []FieldSpec, clear bool) (map[string]any, error) {
	out := map[string]any{}
	for _, f := range fields {
		raw := strings.TrimSpace(form.Get(f.Name))
		var v any = raw
		switch {
		case raw == "" && !clear:
			continue
		case raw == "":
			v = nil
		case f.Type == "money":
			v = map[string]any{"amount": raw, "currency": "BDT"}
		case f.Type == "int":
			n, err := strconv.Atoi(raw)
			if err != nil {
				return nil, fieldErr(f.Name, "must be a whole number")
			}
			v = n
		}
		set(out, strings.Split(f.Name, "."), v)
	}
	return out, nil
}

func set(m map[string]any, path []string, v any) {
	if len(path) == 1 {
		m[path[0]] = v
		return
	}
	sub, ok := m[path[0]].(map[string]any)
	if !ok {
		sub = map[string]any{}
		m[path[0]] = sub
	}
	set(sub, path[1:], v)
}
