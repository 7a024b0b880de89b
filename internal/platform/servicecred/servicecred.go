// Package servicecred gives a service's background work (Temporal
// activities, event consumers, timers) a credential to call another
// service's API for one tenant, where no user's token comes with the work.
//
// Auth signs a short-lived access token for a service and a tenant whose
// permissions are exactly the grant configured for that service
// (docs/security.md, "Service credentials"). A Source keeps one token per
// tenant until shortly before it expires; Act puts it into a context, with
// the tenant and a principal naming the service, so that both svcclient
// calls (which forward authn.Credential) and in-process calls (which check
// authz.Require) act as the service. A module gets its Source from the
// composition root (app.App.ServiceCredentials), never builds a Minter.
//
//	ctx, err := src.Act(ctx, event.Tenant)
//	if err != nil { return err }
//	err = finance.CreateInvoice(ctx, ...) // svcclient or in process
//
// A callee that answers UNAUTHENTICATED to a cached token (a signing key
// rotated out early) is answered by Forget and one retry.
package servicecred

import (
	"context"
	"time"

	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// Token is a short-lived access token.
type Token struct {
	// Raw is the signed token, sent as `Authorization: Bearer <Raw>`.
	Raw string
	// Expires is when the token stops being accepted.
	Expires time.Time
	// Permissions are the permissions the token grants (the service's
	// grant), so that in-process calls check the same set the token
	// carries.
	Permissions []string
	// ID is the token's `jti`.
	ID string
}

// Minter signs a token that lets service act for tenant t with the
// service's granted permissions. Returns PERMISSION_DENIED for a service
// without a grant, NOT_FOUND for a tenant that does not exist,
// FAILED_PRECONDITION for a suspended one, UNAUTHENTICATED when the
// minter's own secret is refused, UNAVAILABLE when auth cannot be reached.
type Minter interface {
	Mint(ctx context.Context, t tenant.ID, service string) (Token, error)
}

// MinterFunc adapts a function to Minter.
type MinterFunc func(ctx context.Context, t tenant.ID, service string) (Token, error)

// Mint calls f.
func (f MinterFunc) Mint(ctx context.Context, t tenant.ID, service string) (Token, error) {
	return f(ctx, t, service)
}
