package graphqlx

import "github.com/vextrus/vextrus/internal/platform/errs"

// AsPaging names a service list's limit and cursor as a connection's
// arguments first and after, so a GraphQL client is told of the argument
// it sent.
func AsPaging(err error) error {
	return RenameFields(err, func(f string) string {
		switch f {
		case "limit":
			return "first"
		case "cursor":
			return "after"
		}
		return f
	})
}

// RenameFields renames the fields of an INVALID_ARGUMENT err, which keeps
// its code; errors of other codes keep their fields as they are.
func RenameFields(err error, rename func(string) string) error {
	if err == nil {
		return nil
	}
	e := errs.As(err)
	if e.Code != errs.InvalidArgument || len(e.Fields) == 0 {
		return err
	}
	fields := make([]errs.FieldError, len(e.Fields))
	for i, f := range e.Fields {
		fields[i] = errs.FieldError{Field: rename(f.Field), Message: f.Message}
	}
	return errs.Invalid(fields...)
}
