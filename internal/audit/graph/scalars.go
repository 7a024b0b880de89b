package graph

import (
	"context"
	"encoding/json"
	"io"
	"strconv"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/vextrus/vextrus/internal/platform/errs"
)

// MarshalTime writes t in RFC 3339 with as many fractional digits as it
// has, in UTC, as the REST API does.
func MarshalTime(t time.Time) graphql.ContextMarshaler {
	return graphql.ContextWriterFunc(func(_ context.Context, w io.Writer) error {
		_, err := io.WriteString(w, strconv.Quote(t.UTC().Format(time.RFC3339Nano)))
		return err
	})
}

// UnmarshalTime reads an RFC 3339 time as the REST API's from and to do.
// Returns INVALID_ARGUMENT naming the argument, which gqlgen's own Time
// would report as an internal error.
func UnmarshalTime(ctx context.Context, v any) (time.Time, error) {
	s, ok := v.(string)
	if ok {
		if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, errs.Field(argName(ctx), "must be an RFC 3339 time")
}

// argName is the name of the argument being read: the last name on the
// path gqlgen keeps while it reads arguments.
func argName(ctx context.Context) string {
	path := graphql.GetPath(ctx)
	for i := len(path) - 1; i >= 0; i-- {
		if name, ok := path[i].(ast.PathName); ok {
			return string(name)
		}
	}
	return ""
}

// MarshalRawJSON writes an event payload byte for byte, so numbers and
// key order are what the event carried (and what its hash covers).
func MarshalRawJSON(raw json.RawMessage) graphql.Marshaler {
	return graphql.WriterFunc(func(w io.Writer) {
		if len(raw) == 0 {
			_, _ = io.WriteString(w, "null")
			return
		}
		_, _ = w.Write(raw)
	})
}

// UnmarshalRawJSON reads a JSON argument. The subgraph takes none today;
// gqlgen wants both directions of a scalar.
func UnmarshalRawJSON(v any) (json.RawMessage, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, errs.E(errs.InvalidArgument, "not a JSON value")
	}
	return raw, nil
}
