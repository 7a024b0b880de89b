package graph

import (
	"strings"

	"github.com/vextrus/vextrus/internal/platform/errs"
)

// fieldNames maps the service's field names to the schema's, where the
// schema keeps the original finance service's names: the service's
// "code" is "accountCode" here.
type fieldNames map[string]string

// asArgument names the fields of err as the schema does, under prefix
// ("input" for an input object, "" for top-level arguments): the
// service's "lines[2].debit" becomes "input.lines[2].debitAmount". Other
// errors pass through.
func asArgument(err error, prefix string, names fieldNames) error {
	return renameFields(err, func(f string) string { return names.path(f, prefix) })
}

// renameFields renames the fields err names with rename, keeping its
// code and, but for INVALID_ARGUMENT whose message names the field, its
// message.
func renameFields(err error, rename func(string) string) error {
	if err == nil {
		return nil
	}
	e := errs.As(err)
	if len(e.Fields) == 0 {
		return err
	}
	fields := make([]errs.FieldError, len(e.Fields))
	for i, f := range e.Fields {
		f.Field = rename(f.Field)
		fields[i] = f
	}
	if e.Code == errs.InvalidArgument {
		return errs.Invalid(fields...)
	}
	out := *e
	out.Fields = fields
	return &out
}

// path renames each segment of the dotted path p, keeping indexes, and
// puts prefix before it.
func (n fieldNames) path(p, prefix string) string {
	segs := strings.Split(p, ".")
	for i, s := range segs {
		name, index, _ := strings.Cut(s, "[")
		if to, ok := n[name]; ok {
			name = to
		}
		if index != "" {
			name += "[" + index
		}
		segs[i] = name
	}
	out := strings.Join(segs, ".")
	if prefix == "" || out == "" {
		return out
	}
	return prefix + "." + out
}
