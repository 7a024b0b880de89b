package console

import (
	"github.com/vextrus/vextrus/internal/platform/errs"
)

// FieldSpec declares one input of a resource form: the API's field name
// (dotted for nested), its label (a message key), its type (text, email,
// int, select, textarea) and, for a select, its choices.
type FieldSpec struct {
	Name, Label, Type string
	Required          bool
	Options           []Option
}

// field is spec's input on form f.
func (s FieldSpec) field(f *Form) Field {
	typ := s.Type
	if typ == "int" || typ == "money" {
		typ = "number"
	}
	fd := f.Field(s.Name, s.Label, typ)
	fd.Required = s.Required
	if len(s.Options) > 0 {
		fd = fd.With(s.Options...)
	}
	return fd
}

// Resource describes one kind of master data (customers, vendors,
// products): one generic set of handlers serves the three.
type Resource struct {
	// Kind is the plural in the console's and the API's path.
	Kind string
	// Key prefixes the messages: <key>.title, <key>.new, <key>.edit.
	Key                 string
	ReadPerm, WritePerm string
	// Columns and Cells make the list: Cells gives a record's row.
	Columns []Column
	Cells   func(Record) Row
	// Fields is the form, in order; Filters the list's search fields
	// (passed to the API under the same names).
	Fields  []FieldSpec
	Filters []FieldSpec
}

func fieldErr(name, msg string) error { return errs.Field(name, "%s", msg) }

// paths are the names of specs.
func paths(specs []FieldSpec) []string {
	out := make([]string, len(specs))
	for i, s := range specs {
		out[i] = s.Name
	}
	return out
}

func opts(prefix string, values ...string) []Option {
	out := make([]Option, len(values))
	for i, v := range values {
		out[i] = Option{Value: v, Label: prefix + v}
	}
	return out
}

// filterFields are res's search inputs filled from the URL.
func filterFields(res *Resource, f *Form) []Field {
	out := make([]Field, len(res.Filters))
	for i, s := range res.Filters {
		out[i] = s.field(f)
	}
	return out
}
