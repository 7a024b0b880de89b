package notify_test

import (
	"bufio"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/vextrus/vextrus/internal/notify"
	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/db/dbtest"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/httpx"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

func TestTenantBNeverSeesTenantAsFeed(t *testing.T) {
	f := newFixture(t)
	a, b := tenant.New(), tenant.New()
	user := f.dir.addUser("shared@meghna.example", "Shared Id", "en")
	c := completed(a, user)
	f.handle(t, event(c.t, c.typ, c.data))

	if feed, err := f.svc.FeedOf(as(a, user), 0, 10, false); err != nil || len(feed.Items) != 1 {
		t.Fatalf("tenant A's feed %+v, %v", feed, err)
	}
	// The same user id in tenant B sees nothing and changes nothing.
	feedB, err := f.svc.FeedOf(as(b, user), 0, 10, false)
	if err != nil || len(feedB.Items) != 0 || feedB.Unread != 0 {
		t.Errorf("tenant B's feed %+v, %v; want empty", feedB, err)
	}
	if _, err := f.svc.MarkRead(as(b, user), nil, true); err != nil {
		t.Fatal(err)
	}
	if feed, _ := f.svc.FeedOf(as(a, user), 0, 10, false); feed.Unread != 1 {
		t.Errorf("tenant B's mark-all-read changed A's unread to %d", feed.Unread)
	}
	// Another user of A sees nothing either.
	if feed, _ := f.svc.FeedOf(as(a, "0190a0b0-0000-7000-8000-00000000ffff"), 0, 10, false); len(feed.Items) != 0 {
		t.Errorf("another user sees %d entries", len(feed.Items))
	}
	if _, err := f.svc.FeedOf(as(a, user, notify.PermTemplateWrite), 0, 10, false); !errs.Is(err, errs.PermissionDenied) {
		t.Errorf("feed without notify.feed.read: %v", err)
	}
}

func TestMarkReadCountsDown(t *testing.T) {
	f := newFixture(t)
	tid := tenant.New()
	user := f.dir.addUser("mim@meghna.example", "Mim", "bn")
	for i := 0; i < 3; i++ {
		c := completed(tid, user)
		f.handle(t, event(c.t, c.typ, c.data))
	}
	ctx := as(tid, user)
	feed, err := f.svc.FeedOf(ctx, 0, 2, false)
	if err != nil || feed.Unread != 3 || len(feed.Items) != 2 || feed.NextBefore == 0 {
		t.Fatalf("first page %+v, %v", feed, err)
	}
	if !strings.Contains(feed.Items[0].Title, "অনুমোদিত") {
		t.Errorf("title %q is not Bangla", feed.Items[0].Title)
	}
	n, err := f.svc.MarkRead(ctx, []int64{feed.Items[0].ID}, false)
	if err != nil || n != 2 {
		t.Errorf("after one read: %d, %v", n, err)
	}
	if n, err = f.svc.MarkRead(ctx, nil, true); err != nil || n != 0 {
		t.Errorf("after all read: %d, %v", n, err)
	}
}

func TestStreamSendsNewEntriesAndResumes(t *testing.T) {
	f := newFixture(t)
	tid := tenant.New()
	user := f.dir.addUser("rafi@meghna.example", "Rafi", "en")
	mux := http.NewServeMux()
	f.svc.Routes(mux)
	srv := httptest.NewServer(httpx.Chain(mux, func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			p, _ := authz.From(as(tid, user))
			next.ServeHTTP(w, r.WithContext(tenant.With(authz.With(r.Context(), p), tid)))
		})
	}))
	t.Cleanup(srv.Close)
	open := func(lastID string) (*bufio.Reader, func()) {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+notify.Base+"/feed/stream", nil)
		if lastID != "" {
			req.Header.Set("Last-Event-ID", lastID)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil || res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "text/event-stream" {
			t.Fatalf("stream: %v %v", err, res)
		}
		return bufio.NewReader(res.Body), func() { cancel(); res.Body.Close() }
	}
	next := func(r *bufio.Reader) (id, data string) {
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				t.Fatalf("read stream: %v", err)
			}
			switch {
			case strings.HasPrefix(line, "id: "):
				id = strings.TrimSpace(line[4:])
			case strings.HasPrefix(line, "data: "):
				return id, line[6:]
			}
		}
	}
	r, done := open("")
	c := completed(tid, user)
	f.handle(t, event(c.t, c.typ, c.data))
	first, data := next(r)
	if !strings.Contains(data, "Sales invoice SI-0009") {
		t.Errorf("first event %s", data)
	}
	done()

	// Two more while away; resuming from the first gets both.
	for i := 0; i < 2; i++ {
		c := completed(tid, user)
		f.handle(t, event(c.t, c.typ, c.data))
	}
	r, done = open(first)
	defer done()
	second, _ := next(r)
	third, _ := next(r)
	if second <= first || third <= second {
		t.Errorf("ids %s, %s, %s do not increase", first, second, third)
	}
}

// Every notify table with a tenant_id is under the tenant policy.
func TestEveryTenantTableIsUnderRowLevelSecurity(t *testing.T) {
	f := newFixture(t)
	dbtest.AssertRLS(t, f.db.Admin, notify.Name)
}

func TestOnlyAnotherReplicasDueWakesTheRunner(t *testing.T) {
	for _, tc := range []struct {
		name, payload string
		wakes         bool
	}{
		{"this process's own due, its runner woken at commit", "due a", false},
		{"another replica's due", "due b", true},
		{"a due that names no replica", "due", true},
		{"a feed entry", "feed t u 1", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := notify.Wakes("a", tc.payload); got != tc.wakes {
				t.Errorf("%q woke the runner: %v, want %v", tc.payload, got, tc.wakes)
			}
		})
	}
}
