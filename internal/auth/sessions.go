package auth

import (
	"context"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/authn"
	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// Session is one login: a family of refresh tokens.
type Session struct {
	ID         uuid.UUID
	UserID     uuid.UUID
	CreatedAt  time.Time
	LastUsedAt time.Time
	ExpiresAt  time.Time
	RevokedAt  *time.Time
	UserAgent  string
	ClientIP   string
	// Current is true for the session of the caller's token.
	Current bool
}

// issued is what a new access token needs.
type issued struct {
	tenant    tenant.ID
	userID    uuid.UUID
	sessionID uuid.UUID
	roles     []string
	refresh   string
}

// openSession creates a session and its first refresh token in tx.
func (s *Service) openSession(ctx context.Context, tx *db.Tx, userID uuid.UUID, ip, ua string) (issued, error) {
	now := s.now()
	is := issued{tenant: tx.Tenant(), userID: userID, sessionID: uuid.Must(uuid.NewV7())}
	err := s.store.insertSession(ctx, tx, Session{ID: is.sessionID, UserID: userID, CreatedAt: now, LastUsedAt: now,
		ExpiresAt: now.Add(s.cfg.SessionTTL), UserAgent: truncate(ua, 300), ClientIP: ip})
	if err != nil {
		return is, err
	}
	if is.refresh, err = s.addRefresh(ctx, tx, is.sessionID); err != nil {
		return is, err
	}
	is.roles, err = s.store.userRoles(ctx, tx, userID)
	return is, err
}

func (s *Service) addRefresh(ctx context.Context, tx *db.Tx, sessionID uuid.UUID) (string, error) {
	tok := newSecret(prefixRefresh, tx.Tenant())
	now := s.now()
	return tok, s.store.insertRefresh(ctx, tx, hashSecret(tok), sessionID, now, now.Add(s.cfg.RefreshTTL))
}

// pair signs the access token of is.
func (s *Service) pair(_ context.Context, is issued) (TokenPair, error) {
	key, err := s.keys.signer()
	if err != nil {
		return TokenPair{}, errs.Wrap(errs.Unavailable, err, "token signing is unavailable")
	}
	now := s.now()
	claims := &authn.Claims{
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer: authn.Issuer, Subject: is.userID.String(), ID: uuid.Must(uuid.NewV7()).String(),
			IssuedAt: jwt.NewNumericDate(now), NotBefore: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(now.Add(s.cfg.AccessTTL)),
		},
		Tenant: is.tenant.String(), Roles: is.roles, Session: is.sessionID.String(),
	}
	if claims.Roles == nil {
		claims.Roles = []string{}
	}
	tok, err := authn.Sign(claims, key.kid, key.private)
	if err != nil {
		return TokenPair{}, err
	}
	return TokenPair{AccessToken: tok, RefreshToken: is.refresh, ExpiresIn: s.expiresIn(), TokenType: "Bearer"}, nil
}

// Refresh spends a refresh token and returns a new pair. A token that was
// already spent revokes its whole session: someone holds a copy. Returns
// UNAUTHENTICATED for an unknown, spent, expired or revoked token, or a
// suspended tenant.
func (s *Service) Refresh(ctx context.Context, raw string) (TokenPair, error) {
	tid, hash, err := parseSecret(prefixRefresh, raw)
	if err != nil {
		return TokenPair{}, err
	}
	if active, err := s.tenants.Active(ctx, tid); err != nil {
		return TokenPair{}, err
	} else if !active {
		return TokenPair{}, errs.E(errs.Unauthenticated, "the tenant is suspended")
	}
	var is issued
	var refusal error
	err = s.db.InTenantTx(tenant.With(ctx, tid), func(ctx context.Context, tx *db.Tx) error {
		refusal = nil
		rt, err := s.store.lockRefresh(ctx, tx, hash)
		sessionID, userID := rt.sessionID, rt.userID
		if errs.Is(err, errs.NotFound) {
			refusal = errs.E(errs.Unauthenticated, "invalid refresh token")
			return nil
		} else if err != nil {
			return err
		}
		now := s.now()
		switch {
		case rt.revoked != nil:
			refusal = errs.E(errs.Unauthenticated, "the session was revoked")
			return nil
		case rt.spent != nil:
			refusal = errs.E(errs.Unauthenticated, "refresh token reuse detected; the session is revoked")
			return s.revokeSession(ctx, tx, sessionID, userID, "refresh token reused", "")
		case now.After(rt.tokenExpires) || now.After(rt.sessionExpires):
			refusal = errs.E(errs.Unauthenticated, "the refresh token expired")
			return nil
		case rt.userStatus != UserActive:
			refusal = errs.E(errs.Unauthenticated, "the user is not active")
			return s.revokeSession(ctx, tx, sessionID, userID, "user not active", "")
		}
		if err := s.store.spendRefresh(ctx, tx, hash, sessionID, now); err != nil {
			return err
		}
		is = issued{tenant: tid, userID: userID, sessionID: sessionID}
		if is.refresh, err = s.addRefresh(ctx, tx, sessionID); err != nil {
			return err
		}
		is.roles, err = s.store.userRoles(ctx, tx, userID)
		return err
	})
	if err != nil {
		return TokenPair{}, err
	}
	if refusal != nil {
		return TokenPair{}, refusal
	}
	return s.pair(ctx, is)
}

// revokeSession ends a session and emits session.revoked; by is the actor.
// Its access tokens are refused here from the commit on, and in every
// other process once the event reaches it (docs/auth.md, "Revocation").
func (s *Service) revokeSession(ctx context.Context, tx *db.Tx, id, userID uuid.UUID, reason, by string) error {
	now := s.now()
	if ok, err := s.store.revokeSession(ctx, tx, id, reason, now); err != nil || !ok {
		return err
	}
	tx.AfterCommit(func(context.Context) { s.revoked.Revoke(id.String(), now) })
	return s.events.Append(ctx, tx, events.Draft{Type: EventSessionRevoked, Subject: id.String(),
		Data: sessionRevokedEvent{SessionID: id.String(), UserID: userID.String(), Reason: reason, By: by}})
}

// Logout revokes the caller's session: its refresh tokens at once, its
// access tokens at once in this process and within moments elsewhere.
// Returns UNAUTHENTICATED for API keys.
func (s *Service) Logout(ctx context.Context) error {
	p, ok := authz.From(ctx)
	if !ok || p.SessionID == "" {
		return errs.E(errs.Unauthenticated, "logout needs a user's access token")
	}
	sid, err := uuid.Parse(p.SessionID)
	if err != nil {
		return errs.E(errs.Unauthenticated, "token session is malformed")
	}
	uid, _ := uuid.Parse(p.UserID)
	return s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		return s.revokeSession(ctx, tx, sid, uid, "logout", p.UserID)
	})
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
