package console

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/a-h/templ"

	"github.com/vextrus/vextrus/internal/platform/bd"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

// HandlerFunc is a console page or action. It writes its answer (render,
// redirect) or returns an error, which the console shows as a page in the
// user's language: UNAUTHENTICATED goes to sign-in.
type HandlerFunc func(w http.ResponseWriter, r *http.Request) error

// page wraps h for signed-in users: it loads the session (or sends the
// browser to sign-in), refuses a state-changing request without the
// session's CSRF token before h runs, and puts the View in the context.
func (c *Console) page(h HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s, err := c.load(r)
		if err != nil {
			if errs.Is(err, errs.NotFound) {
				c.toSignIn(w, r)
				return
			}
			c.fail(w, r, err)
			return
		}
		r = r.WithContext(withSession(r.Context(), s, c.view(r, s)))
		if !safeMethod(r.Method) {
			// Handlers read r.PostForm: parse it here, whichever way the
			// token came.
			if err := r.ParseMultipartForm(maxImport); err != nil && !errors.Is(err, http.ErrNotMultipart) {
				c.fail(w, r, errs.E(errs.InvalidArgument, "unreadable form"))
				return
			}
			if err := checkCSRF(r, s); err != nil {
				c.fail(w, r, err)
				return
			}
		}
		if err := h(w, r); err != nil {
			c.fail(w, r, err)
		}
	})
}

// public wraps h for pages without a session (sign-in).
func (c *Console) public(h HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s, _ := c.load(r)
		r = r.WithContext(withSession(r.Context(), s, c.view(r, s)))
		if err := h(w, r); err != nil {
			c.fail(w, r, err)
		}
	})
}

func (c *Console) view(r *http.Request, s *Session) *View {
	v := &View{Lang: requestLang(r), Session: s, Path: r.URL.Path, Zone: bd.Dhaka(), assets: c.assets}
	if s != nil {
		v.Lang = s.Lang
		if z, err := loadZone(s.Timezone); err == nil {
			v.Zone = z
		}
	}
	return v
}

// toSignIn sends the browser to sign-in, coming back here after.
func (c *Console) toSignIn(w http.ResponseWriter, r *http.Request) {
	to := Href("sign-in")
	if r.Method == http.MethodGet && r.URL.Path != Prefix+"/" {
		to += "?next=" + url.QueryEscape(r.URL.RequestURI())
	}
	Redirect(w, r, to)
}

// Redirect sends the browser to, after a post too (303); an htmx request
// gets HX-Location so only the page's body is swapped.
func Redirect(w http.ResponseWriter, r *http.Request, to string) {
	if r.Header.Get("HX-Request") == "true" {
		w.Header().Set("HX-Location", `{"path":"`+to+`","target":"body"}`)
		w.WriteHeader(http.StatusNoContent)
		return
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// fail shows err as a page; an UNAUTHENTICATED error ends the session.
func (c *Console) fail(w http.ResponseWriter, r *http.Request, err error) {
	e := errs.Public(err)
	if e.Code == errs.Unauthenticated {
		http.SetCookie(w, c.cookie(sessionCookie, "", -1))
		c.toSignIn(w, r)
		return
	}
	if e.Code == errs.Internal || e.Code == errs.Unavailable {
		c.log.ErrorContext(r.Context(), "console page failed", "path", r.URL.Path, "err", err)
	}
	c.Render(w, r, e.HTTPStatus(), "error.title", ErrorPage(e))
}

// Render writes a whole page: the layout with title (a message key) and
// body. Pages hold user data, so nothing is cached.
func (c *Console) Render(w http.ResponseWriter, r *http.Request, status int, title string, body templ.Component) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	w.WriteHeader(status)
	if err := Layout(title, body).Render(r.Context(), w); err != nil {
		c.log.WarnContext(r.Context(), "render console page", "path", r.URL.Path, "err", err)
	}
}
