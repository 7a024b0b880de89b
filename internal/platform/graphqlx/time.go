package graphqlx

import (
	"context"
	"io"
	"strconv"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/vextrus/vextrus/internal/platform/errs"
)

// The Time scalar of every subgraph (gqlgen.yml: `model:
// github.com/vextrus/vextrus/internal/platform/graphqlx.Time`): RFC 3339,
// written in UTC with as many fractional digits as the time has, as the
// REST APIs write times. gqlgen's own Time reports an unreadable input as
// an internal error; this one answers INVALID_ARGUMENT naming the field.

// MarshalTime writes t in RFC 3339 in UTC.
func MarshalTime(t time.Time) graphql.ContextMarshaler {
	return graphql.ContextWriterFunc(func(_ context.Context, w io.Writer) error {
		_, err := io.WriteString(w, strconv.Quote(t.UTC().Format(time.RFC3339Nano)))
		return err
	})
}

// UnmarshalTime reads an RFC 3339 time. Returns INVALID_ARGUMENT naming
// the argument or input field being read.
func UnmarshalTime(ctx context.Context, v any) (time.Time, error) {
	if s, ok := v.(string); ok {
		if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, errs.Field(argName(ctx), "must be an RFC 3339 time, such as 2026-07-01T00:00:00Z")
}

// The Date scalar (gqlgen.yml: `model:
// github.com/vextrus/vextrus/internal/platform/graphqlx.Date`): a calendar
// date, "YYYY-MM-DD", held as midnight UTC as the services keep business
// dates.

// MarshalDate writes t's calendar date.
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

// argName is the name of the argument or input field being read: the last
// name on the path gqlgen keeps while it reads arguments.
func argName(ctx context.Context) string {
	path := graphql.GetPath(ctx)
	for i := len(path) - 1; i >= 0; i-- {
		if name, ok := path[i].(ast.PathName); ok {
			return string(name)
		}
	}
	return ""
}
