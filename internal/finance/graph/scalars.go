package graph

import (
	"context"
	"io"
	"strconv"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/vextrus/vextrus/internal/platform/errs"
)

// Date is the Date scalar's Go type, a calendar date as midnight UTC, as
// the finance service keeps dates.
type Date = time.Time

// MarshalDate writes a business date as "YYYY-MM-DD".
func MarshalDate(t time.Time) graphql.ContextMarshaler {
	return graphql.ContextWriterFunc(func(_ context.Context, w io.Writer) error {
		_, err := io.WriteString(w, strconv.Quote(t.Format(time.DateOnly)))
		return err
	})
}

// UnmarshalDate reads "YYYY-MM-DD". Returns INVALID_ARGUMENT naming the
// argument or input field being read.
func UnmarshalDate(ctx context.Context, v any) (time.Time, error) {
	if s, ok := v.(string); ok {
		if t, err := time.Parse(time.DateOnly, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, errs.Field(argName(ctx), "must be a date YYYY-MM-DD")
}

// argName is the name of the argument or input field being read: the
// last name on the path gqlgen keeps while it reads arguments.
func argName(ctx context.Context) string {
	path := graphql.GetPath(ctx)
	for i := len(path) - 1; i >= 0; i-- {
		if name, ok := path[i].(ast.PathName); ok {
			return string(name)
		}
	}
	return "date"
}
