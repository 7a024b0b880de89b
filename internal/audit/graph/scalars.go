package graph

import (
	"encoding/json"
	"io"

	"github.com/99designs/gqlgen/graphql"

	"github.com/vextrus/vextrus/internal/platform/errs"
)

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
