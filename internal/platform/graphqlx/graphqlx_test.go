package graphqlx_test

import (
	"context"
	"errors"
	"testing"

	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/graphqlx"
	"github.com/vextrus/vextrus/internal/platform/requestid"
)

func TestPresentError(t *testing.T) {
	ctx := requestid.With(context.Background(), "req-1")
	cases := []struct {
		name     string
		err      error
		code     string
		message  string
		hasField bool
	}{
		{"platform code is kept", errs.E(errs.PermissionDenied, "missing permission auth.role.assign"),
			"PERMISSION_DENIED", "missing permission auth.role.assign", false},
		{"field errors are listed", errs.Field("email", "is required"), "INVALID_ARGUMENT", "email: is required", true},
		{"internal detail is hidden", errors.New("pq: relation users does not exist"), "INTERNAL", "internal error", false},
		{"gqlgen validation errors use the closed set",
			&gqlerror.Error{Message: "Cannot query field", Extensions: map[string]any{"code": "GRAPHQL_VALIDATION_FAILED"}},
			"INVALID_ARGUMENT", "Cannot query field", false},
		{"wrapped in a gqlerror", &gqlerror.Error{Message: "x", Err: errs.E(errs.NotFound, "user not found")},
			"NOT_FOUND", "user not found", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := graphqlx.PresentError(ctx, c.err)
			if got.Extensions["code"] != c.code {
				t.Errorf("code = %v, want %s", got.Extensions["code"], c.code)
			}
			if got.Message != c.message {
				t.Errorf("message = %q, want %q", got.Message, c.message)
			}
			if got.Extensions["requestId"] != "req-1" {
				t.Errorf("requestId = %v", got.Extensions["requestId"])
			}
			if _, ok := got.Extensions["fields"]; ok != c.hasField {
				t.Errorf("fields present = %v, want %v", ok, c.hasField)
			}
		})
	}
}

func TestRateLimitedCarriesRetry(t *testing.T) {
	e := errs.E(errs.RateLimited, "locked")
	e.RetryAfterSeconds = 30
	got := graphqlx.PresentError(context.Background(), e)
	if got.Extensions["retryAfterSeconds"] != 30 {
		t.Fatalf("retryAfterSeconds = %v", got.Extensions["retryAfterSeconds"])
	}
}
