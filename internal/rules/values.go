package rules

import (
	"bytes"
	"encoding/json"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/interpreter"

	"github.com/vextrus/vextrus/internal/platform/errs"
)

// DecodeInput reads a JSON object keeping numbers exact (json.Number), so
// large ints and decimals given as numbers lose nothing.
func DecodeInput(raw []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var in map[string]any
	if err := dec.Decode(&in); err != nil || in == nil {
		return nil, errs.Field("input", "must be a JSON object")
	}
	if dec.More() {
		return nil, errs.Field("input", "must be a single JSON object")
	}
	return in, nil
}

// activation holds one evaluation's inputs by schema position: CEL asks
// for variables by name, the table's index answers with the slot. Pooled,
// so binding allocates only the values themselves.
type activation struct {
	index map[string]int
	vals  []ref.Val
}

func (a *activation) ResolveName(name string) (any, bool) {
	i, ok := a.index[name]
	if !ok {
		return nil, false
	}
	return a.vals[i], true
}

func (a *activation) Parent() interpreter.Activation { return nil }

var activations sync.Pool

// release returns a to the pool; nothing may use it afterwards.
func (a *activation) release() {
	clear(a.vals)
	a.index = nil
	activations.Put(a)
}

func (t *Table) newActivation() *activation {
	a, _ := activations.Get().(*activation)
	if a == nil {
		a = &activation{}
	}
	a.index = t.inputIndex
	if cap(a.vals) < len(t.input) {
		a.vals = make([]ref.Val, len(t.input))
	}
	a.vals = a.vals[:len(t.input)]
	return a
}

// bindInput checks in against the input schema and converts it to CEL
// values. Returns INVALID_ARGUMENT naming every offending field. The
// caller releases the activation.
func (t *Table) bindInput(in map[string]any) (*activation, error) {
	vars := t.newActivation()
	var c *errs.Collector
	fail := func(field, format string, args ...any) {
		if c == nil {
			c = &errs.Collector{}
		}
		c.Add("input."+field, format, args...)
	}
	present := 0
	for _, f := range t.input {
		v, ok := in[f.Name]
		if ok {
			present++
		}
		if !ok || v == nil {
			if f.Required {
				fail(f.Name, "is required")
				continue
			}
			vars.vals[t.inputIndex[f.Name]] = zeroValue(f.Type)
			continue
		}
		cv, msg := t.toCEL(f.Type, v)
		if msg != "" {
			fail(f.Name, "%s", msg)
			continue
		}
		vars.vals[t.inputIndex[f.Name]] = cv
	}
	if len(in) > present {
		for name := range in {
			if _, ok := t.inputIndex[name]; !ok {
				fail(name, "is not a field of the input schema")
			}
		}
	}
	if c != nil {
		vars.release()
		return nil, c.Err()
	}
	return vars, nil
}

func (t *Table) toCEL(ft FieldType, v any) (ref.Val, string) {
	switch ft {
	case String:
		s, ok := v.(string)
		if !ok {
			return nil, "must be a string"
		}
		if len(s) > t.limits.MaxStringLen || !utf8.ValidString(s) {
			return nil, "must be valid UTF-8 of at most " + strconv.Itoa(t.limits.MaxStringLen) + " bytes"
		}
		return types.String(s), ""
	case Int:
		switch x := v.(type) {
		case int:
			return types.Int(x), ""
		case int64:
			return types.Int(x), ""
		}
		n, ok := v.(json.Number)
		if !ok {
			return nil, "must be an integer"
		}
		i, err := strconv.ParseInt(string(n), 10, 64)
		if err != nil {
			return nil, "must be an integer within 64 bits"
		}
		return types.Int(i), ""
	case DecimalT:
		var s string
		switch x := v.(type) {
		case string:
			s = x
		case json.Number:
			s = string(x)
		case Decimal:
			return x, ""
		default:
			return nil, "must be a decimal string such as \"1250.50\""
		}
		d, err := ParseDecimal(s)
		if err != nil {
			return nil, err.Error()
		}
		return d, ""
	case Bool:
		b, ok := v.(bool)
		if !ok {
			return nil, "must be true or false"
		}
		return types.Bool(b), ""
	case Date:
		s, ok := v.(string)
		d, err := time.Parse(time.DateOnly, s)
		if !ok || err != nil {
			return nil, "must be a date YYYY-MM-DD"
		}
		return types.Timestamp{Time: d}, ""
	case StringList:
		tooLong := "must be a list of at most " + strconv.Itoa(t.limits.MaxListLen) + " strings"
		if ss, ok := v.([]string); ok { // from Go callers: used as is, never modified
			if len(ss) > t.limits.MaxListLen {
				return nil, tooLong
			}
			for i, s := range ss {
				if msg := t.listItem(i, s, true); msg != "" {
					return nil, msg
				}
			}
			return types.NewStringList(types.DefaultTypeAdapter, ss), ""
		}
		list, ok := v.([]any)
		if !ok || len(list) > t.limits.MaxListLen {
			return nil, tooLong
		}
		out := make([]string, len(list))
		for i, e := range list {
			s, ok := e.(string)
			if msg := t.listItem(i, s, ok); msg != "" {
				return nil, msg
			}
			out[i] = s
		}
		return types.NewStringList(types.DefaultTypeAdapter, out), ""
	}
	return nil, "has an unknown type"
}

// listItem checks item i of a string list input.
func (t *Table) listItem(i int, s string, isString bool) string {
	if !isString || len(s) > t.limits.MaxStringLen || !utf8.ValidString(s) {
		return "item " + strconv.Itoa(i) + " must be a string of at most " + strconv.Itoa(t.limits.MaxStringLen) + " bytes"
	}
	return ""
}

func zeroValue(ft FieldType) ref.Val {
	switch ft {
	case Int:
		return types.Int(0)
	case DecimalT:
		return Decimal(0)
	case Bool:
		return types.False
	case Date:
		return types.Timestamp{Time: time.Unix(0, 0).UTC()}
	case StringList:
		return types.NewStringList(types.DefaultTypeAdapter, nil)
	}
	return types.String("")
}

// toNative converts a CEL output of field type ft to its JSON form: decimal
// and date as strings, so nothing inexact reaches a client.
func toNative(ft FieldType, v ref.Val) (any, bool) {
	switch ft {
	case String:
		s, ok := v.(types.String)
		return string(s), ok
	case Int:
		i, ok := v.(types.Int)
		return int64(i), ok
	case DecimalT:
		switch x := v.(type) {
		case Decimal:
			return x.String(), true
		case types.Int:
			d, err := DecimalFromInt(int64(x))
			return d.String(), err == nil
		}
	case Bool:
		b, ok := v.(types.Bool)
		return bool(b), ok
	case Date:
		ts, ok := v.(types.Timestamp)
		return ts.UTC().Format(time.DateOnly), ok
	case StringList:
		native, err := v.ConvertToNative(stringSliceType)
		if err != nil {
			return nil, false
		}
		return native, true
	}
	return nil, false
}
