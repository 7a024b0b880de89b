package auth

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/tenant"
	"github.com/vextrus/vextrus/internal/platform/tokenseal"
)

// Invitation is a new user and the one-time token that lets them set a
// password. The token is shown once to the caller, and the notify
// service emails it (EventUserInvited carries it sealed).
type Invitation struct {
	User      User
	Token     string
	ExpiresAt time.Time
}

// InviteUser creates an invited user. Needs auth.user.write, and
// auth.role.assign with every permission of each role given.
// Returns INVALID_ARGUMENT, CONFLICT when the email is taken.
func (s *Service) InviteUser(ctx context.Context, in NewUser) (Invitation, error) {
	if err := authz.Require(ctx, PermUserWrite); err != nil {
		return Invitation{}, err
	}
	u, err := s.validateUser(in)
	if err != nil {
		return Invitation{}, err
	}
	if len(u.Roles) > 0 {
		if err := authz.Require(ctx, PermRoleAssign); err != nil {
			return Invitation{}, err
		}
		if err := s.checkRoles(ctx, u.Roles); err != nil {
			return Invitation{}, err
		}
		for _, name := range u.Roles {
			r, _ := s.lookupRole(ctx, name)
			if err := r.requireHeld(ctx); err != nil {
				return Invitation{}, err
			}
		}
	}
	p, _ := authz.From(ctx)
	u.Status = UserInvited
	inv := Invitation{}
	err = s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		if err := s.insertUser(ctx, tx, &u, nil, p.UserID); err != nil {
			return err
		}
		var err error
		inv.Token, inv.ExpiresAt, err = s.issueToken(ctx, tx, u.ID, "invite", s.cfg.InviteTTL)
		if err != nil {
			return err
		}
		return s.announceToken(ctx, tx, EventUserInvited, u, inv.Token, inv.ExpiresAt, p.UserID)
	})
	inv.User = u
	return inv, err
}

func (s *Service) issueToken(ctx context.Context, tx *db.Tx, userID uuid.UUID, purpose string, ttl time.Duration) (string, time.Time, error) {
	tok := newSecret(prefixToken, tx.Tenant())
	exp := s.now().Add(ttl)
	return tok, exp, s.store.insertUserToken(ctx, tx, hashSecret(tok), userID, purpose, exp)
}

// IssuePasswordReset makes a one-time reset token for a user: the
// caller gets it, and the notify service emails it to the user
// (EventResetIssued carries it sealed). Needs auth.user.write and every permission the user's
// roles grant: whoever holds the token logs in as the user, so an admin
// cannot take over an owner. Returns NOT_FOUND, PERMISSION_DENIED.
func (s *Service) IssuePasswordReset(ctx context.Context, userID uuid.UUID) (string, time.Time, error) {
	if err := authz.Require(ctx, PermUserWrite); err != nil {
		return "", time.Time{}, err
	}
	if err := s.requireOutranks(ctx, userID); err != nil {
		return "", time.Time{}, err
	}
	var tok string
	var exp time.Time
	err := s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		if err := s.checkVersion(ctx, tx, "users", userID); err != nil {
			return err
		}
		u, err := s.store.user(ctx, tx, userID)
		if err != nil {
			return err
		}
		tok, exp, err = s.issueToken(ctx, tx, userID, "reset", s.cfg.ResetTTL)
		if err != nil {
			return err
		}
		p, _ := authz.From(ctx)
		return s.announceToken(ctx, tx, EventResetIssued, u, tok, exp, p.UserID)
	})
	return tok, exp, err
}

