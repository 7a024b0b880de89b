package idempotency_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/db/dbtest"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/httpx"
	"github.com/vextrus/vextrus/internal/platform/idempotency"
	"github.com/vextrus/vextrus/internal/platform/tenant"
	"github.com/vextrus/vextrus/internal/platform/testwait"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// server is an order endpoint behind the idempotency middleware that counts
// how often the handler really ran; a body "fail" answers 503.
type server struct {
	h     http.Handler
	runs  atomic.Int32
	store *idempotency.Store
	d     *dbtest.DB
	gate  chan struct{} // when set, the handler waits on it
}

func newServer(t *testing.T) *server {
	t.Helper()
	s := &server{d: dbtest.New(t, db.PlatformSchema)}
	s.store = idempotency.New(s.d.App)
	inner := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := s.runs.Add(1)
		if s.gate != nil {
			<-s.gate
		}
		body, _ := io.ReadAll(r.Body)
		switch string(body) {
		case "fail":
			httpx.WriteError(w, r, errs.E(errs.Unavailable, "try later"))
			return
		case "deny":
			httpx.WriteError(w, r, errs.E(errs.PermissionDenied, "not yours"))
			return
		}
		w.Header().Set("Location", "/orders/"+string(rune('0'+n)))
		httpx.WriteJSON(w, http.StatusCreated, map[string]any{"run": n})
	})
	mw := httpx.Idempotency(s.store)(inner)
	s.h = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Stands in for authn: the principal comes from the test's headers.
		if t := r.Header.Get("X-Test-Tenant"); t != "" {
			r = r.WithContext(authz.With(r.Context(), &authz.Principal{Tenant: tenant.MustParse(t),
				UserID: r.Header.Get("X-Test-User"), APIKey: r.Header.Get("X-Test-API-Key") == "true"}))
		}
		mw.ServeHTTP(w, r)
	})
	return s
}

func (s *server) post(tn tenant.ID, key, body string) *http.Response {
	return s.postAs(tn, "0198a2f0-0000-7000-8000-000000000001", false, key, body)
}

// postAs posts as the user (or, with apiKey, the API key) id.
func (s *server) postAs(tn tenant.ID, id string, apiKey bool, key, body string) *http.Response {
	req := httptest.NewRequest("POST", "/orders", strings.NewReader(body))
	req.Header.Set("X-Test-Tenant", tn.String())
	req.Header.Set("X-Test-User", id)
	if apiKey {
		req.Header.Set("X-Test-API-Key", "true")
	}
	if key != "" {
		req.Header.Set(httpx.IdempotencyHeader, key)
	}
	rec := httptest.NewRecorder()
	s.h.ServeHTTP(rec, req)
	return rec.Result()
}

func read(res *http.Response) string {
	b, _ := io.ReadAll(res.Body)
	return string(b)
}

func TestRetryWithSameKeyGetsTheFirstAnswer(t *testing.T) {
	s := newServer(t)
	a := tenant.New()
	first := s.post(a, "k1", `{"qty":1}`)
	firstBody := read(first)
	second := s.post(a, "k1", `{"qty":1}`)
	if second.StatusCode != 201 || read(second) != firstBody || second.Header.Get(httpx.ReplayedHeader) != "true" ||
		second.Header.Get("Location") != first.Header.Get("Location") {
		t.Fatalf("replay: %d %q %v", second.StatusCode, firstBody, second.Header)
	}
	if s.runs.Load() != 1 {
		t.Fatalf("handler ran %d times, want once", s.runs.Load())
	}
	t.Run("same key with another body is CONFLICT", func(t *testing.T) {
		res := s.post(a, "k1", `{"qty":2}`)
		if res.StatusCode != http.StatusConflict || !strings.Contains(read(res), "different request") {
			t.Fatalf("got %d", res.StatusCode)
		}
	})
	t.Run("keys belong to their tenant", func(t *testing.T) {
		if res := s.post(tenant.New(), "k1", `{"qty":1}`); res.Header.Get(httpx.ReplayedHeader) != "" {
			t.Fatal("another tenant got tenant a's stored answer")
		}
	})
	t.Run("without a key every POST runs", func(t *testing.T) {
		before := s.runs.Load()
		s.post(a, "", `{"qty":1}`)
		s.post(a, "", `{"qty":1}`)
		if s.runs.Load() != before+2 {
			t.Fatal("POST without key was deduplicated")
		}
	})
}

