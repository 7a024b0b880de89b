package console_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/vextrus/vextrus/internal/console"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/testwait"
)

// testStore checks the contract every session store keeps: a session is
// found by its id only, comes back as it was put, ends at its time to
// live (each session its own, extended by a later put), ends when it is
// deleted, and all of it holds under concurrent use.
func testStore(t *testing.T, s console.Store) {
	ctx := context.Background()
	t.Run("a session comes back as it was put, by its id only", func(t *testing.T) {
		in := sampleSession("round-trip")
		if err := s.Put(ctx, in, time.Hour); err != nil {
			t.Fatal(err)
		}
		got, err := s.Get(ctx, in.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != in.ID || got.UserID != in.UserID || got.Refresh != in.Refresh || got.CSRF != in.CSRF || got.Lang != in.Lang ||
			!got.AccessExp.Equal(in.AccessExp) || !slices.Equal(got.Permissions, in.Permissions) {
			t.Fatalf("got %+v, want %+v", got, in)
		}
		got.Permissions[0] = "changed.by.the.reader"
		if again, _ := s.Get(ctx, in.ID); again.Permissions[0] != in.Permissions[0] {
			t.Fatal("changing a read session changed the stored one")
		}
		if _, err := s.Get(ctx, in.ID+"x"); !errs.Is(err, errs.NotFound) {
			t.Fatalf("another id: %v, want NOT_FOUND", err)
		}
		if _, err := s.Get(ctx, console.Key(in.ID)); !errs.Is(err, errs.NotFound) {
			t.Fatalf("the store key used as an id: %v, want NOT_FOUND", err)
		}
	})
	t.Run("each session ends at its own time to live, a later put extends it", func(t *testing.T) {
		short, long, extended := sampleSession("short"), sampleSession("long"), sampleSession("extended")
		for _, p := range []struct {
			s   *console.Session
			ttl time.Duration
		}{{short, 300 * time.Millisecond}, {long, time.Hour}, {extended, 300 * time.Millisecond}, {extended, time.Hour}} {
			if err := s.Put(ctx, p.s, p.ttl); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.Get(ctx, short.ID); err != nil {
			t.Fatalf("a session before its time to live: %v", err)
		}
		testwait.For(t, 10*time.Second, "the short session to end", func() bool {
			_, err := s.Get(ctx, short.ID)
			return errs.Is(err, errs.NotFound)
		})
		for _, alive := range []*console.Session{long, extended} {
			if _, err := s.Get(ctx, alive.ID); err != nil {
				t.Fatalf("session %s ended with the short one: %v", alive.UserID, err)
			}
		}
	})
	t.Run("a deleted session is gone, deleting an unknown one is no error", func(t *testing.T) {
		in := sampleSession("revoked")
		if err := s.Put(ctx, in, time.Hour); err != nil {
			t.Fatal(err)
		}
		if err := s.Delete(ctx, in.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Get(ctx, in.ID); !errs.Is(err, errs.NotFound) {
			t.Fatalf("a deleted session: %v, want NOT_FOUND", err)
		}
		if err := s.Delete(ctx, in.ID); err != nil {
			t.Fatalf("delete it again: %v", err)
		}
	})
	t.Run("concurrent use keeps every session whole", func(t *testing.T) {
		shared := sampleSession("shared")
		if err := s.Put(ctx, shared, time.Hour); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		errc := make(chan error, 64)
		for i := range 32 {
			wg.Go(func() {
				own := sampleSession(fmt.Sprintf("worker-%d", i))
				// Every worker writes the shared session with its own
				// tokens, as concurrent requests of one browser do.
				mine := *shared
				mine.Access, mine.Refresh = fmt.Sprintf("access-%d", i), fmt.Sprintf("refresh-%d", i)
				for range 20 {
					if err := s.Put(ctx, own, time.Hour); err != nil {
						errc <- err
						return
					}
					if err := s.Put(ctx, &mine, time.Hour); err != nil {
						errc <- err
						return
					}
					got, err := s.Get(ctx, own.ID)
					if err == nil && got.UserID != own.UserID {
						err = fmt.Errorf("worker %d read %s's session", i, got.UserID)
					}
					if err == nil {
						got, err = s.Get(ctx, shared.ID)
					}
					if err == nil && got.Access[len("access-"):] != got.Refresh[len("refresh-"):] {
						err = fmt.Errorf("the shared session mixes two writes: %s with %s", got.Access, got.Refresh)
					}
					if err != nil {
						errc <- err
						return
					}
				}
				if err := s.Delete(ctx, own.ID); err != nil {
					errc <- err
				}
				if _, err := s.Get(ctx, own.ID); !errs.Is(err, errs.NotFound) {
					errc <- fmt.Errorf("worker %d: deleted session answers %v", i, err)
				}
			})
		}
		wg.Wait()
		close(errc)
		for err := range errc {
			t.Error(err)
		}
	})
}

// sampleSession is a signed-in session with a fresh random-looking id.
func sampleSession(who string) *console.Session {
	n := time.Now()
	return &console.Session{ID: fmt.Sprintf("id-%s-%d", who, n.UnixNano()), CSRF: "csrf-" + who, TenantSlug: "demo",
		UserID: who, Email: who + "@demo.local", Lang: console.Bangla, Access: "access-0", Refresh: "refresh-0",
		AccessExp: n.Add(15 * time.Minute).Truncate(time.Second).UTC(), Permissions: []string{"workflow.approval.read", "finance.invoice.read"},
		Created: n.UTC(), Seen: n.UTC()}
}

func TestMemoryStoreKeepsTheStoreContract(t *testing.T) { testStore(t, console.NewMemoryStore(nil)) }

func TestRedisStoreKeepsTheStoreContract(t *testing.T) {
	s, _ := redisStore(t)
	testStore(t, s)
}
