package auth

import (
	"context"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/httpx"
)

// Users, departments and tenants carry a version that migration 00003's
// triggers move on with every change; the REST API shows it as the ETag
// and honours If-Match on the actions that change them (docs/auth.md).

type preconditionKey struct{}

// withPrecondition returns ctx carrying the If-Match of a REST request, for
// checkVersion in the transaction of the change it guards.
func withPrecondition(ctx context.Context, p httpx.Precondition) context.Context {
	return context.WithValue(ctx, preconditionKey{}, p)
}

// checkVersion locks the row of table keyed id in tx and refuses the
// change (errs.Stale, 412 at the REST edge) when the request's If-Match
// does not name its current version. Without an If-Match it does nothing.
// Returns NOT_FOUND when the row does not exist.
func (s *Service) checkVersion(ctx context.Context, tx *db.Tx, table string, id any) error {
	p, ok := ctx.Value(preconditionKey{}).(httpx.Precondition)
	if !ok || !p.Sent() {
		return nil
	}
	version, err := s.store.lockVersion(ctx, tx, table, id)
	if err != nil {
		return err
	}
	if !p.Matches(version) {
		return errs.Stale("it is at version %d", version)
	}
	return nil
}