func TestAStoredAnswerIsReplayedOnlyToItsOwnCaller(t *testing.T) {
	s := newServer(t)
	a := tenant.New()
	const owner, intruder = "0198a2f0-0000-7000-8000-0000000000aa", "0198a2f0-0000-7000-8000-0000000000bb"
	first := s.postAs(a, owner, false, "k9", `{"qty":9}`)
	firstBody := read(first)
	t.Run("another user repeating the request runs it afresh", func(t *testing.T) {
		res := s.postAs(a, intruder, false, "k9", `{"qty":9}`)
		if res.Header.Get(httpx.ReplayedHeader) != "" || read(res) == firstBody || s.runs.Load() != 2 {
			t.Fatalf("the intruder got the owner's stored answer: %d", res.StatusCode)
		}
	})
	t.Run("an API key with the user's id is another caller", func(t *testing.T) {
		if res := s.postAs(a, owner, true, "k9", `{"qty":9}`); res.Header.Get(httpx.ReplayedHeader) != "" {
			t.Fatal("an API key got a user's stored answer")
		}
	})
	t.Run("the owner still gets the owner's answer", func(t *testing.T) {
		res := s.postAs(a, owner, false, "k9", `{"qty":9}`)
		if res.Header.Get(httpx.ReplayedHeader) != "true" || read(res) != firstBody {
			t.Fatal("the owner's retry was not answered from the store")
		}
	})
	t.Run("a refusal someone else provoked first does not answer the owner", func(t *testing.T) {
		if res := s.postAs(a, intruder, false, "k10", "deny"); res.StatusCode != http.StatusForbidden {
			t.Fatalf("got %d", res.StatusCode)
		}
		if res := s.postAs(a, owner, false, "k10", `{"qty":10}`); res.StatusCode != http.StatusCreated || res.Header.Get(httpx.ReplayedHeader) != "" {
			t.Fatalf("owner got %d", res.StatusCode)
		}
	})
	t.Run("a refusal is not stored, so a retry runs again", func(t *testing.T) {
		before := s.runs.Load()
		s.postAs(a, intruder, false, "k11", "deny")
		if res := s.postAs(a, intruder, false, "k11", "deny"); res.Header.Get(httpx.ReplayedHeader) != "" || s.runs.Load() != before+2 {
			t.Fatal("a 403 was replayed")
		}
	})
}

func TestServerErrorReleasesTheKey(t *testing.T) {
	s := newServer(t)
	a := tenant.New()
	if res := s.post(a, "k2", "fail"); res.StatusCode != 503 {
		t.Fatalf("got %d", res.StatusCode)
	}
	if res := s.post(a, "k2", "fail"); res.Header.Get(httpx.ReplayedHeader) != "" {
		t.Fatal("a failed answer was replayed instead of retried")
	}
	if s.runs.Load() != 2 {
		t.Fatalf("ran %d times, want 2", s.runs.Load())
	}
}

func TestConcurrentSameKeyRunsOnce(t *testing.T) {
	s := newServer(t)
	s.gate = make(chan struct{})
	a := tenant.New()
	var wg sync.WaitGroup
	codes := make(chan int, 8)
	for range 8 {
		wg.Go(func() { codes <- s.post(a, "k3", `{"qty":3}`).StatusCode })
	}
	testwait.For(t, 10*time.Second, "the first request runs", func() bool { return s.runs.Load() > 0 })
	// Seven requests are refused while the first one is in flight.
	for range 7 {
		if c := <-codes; c != http.StatusConflict {
			t.Errorf("concurrent duplicate got %d, want 409", c)
		}
	}
	close(s.gate)
	wg.Wait()
	if c := <-codes; c != http.StatusCreated {
		t.Errorf("first request got %d", c)
	}
	if s.runs.Load() != 1 {
		t.Fatalf("handler ran %d times", s.runs.Load())
	}
}

func TestPruneRemovesExpiredKeysOfEveryTenant(t *testing.T) {
	s := newServer(t)
	a, b := tenant.New(), tenant.New()
	for _, tn := range []tenant.ID{a, b} {
		s.post(tn, "old", "{}")
		s.post(tn, "fresh", "{}")
	}
	ctx := context.Background()
	if _, err := s.d.Admin.Exec(ctx, `update platform.idempotency_keys set expires_at = now() - interval '1 hour' where key = 'old'`); err != nil {
		t.Fatal(err)
	}
	n, err := s.store.Prune(ctx, time.Now())
	if err != nil || n != 2 {
		t.Fatalf("pruned %d (%v), want 2", n, err)
	}
	var left int
	s.d.Admin.QueryRow(ctx, "select count(*) from platform.idempotency_keys where key = 'fresh'").Scan(&left)
	if left != 2 {
		t.Fatalf("fresh keys left: %d", left)
	}
	// An expired key is usable again.
	if res := s.post(a, "old", "{}"); res.StatusCode != 201 || res.Header.Get(httpx.ReplayedHeader) != "" {
		t.Fatalf("expired key: %d", res.StatusCode)
	}
}
