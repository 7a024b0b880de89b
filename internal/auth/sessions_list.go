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
	out := []Session{}
	err = s.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) error {
		rows, err := tx.Query(ctx, `select id, user_id, created_at, last_used_at, expires_at, revoked_at, user_agent, client_ip
			from auth.sessions where user_id = $1 and revoked_at is null and expires_at > $2 order by created_at desc`, userID, s.now())
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var x Session
			if err := rows.Scan(&x.ID, &x.UserID, &x.CreatedAt, &x.LastUsedAt, &x.ExpiresAt, &x.RevokedAt, &x.UserAgent, &x.ClientIP); err != nil {
				return err
			}
			x.Current = x.ID.String() == p.SessionID
			out = append(out, x)
		}
		return rows.Err()
	})
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
		var owner uuid.UUID
		err := tx.QueryRow(ctx, "select user_id from auth.sessions where id = $1", id).Scan(&owner)
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
