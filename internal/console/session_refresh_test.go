package console_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/vextrus/vextrus/internal/app"
	"github.com/vextrus/vextrus/internal/console"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/svcclient"
)

// shiftedClock is the time plus an offset the test moves forward, so
// the console's view of a token's age can pass its expiry without the
// test waiting for it.
type shiftedClock struct{ offset atomic.Int64 }

func (c *shiftedClock) now() time.Time          { return time.Now().Add(time.Duration(c.offset.Load())) }
func (c *shiftedClock) forward(d time.Duration) { c.offset.Add(int64(d)) }

// ownConsole serves a console of its own, on the shared platform's
// services over HTTP, with clock and a memory store the test can read.
func ownConsole(t *testing.T, base string, clock *shiftedClock) (string, *console.MemoryStore) {
	t.Helper()
	client := func(name string) *svcclient.Client {
		return svcclient.New(name, svcclient.HTTP(base, nil), svcclient.Policy{}, nil)
	}
	store := console.NewMemoryStore(clock.now)
	cfg := console.DefaultConfig()
	cfg.CookieSecure = false
	c, err := console.New(console.Deps{Config: cfg, Store: store, Now: clock.now, Services: console.Services{
		Auth: client("auth"), Workflow: client("workflow"), Finance: client("finance")}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(c.Handler())
	t.Cleanup(srv.Close)
	return srv.URL, store
}

// storedSession is the server-side record of b's console session.
func storedSession(t *testing.T, b *browserless, store console.Store) (*console.Session, error) {
	t.Helper()
	u, _ := url.Parse(b.base + "/console/")
	for _, ck := range b.hc.Jar.Cookies(u) {
		if ck.Name == "vextrus_console" {
			return store.Get(context.Background(), ck.Value)
		}
	}
	t.Fatal("the browser holds no console cookie")
	return nil, nil
}

func TestAnExpiredAccessTokenIsRefreshedOnceAndARevokedOneSignsOut(t *testing.T) {
	base, _ := platform(t)
	clock := &shiftedClock{}
	consoleURL, store := ownConsole(t, base, clock)
	b := newBrowserless(t, consoleURL)
	b.signIn(app.DevTenant, app.DevAdmin, devPassword)
	first, err := storedSession(t, b, store)
	if err != nil {
		t.Fatal(err)
	}

	t.Run("an expired access token is refreshed transparently", func(t *testing.T) {
		clock.forward(first.AccessExp.Sub(clock.now()) + time.Minute)
		if status, page := b.get("/console/approvals"); status != http.StatusOK || !strings.Contains(page, "Approvals") {
			t.Fatalf("the inbox after the access token expired: %d, want 200\n%s", status, page)
		}
		s, err := storedSession(t, b, store)
		if err != nil {
			t.Fatalf("the session after the refresh: %v", err)
		}
		if s.Access == first.Access || s.Refresh == first.Refresh || !s.AccessExp.After(clock.now()) {
			t.Fatal("the page was served without refreshing the expired access token at auth")
		}
		if len(s.Permissions) == 0 {
			t.Fatal("the refresh lost the user's permissions")
		}
	})

	t.Run("concurrent pages of one session refresh once", func(t *testing.T) {
		before, err := storedSession(t, b, store)
		if err != nil {
			t.Fatal(err)
		}
		clock.forward(before.AccessExp.Sub(clock.now()) + time.Minute)
		// Auth rotates refresh tokens: a second refresh with the same
		// token would be taken for a stolen one and end the session.
		var wg sync.WaitGroup
		statuses := make([]int, 6)
		for i := range statuses {
			wg.Go(func() {
				res, err := b.hc.Get(consoleURL + "/console/approvals")
				if err != nil {
					t.Error(err)
					return
				}
				res.Body.Close()
				statuses[i] = res.StatusCode
			})
		}
		wg.Wait()
		for i, st := range statuses {
			if st != http.StatusOK {
				t.Errorf("page %d of the concurrent refresh: %d, want 200", i, st)
			}
		}
		if status, _ := b.get("/console/approvals"); status != http.StatusOK {
			t.Fatalf("the session after the concurrent refresh: %d, want 200", status)
		}
	})

	t.Run("a revoked refresh token signs the user out", func(t *testing.T) {
		s, err := storedSession(t, b, store)
		if err != nil {
			t.Fatal(err)
		}
		// Auth ends the session (as an administrator's revoke or a sign-out
		// elsewhere would): its refresh token stops working.
		req, _ := http.NewRequest(http.MethodPost, base+"/api/v1/auth/logout", nil)
		req.Header.Set("Authorization", "Bearer "+s.Access)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusNoContent {
			t.Fatalf("logout at auth: %d", res.StatusCode)
		}
		clock.forward(s.AccessExp.Sub(clock.now()) + time.Minute)
		res, err = b.hc.Get(consoleURL + "/console/approvals")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/console/sign-in") {
			t.Fatalf("the inbox after auth revoked the session: %d %q, want a redirect to sign-in", res.StatusCode, loc)
		}
		if _, err := store.Get(context.Background(), s.ID); !errs.Is(err, errs.NotFound) {
			t.Fatalf("the console kept the session auth refused to refresh: %v", err)
		}
		if status, _ := b.get("/console/approvals"); status != http.StatusSeeOther {
			t.Fatalf("the inbox after sign-out: %d, want a redirect to sign-in", status)
		}
	})
}
