package apitest

import (
	"testing"

	"github.com/vextrus/vextrus/internal/platform/errs"
)

// RequireFieldRefusal fails t unless err is INVALID_ARGUMENT naming at
// least one field, each by a non-empty name: what every decoder of
// outside input answers to input it refuses (the fuzz targets' property).
func RequireFieldRefusal(t testing.TB, what string, err error) {
	t.Helper()
	e := errs.As(err)
	if e.Code != errs.InvalidArgument || len(e.Fields) == 0 {
		t.Fatalf("%s: %v, want INVALID_ARGUMENT naming a field", what, err)
	}
	for _, f := range e.Fields {
		if f.Field == "" {
			t.Fatalf("%s: %v names an empty field", what, err)
		}
	}
}
