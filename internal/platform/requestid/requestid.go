// Package requestid carries the request id of a call in its context. The id
// is accepted from X-Request-ID or created at the edge, echoed in responses,
// logged with every line and forwarded to other services.
package requestid

import (
	"context"

	"github.com/google/uuid"
)

// Header is the HTTP header that carries the request id.
const Header = "X-Request-ID"

type ctxKey struct{}

// With returns ctx carrying id.
func With(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, ctxKey{}, id)
}

// From returns the request id in ctx, or "".
func From(ctx context.Context) string {
	id, _ := ctx.Value(ctxKey{}).(string)
	return id
}

// New returns a fresh request id.
func New() string { return uuid.Must(uuid.NewV7()).String() }

// Valid reports whether a client-sent id may be reused: printable ASCII, at
// most 128 characters, so it cannot forge log lines or headers.
func Valid(id string) bool {
	if id == "" || len(id) > 128 {
		return false
	}
	for i := 0; i < len(id); i++ {
		if id[i] < 0x21 || id[i] > 0x7e {
			return false
		}
	}
	return true
}
