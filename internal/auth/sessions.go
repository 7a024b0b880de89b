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
	_, err := tx.Exec(ctx, `insert into auth.sessions (tenant_id, id, user_id, created_at, last_used_at, expires_at, user_agent, client_ip)
		values ($1, $2, $3, $4, $4, $5, $6, $7)`, is.tenant.UUID(), is.sessionID, userID, now, now.Add(s.cfg.SessionTTL), truncate(ua, 300), ip)
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
	_, err := tx.Exec(ctx, `insert into auth.refresh_tokens (tenant_id, hash, session_id, issued_at, expires_at)
		values ($1, $2, $3, $4, $5)`, tx.Tenant().UUID(), hashSecret(tok), sessionID, now, now.Add(s.cfg.RefreshTTL))
	return tok, err
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
		var sessionID, userID uuid.UUID
		var spent, revoked *time.Time
		var tokExp, sessExp time.Time
		var userStatus string
		err := tx.QueryRow(ctx, `select r.session_id, r.spent_at, r.expires_at, s.user_id, s.revoked_at, s.expires_at, u.status
			from auth.refresh_tokens r join auth.sessions s on s.id = r.session_id
			join auth.users u on u.id = s.user_id
			where r.hash = $1 for update of r, s`, hash).Scan(&sessionID, &spent, &tokExp, &userID, &revoked, &sessExp, &userStatus)
		if errs.Is(db.Translate(err), errs.NotFound) {
			refusal = errs.E(errs.Unauthenticated, "invalid refresh token")
			return nil
		} else if err != nil {
			return err
		}
		now := s.now()
		switch {
		case revoked != nil:
			refusal = errs.E(errs.Unauthenticated, "the session was revoked")
			return nil
		case spent != nil:
			refusal = errs.E(errs.Unauthenticated, "refresh token reuse detected; the session is revoked")
			return s.revokeSession(ctx, tx, sessionID, userID, "refresh token reused", "")
		case now.After(tokExp) || now.After(sessExp):
			refusal = errs.E(errs.Unauthenticated, "the refresh token expired")
			return nil
		case userStatus != UserActive:
			refusal = errs.E(errs.Unauthenticated, "the user is not active")
			return s.revokeSession(ctx, tx, sessionID, userID, "user not active", "")
		}
		if _, err := tx.Exec(ctx, "update auth.refresh_tokens set spent_at = $1 where hash = $2", now, hash); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "update auth.sessions set last_used_at = $1 where id = $2", now, sessionID); err != nil {
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
	tag, err := tx.Exec(ctx, `update auth.sessions set revoked_at = $1, revoke_reason = $2 where id = $3 and revoked_at is null`,
		now, reason, id)
	if err != nil || tag.RowsAffected() == 0 {
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
