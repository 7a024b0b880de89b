package console_test

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/vextrus/vextrus/internal/app"
)

// browserless is a cookie-keeping HTTP client of the console, for the
// checks a browser would not let a page do (a forged post).
type browserless struct {
	t    *testing.T
	base string
	hc   *http.Client
	csrf string
}

func newBrowserless(t *testing.T, base string) *browserless {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	return &browserless{t: t, base: base, hc: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

var csrfInput = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// get returns the status and body of GET path.
func (b *browserless) get(path string) (int, string) {
	b.t.Helper()
	res, err := b.hc.Get(b.base + path)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if m := csrfInput.FindStringSubmatch(string(body)); m != nil {
		b.csrf = m[1]
	}
	return res.StatusCode, string(body)
}

// post sends form to path and returns the status, Location and body.
func (b *browserless) post(path string, form url.Values) (int, string, string) {
	b.t.Helper()
	res, err := b.hc.PostForm(b.base+path, form)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header.Get("Location"), string(body)
}

// signIn signs in through the form and keeps the session's CSRF token.
func (b *browserless) signIn(tenant, email, password string) {
	b.t.Helper()
	b.get("/console/sign-in")
	status, loc, body := b.post("/console/sign-in", url.Values{"csrf": {b.csrf}, "tenant": {tenant}, "email": {email}, "password": {password}})
	if status != http.StatusSeeOther || loc != "/console/" {
		b.t.Fatalf("sign in: %d %s %s", status, loc, body)
	}
	if s, _ := b.get("/console/"); s != http.StatusOK {
		b.t.Fatalf("home after sign-in: %d", s)
	}
}

func TestSignInShowsHomeAndSignOutEndsTheSession(t *testing.T) {
	base, _ := platform(t)
	b := newBrowserless(t, base)
	if status, loc, _ := b.post("/console/sign-in", url.Values{"tenant": {app.DevTenant}, "email": {app.DevAdmin}, "password": {devPassword}}); status != http.StatusForbidden {
		t.Fatalf("sign-in without the form's token: %d %s, want 403", status, loc)
	}
	b.signIn(app.DevTenant, app.DevAdmin, devPassword)
	_, home := b.get("/console/")
	if !strings.Contains(home, "What waits for you") {
		t.Fatalf("home page: %s", home)
	}
	console, _ := url.Parse(base + "/console/")
	cookies := b.hc.Jar.Cookies(console)
	if status, loc, _ := b.post("/console/sign-out", url.Values{"csrf": {b.csrf}}); status != http.StatusSeeOther || loc != "/console/sign-in" {
		t.Fatalf("sign out: %d %s", status, loc)
	}
	// The old cookie, kept by someone, opens nothing: the session is gone
	// on the server, not only from this browser.
	b.hc.Jar.SetCookies(console, cookies)
	if status, _ := b.get("/console/"); status != http.StatusSeeOther {
		t.Fatalf("home with the signed-out session's cookie: %d, want a redirect to sign-in", status)
	}
}
