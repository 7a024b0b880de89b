// Package tenant carries the tenant of a request in its context. A tenant is
// an organization identified by a UUIDv7; the only source of truth for it is
// the verified access token, which the authn middleware puts here.
package tenant

import (
	"context"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/errs"
)

// ID identifies a tenant.
type ID uuid.UUID

// Nil is the zero tenant; no request may run as it.
var Nil ID

// Parse reads a tenant id. Returns INVALID_ARGUMENT when s is not a UUID.
func Parse(s string) (ID, error) {
	u, err := uuid.Parse(s)
	if err != nil || u == uuid.Nil {
		return Nil, errs.Field("tenantId", "must be a UUID")
	}
	return ID(u), nil
}

// MustParse is Parse for constants in tests; it panics on bad input.
func MustParse(s string) ID {
	id, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return id
}

// New returns a fresh time-ordered tenant id.
func New() ID { return ID(uuid.Must(uuid.NewV7())) }

func (id ID) String() string { return uuid.UUID(id).String() }

// IsZero reports whether id is the zero tenant.
func (id ID) IsZero() bool { return id == Nil }

// UUID returns the id as a uuid.UUID, for drivers.
func (id ID) UUID() uuid.UUID { return uuid.UUID(id) }

type ctxKey struct{}

// With returns ctx carrying tenant id.
func With(ctx context.Context, id ID) context.Context {
	return context.WithValue(ctx, ctxKey{}, id)
}

// From returns the tenant in ctx and whether there is one.
func From(ctx context.Context) (ID, bool) {
	id, ok := ctx.Value(ctxKey{}).(ID)
	return id, ok && !id.IsZero()
}

// Require returns the tenant in ctx. Returns UNAUTHENTICATED when there is
// none, so a request that reached tenant data without a tenant fails closed.
func Require(ctx context.Context) (ID, error) {
	id, ok := From(ctx)
	if !ok {
		return Nil, errs.E(errs.Unauthenticated, "no tenant in request")
	}
	return id, nil
}