// UseToken accepts an invitation or a password reset: it sets the
// password, activates an invited user, spends the token and ends every
// session of the user. Returns UNAUTHENTICATED for a bad, spent or expired
// token, INVALID_ARGUMENT when the password breaks the policy.
func (s *Service) UseToken(ctx context.Context, raw, password string) error {
	tid, hash, err := parseSecret(prefixToken, raw)
	if err != nil {
		return err
	}
	ctx = tenant.With(ctx, tid)
	userID, email, purpose, err := s.store.userToken(ctx, hash, s.now())
	if errs.Is(err, errs.NotFound) {
		return errs.E(errs.Unauthenticated, "the token is invalid, used or expired")
	} else if err != nil {
		return err
	}
	if err := checkPassword("password", password, email); err != nil {
		return err
	}
	h, err := s.hasher.hash(ctx, password)
	if err != nil {
		return err
	}
	return s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		spent, err := s.store.spendUserToken(ctx, tx, hash, s.now())
		if err != nil {
			return err
		}
		if !spent {
			return errs.E(errs.Unauthenticated, "the token is invalid, used or expired")
		}
		return s.setPassword(ctx, tx, userID, h, uuid.Nil, purpose)
	})
}

// ChangePassword replaces the caller's password after checking the
// current one, and ends the caller's other sessions. Returns
// UNAUTHENTICATED on a wrong current password, INVALID_ARGUMENT.
func (s *Service) ChangePassword(ctx context.Context, current, next string) error {
	u, err := s.Me(ctx)
	if err != nil {
		return err
	}
	hash, err := s.store.passwordHash(ctx, u.ID)
	if err != nil {
		return err
	}
	ok, _, err := s.hasher.verify(ctx, hash, current)
	if err != nil {
		return err
	}
	if !ok {
		return errs.E(errs.Unauthenticated, "the current password is wrong")
	}
	if err := checkPassword("newPassword", next, u.Email); err != nil {
		return err
	}
	if next == current {
		return errs.Field("newPassword", "must differ from the current password")
	}
	h, err := s.hasher.hash(ctx, next)
	if err != nil {
		return err
	}
	p, _ := authz.From(ctx)
	keep, _ := uuid.Parse(p.SessionID)
	return s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		return s.setPassword(ctx, tx, u.ID, h, keep, "change")
	})
}

// setPassword stores a hash, activates an invited user, revokes every
// session of the user but keep and announces the change. how is the
// token's purpose (invite, reset) or change.
func (s *Service) setPassword(ctx context.Context, tx *db.Tx, userID uuid.UUID, hash string, keep uuid.UUID, how string) error {
	activated, err := s.store.setPasswordHash(ctx, tx, userID, hash)
	if err != nil {
		return err
	}
	err = s.events.Append(ctx, tx, events.Draft{Type: EventPasswordSet, Subject: userID.String(),
		Data: passwordSetEvent{UserID: userID.String(), How: how, Activated: activated}})
	if err != nil {
		return err
	}
	reason := "password " + how
	if how == "change" {
		reason = "password changed"
	}
	ids, err := s.store.otherLiveSessions(ctx, tx, userID, keep)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if err := s.revokeSession(ctx, tx, id, userID, reason, userID.String()); err != nil {
			return err
		}
	}
	return nil
}

// announceToken appends the event by which the notify service emails a
// token to its user. The token travels sealed under the service token
// secret, so the outbox, Kafka and the audit log keep only ciphertext.
// Without that secret nothing can open it, and no event is appended:
// the caller still hands the token over.
func (s *Service) announceToken(ctx context.Context, tx *db.Tx, typ string, u User, token string, exp time.Time, by string) error {
	if s.cfg.ServiceTokenSecret == "" {
		s.log.WarnContext(ctx, "auth.service_token_secret is not set: the token is not emailed", "event", typ, "user", u.ID)
		return nil
	}
	sealed, err := tokenseal.Seal(s.cfg.ServiceTokenSecret, token)
	if err != nil {
		return err
	}
	return s.events.Append(ctx, tx, events.Draft{Type: typ, Subject: u.ID.String(), Data: tokenIssuedEvent{
		UserID: u.ID.String(), Email: u.Email, Name: u.Name, Locale: u.Locale, SealedToken: sealed,
		ExpiresAt: exp.UTC().Format(time.RFC3339), IssuedBy: by}})
}
