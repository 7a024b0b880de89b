package auth

import (
	"context"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

// Sessions lists the live sessions of userID: the caller's own, or any
// user's with auth.session.revoke.
func (s *Service) Sessions(ctx context.Context, userID uuid.UUID) ([]Session, error) {
	p, err := s.sessionActor(ctx, userID)
	if err != nil {
		return nil, err
	}
	out, err := s.store.liveSessions(ctx, userID, s.now())
	for i := range out {
		out[i].Current = out[i].ID.String() == p.SessionID
	}
	return out, err
}

// RevokeSession ends session id of userID: the caller's own, or another
// user's with auth.session.revoke and every permission that user holds,
// since ending sessions locks the user out (requireOutranks). Returns
// NOT_FOUND, PERMISSION_DENIED.
func (s *Service) RevokeSession(ctx context.Context, userID, id uuid.UUID) error {
	p, err := s.sessionActor(ctx, userID)
	if err != nil {
		return err
	}
	if err := s.requireOutranks(ctx, userID); err != nil {
		return err
	}
	return s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		owner, err := s.store.sessionOwner(ctx, tx, id)
		if err != nil || owner != userID {
			return errs.E(errs.NotFound, "session not found")
		}
		return s.revokeSession(ctx, tx, id, userID, "revoked", p.UserID)
	})
}

func (s *Service) sessionActor(ctx context.Context, userID uuid.UUID) (*authz.Principal, error) {
	p, ok := authz.From(ctx)
	if !ok {
		return nil, errs.E(errs.Unauthenticated, "authentication required")
	}
	if p.UserID != userID.String() {
		if err := authz.Require(ctx, PermSessionRevoke); err != nil {
			return nil, err
		}
	}
	return p, nil
}
