package console

import (
	"context"
	"crypto/subtle"
	"net/http"
	"time"

	"github.com/vextrus/vextrus/internal/platform/errs"
)

// sessionCookie holds the session id; signinCookie the sign-in form's
// token (a double-submit token: no session exists yet to bind it to).
const (
	sessionCookie = "vextrus_console"
	signinCookie  = "vextrus_console_signin"
	csrfField     = "csrf"
	csrfHeader    = "X-CSRF-Token"
)

type sessionKey struct{}

// sessionOf returns the request's session, nil when signed out.
func sessionOf(ctx context.Context) *Session {
	s, _ := ctx.Value(sessionKey{}).(*Session)
	return s
}

func (c *Console) cookie(name, value string, maxAge int) *http.Cookie {
	return &http.Cookie{Name: name, Value: value, Path: Prefix, MaxAge: maxAge, HttpOnly: true,
		Secure: c.cfg.CookieSecure, SameSite: http.SameSiteLaxMode}
}

// ttl is how long s lives from now: its idle timeout, cut at its maximum
// age.
func (c *Console) ttl(s *Session) time.Duration {
	ttl := c.cfg.IdleTimeout
	if left := s.Created.Add(c.cfg.MaxAge).Sub(c.now()); left < ttl {
		ttl = left
	}
	return ttl
}

// save stores s for its remaining time.
func (c *Console) save(ctx context.Context, s *Session) error {
	ttl := c.ttl(s)
	if ttl <= 0 {
		return errs.E(errs.Unauthenticated, "the session has ended; sign in again")
	}
	s.Seen = c.now()
	return c.store.Put(ctx, s, ttl)
}

// load finds the request's session: NOT_FOUND without a cookie or with an
// unknown or ended one. A session is written back at most once a minute
// to extend its idle time.
func (c *Console) load(r *http.Request) (*Session, error) {
	ck, err := r.Cookie(sessionCookie)
	if err != nil || ck.Value == "" {
		return nil, errs.E(errs.NotFound, "no session")
	}
	s, err := c.store.Get(r.Context(), ck.Value)
	if err != nil {
		return nil, err
	}
	if c.now().Sub(s.Seen) > time.Minute {
		if err := c.save(r.Context(), s); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// checkCSRF refuses a state-changing request whose token (form field csrf
// or header X-CSRF-Token) is not s's.
func checkCSRF(r *http.Request, s *Session) error {
	got := r.Header.Get(csrfHeader)
	if got == "" {
		got = r.PostFormValue(csrfField)
	}
	if got == "" || subtle.ConstantTimeCompare([]byte(got), []byte(s.CSRF)) != 1 {
		return errs.E(errs.PermissionDenied, "this form has expired or was not sent by this console; reload the page and try again")
	}
	return nil
}

func safeMethod(m string) bool { return m == http.MethodGet || m == http.MethodHead }
