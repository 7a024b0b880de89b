package graph

import (
	"io"
	"strconv"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/rules"
)

// MarshalDate writes a business date as "YYYY-MM-DD".
func MarshalDate(t time.Time) graphql.Marshaler {
	return graphql.WriterFunc(func(w io.Writer) {
		_, _ = io.WriteString(w, strconv.Quote(t.Format(time.DateOnly)))
	})
}

// UnmarshalDate reads "YYYY-MM-DD". Returns INVALID_ARGUMENT.
func UnmarshalDate(v any) (time.Time, error) {
	s, ok := v.(string)
	if !ok {
		return time.Time{}, errs.E(errs.InvalidArgument, "a Date is a string YYYY-MM-DD")
	}
	t, err := rules.ParseDate(s)
	if err != nil {
		return time.Time{}, errs.E(errs.InvalidArgument, "%s is not a date YYYY-MM-DD", strconv.Quote(s))
	}
	return t, nil
}
