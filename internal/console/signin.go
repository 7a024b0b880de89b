package console

import (
	"crypto/subtle"
	"net/http"
	"strings"
	"time"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/svcclient"
)

// signInForm shows the sign-in form with a fresh double-submit token.
func (c *Console) signInForm(w http.ResponseWriter, r *http.Request) error {
	if sessionOf(r.Context()) != nil {
		Redirect(w, r, Href(""))
		return nil
	}
	tok := newToken()
	http.SetCookie(w, c.cookie(signinCookie, tok, 3600))
	f := NewForm(Href("sign-in"), nil, nil)
	f.Values.Set(csrfField, tok)
	f.Values.Set("next", r.URL.Query().Get("next"))
	c.Render(w, r, http.StatusOK, "signin.title", SignInPage(f))
	return nil
}

// signIn checks the password at auth and starts a session: auth's tokens,
// the user's permissions, name, language and the tenant's time zone.
func (c *Console) signIn(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return errs.E(errs.InvalidArgument, "unreadable form")
	}
	ck, err := r.Cookie(signinCookie)
	if err != nil || subtle.ConstantTimeCompare([]byte(ck.Value), []byte(r.PostForm.Get(csrfField))) != 1 {
		return errs.E(errs.PermissionDenied, "this form has expired or was not sent by this console; reload the page and try again")
	}
	in := map[string]string{"tenant": strings.TrimSpace(r.PostForm.Get("tenant")),
		"email": strings.TrimSpace(r.PostForm.Get("email")), "password": r.PostForm.Get("password")}
	var pair tokenPair
	if err := c.svc.Auth.Do(r.Context(), http.MethodPost, "/api/v1/auth/login", in, &pair); err != nil {
		f := NewForm(Href("sign-in"), r.PostForm, err)
		f.Values.Del("password")
		c.Render(w, r, errs.Public(err).HTTPStatus(), "signin.title", SignInPage(f))
		return nil
	}
	s, err := c.startSession(r, in["tenant"], pair)
	if err != nil {
		return err
	}
	http.SetCookie(w, c.cookie(signinCookie, "", -1))
	http.SetCookie(w, c.cookie(sessionCookie, s.ID, 0))
	next := r.PostForm.Get("next")
	if !strings.HasPrefix(next, Prefix+"/") || strings.HasPrefix(next, "//") || strings.Contains(next, "\\") {
		next = Href("")
	}
	Redirect(w, r, next)
	return nil
}

func (c *Console) startSession(r *http.Request, slug string, pair tokenPair) (*Session, error) {
	ctx := r.Context()
	now := c.now()
	s := &Session{ID: newToken(), CSRF: newToken(), TenantSlug: slug, Access: pair.AccessToken, Refresh: pair.RefreshToken,
		AccessExp: now.Add(time.Duration(pair.ExpiresIn) * time.Second), Lang: requestLang(r), Created: now}
	p, err := c.principal(ctx, s.Access)
	if err != nil {
		return nil, err
	}
	s.TenantID, s.UserID, s.Permissions = p.TenantID, p.UserID, p.Permissions
	bearer := svcclient.Header("Authorization", "Bearer "+s.Access)
	var me struct{ Email, Name, Locale string }
	if err := c.svc.Auth.Do(ctx, http.MethodGet, "/api/v1/auth/me", nil, &me, bearer); err != nil {
		return nil, err
	}
	s.Email, s.Name = me.Email, me.Name
	if _, chosen := r.Cookie(langCookie); chosen != nil && me.Locale != "" {
		s.Lang = ParseLang(me.Locale[:min(2, len(me.Locale))])
	}
	var t struct{ Name, NameBn, Timezone string }
	if err := c.svc.Auth.Do(ctx, http.MethodGet, "/api/v1/auth/tenant", nil, &t, bearer); err != nil {
		return nil, err
	}
	s.TenantName, s.Timezone = t.Name, t.Timezone
	return s, c.save(ctx, s)
}

// signOut revokes the session at auth (its refresh token stops working
// and its access tokens are refused) and forgets it here.
func (c *Console) signOut(w http.ResponseWriter, r *http.Request) error {
	s := sessionOf(r.Context())
	if tok, err := c.accessToken(r.Context(), s); err == nil {
		if err := c.svc.Auth.Do(r.Context(), http.MethodPost, "/api/v1/auth/logout", nil, nil,
			svcclient.Header("Authorization", "Bearer "+tok)); err != nil && !errs.Is(err, errs.Unauthenticated) {
			return err
		}
	}
	if err := c.store.Delete(r.Context(), s.ID); err != nil {
		return err
	}
	http.SetCookie(w, c.cookie(sessionCookie, "", -1))
	Redirect(w, r, Href("sign-in"))
	return nil
}

// setLang remembers the chosen language: in the session and in a cookie
// for the sign-in page.
func (c *Console) setLang(w http.ResponseWriter, r *http.Request) error {
	l := ParseLang(r.PostFormValue("lang"))
	s := sessionOf(r.Context())
	s.Lang = l
	if err := c.save(r.Context(), s); err != nil {
		return err
	}
	ck := c.cookie(langCookie, string(l), 365*24*3600)
	ck.HttpOnly = false
	http.SetCookie(w, ck)
	back := r.PostFormValue("back")
	if !strings.HasPrefix(back, Prefix+"/") || strings.HasPrefix(back, "//") {
		back = Href("")
	}
	Redirect(w, r, back)
	return nil
}
