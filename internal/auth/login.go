package auth

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// LoginInput is what a user types, plus where the request came from.
type LoginInput struct {
	Tenant, Email, Password string
	ClientIP, UserAgent     string
}

// TokenPair is the answer to login and refresh (DESIGN §11).
type TokenPair struct {
	AccessToken  string `json:"accessToken"`
	RefreshToken string `json:"refreshToken"`
	ExpiresIn    int    `json:"expiresIn"`
	TokenType    string `json:"tokenType"`
}

// errBadLogin is the one answer to an unknown tenant, an unknown email, a
// wrong password and a disabled user, so none of them can be told apart.
func errBadLogin() error {
	return errs.E(errs.Unauthenticated, "invalid tenant, email or password")
}

// Login checks a password and starts a session. Returns UNAUTHENTICATED
// (always the same message) on bad credentials, RATE_LIMITED with a retry
// time when the account or source address must wait, INVALID_ARGUMENT
// when a field is missing.
func (s *Service) Login(ctx context.Context, in LoginInput) (TokenPair, error) {
	c := &errs.Collector{}
	c.Check(in.Tenant != "", "tenant", "is required")
	c.Check(in.Email != "", "email", "is required")
	c.Check(in.Password != "", "password", "is required")
	if err := c.Err(); err != nil {
		return TokenPair{}, err
	}
	if len(in.Password) > maxPasswordLength {
		in.Password = in.Password[:maxPasswordLength] // bound the hashing work; such a password never matches
	}
	tid, status, err := s.TenantBySlug(ctx, in.Tenant)
	if errs.Is(err, errs.NotFound) {
		return TokenPair{}, s.failUnknownTenant(ctx, in)
	} else if err != nil {
		return TokenPair{}, err
	}
	if err := s.throttle.check(in.ClientIP, ""); err != nil {
		return TokenPair{}, err
	}
	ctx = tenant.With(ctx, tid)
	key := accountKey(in.Email)
	var u struct {
		id     uuid.UUID
		hash   *string
		status string
	}
	found := false
	err = s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		st, err := s.store.accountState(ctx, tx, key)
		if err != nil {
			return err
		}
		if w := s.cfg.Lockout.wait(st, s.now()); w > 0 {
			return rateLimited(w, s.now().Before(st.lockedUntil))
		}
		u.id, u.hash, u.status, found, err = s.store.loginUser(ctx, tx, key)
		return err
	})
	if err != nil {
		return TokenPair{}, err
	}
	// The argon2 work runs whether or not the user exists.
	ok, stale, err := s.hasher.verify(ctx, deref(u.hash), in.Password)
	if err != nil {
		return TokenPair{}, err
	}
	ok = ok && found && u.status == UserActive
	if !ok {
		return TokenPair{}, s.failLogin(ctx, in, key, u.id, found)
	}
	if status != TenantActive {
		return TokenPair{}, errs.E(errs.Unauthenticated, "the tenant is suspended")
	}
	if stale {
		s.rehash(ctx, u.id, in.Password)
	}
	return s.startSession(ctx, u.id, in)
}

func (s *Service) failUnknownTenant(ctx context.Context, in LoginInput) error {
	unknown := "slug:" + in.Tenant + "|" + accountKey(in.Email)
	if err := s.throttle.check(in.ClientIP, unknown); err != nil {
		return err
	}
	_, _, _ = s.hasher.verify(ctx, "", in.Password)
	st := s.throttle.fail(in.ClientIP, unknown)
	if st.failures >= s.cfg.Lockout.LockAfter {
		return rateLimited(st.lockedUntil.Sub(s.now()), true)
	}
	return errBadLogin()
}

// failLogin counts a failure for the account and the address, emits
// login_failed, and answers errBadLogin or, once the account locks,
// RATE_LIMITED.
func (s *Service) failLogin(ctx context.Context, in LoginInput, key string, userID uuid.UUID, found bool) error {
	s.throttle.fail(in.ClientIP, "")
	var st failureState
	err := s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		var err error
		if st, err = s.store.accountState(ctx, tx, key); err != nil {
			return err
		}
		st = s.cfg.Lockout.fail(st, s.now())
		if err := s.store.saveAccountState(ctx, tx, key, st); err != nil {
			return err
		}
		ev := loginFailedEvent{Email: key, ClientIP: in.ClientIP, Failures: st.failures, Locked: !st.lockedUntil.IsZero() && st.failures >= s.cfg.Lockout.LockAfter}
		subject := key
		if found {
			ev.UserID, subject = userID.String(), userID.String()
		}
		return s.events.Append(ctx, tx, events.Draft{Type: EventLoginFailed, Subject: subject, Data: ev})
	})
	if err != nil {
		return err
	}
	if st.failures >= s.cfg.Lockout.LockAfter {
		return rateLimited(st.lockedUntil.Sub(s.now()), true)
	}
	return errBadLogin()
}

// rehash upgrades a hash made with older parameters; failure only delays
// the upgrade to the next login.
func (s *Service) rehash(ctx context.Context, userID uuid.UUID, password string) {
	h, err := s.hasher.hash(ctx, password)
	if err == nil {
		err = s.store.rehash(ctx, userID, h)
	}
	if err != nil {
		s.log.WarnContext(ctx, "rehash password", "err", err)
	}
}

// startSession clears the account's failures, opens a session with its
// first refresh token and signs an access token.
func (s *Service) startSession(ctx context.Context, userID uuid.UUID, in LoginInput) (TokenPair, error) {
	var pair TokenPair
	var sess issued
	err := s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		if err := s.store.clearAccountState(ctx, tx, accountKey(in.Email)); err != nil {
			return err
		}
		var err error
		if sess, err = s.openSession(ctx, tx, userID, in.ClientIP, in.UserAgent); err != nil {
			return err
		}
		return s.events.Append(ctx, tx, events.Draft{Type: EventLoginSucceeded, Subject: userID.String(),
			Data: loginSucceededEvent{UserID: userID.String(), SessionID: sess.sessionID.String(), ClientIP: in.ClientIP}})
	})
	if err != nil {
		return pair, err
	}
	return s.pair(ctx, sess)
}

// expiresIn is the access token lifetime in whole seconds.
func (s *Service) expiresIn() int { return int(s.cfg.AccessTTL / time.Second) }
