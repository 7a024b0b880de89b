package servicecred_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/vextrus/vextrus/internal/platform/authn"
	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/servicecred"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// clock is a test clock moved by hand.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// countingMinter mints numbered five-minute tokens by the test clock.
func countingMinter(c *clock, n *atomic.Int32, release <-chan struct{}) servicecred.Minter {
	return servicecred.MinterFunc(func(_ context.Context, t tenant.ID, service string) (servicecred.Token, error) {
		if release != nil {
			<-release
		}
		i := n.Add(1)
		return servicecred.Token{Raw: fmt.Sprintf("%s-%s-%d", service, t, i), Expires: c.now().Add(5 * time.Minute),
			Permissions: []string{"finance.invoice.read"}, ID: fmt.Sprint(i)}, nil
	})
}

func TestSourceReusesATokenUntilShortlyBeforeItExpires(t *testing.T) {
	c := &clock{t: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	var mints atomic.Int32
	src := servicecred.NewSource("orders", countingMinter(c, &mints, nil), servicecred.WithClock(c.now))
	a, b := tenant.New(), tenant.New()
	ctx := context.Background()
	first, err := src.Token(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	c.add(3 * time.Minute)
	again, _ := src.Token(ctx, a)
	if again.Raw != first.Raw || mints.Load() != 1 {
		t.Fatalf("a token with 2 minutes left was not reused: %d mints", mints.Load())
	}
	other, _ := src.Token(ctx, b)
	if other.Raw == first.Raw || mints.Load() != 2 {
		t.Fatalf("another tenant shared the token: %d mints", mints.Load())
	}
	c.add(90 * time.Second) // 30 s left of a's token: inside the margin
	renewed, _ := src.Token(ctx, a)
	if renewed.Raw == first.Raw || mints.Load() != 3 {
		t.Fatalf("a token within the margin of its expiry was reused: %d mints", mints.Load())
	}
	src.Forget(a)
	if forgotten, _ := src.Token(ctx, a); forgotten.Raw == renewed.Raw {
		t.Fatal("Forget kept the token")
	}
}

func TestSourceMintsOncePerTenantForConcurrentCallers(t *testing.T) {
	c := &clock{t: time.Now()}
	var mints atomic.Int32
	release := make(chan struct{})
	src := servicecred.NewSource("orders", countingMinter(c, &mints, release), servicecred.WithClock(c.now))
	id := tenant.New()
	var wg sync.WaitGroup
	got := make([]string, 20)
	for i := range got {
		wg.Go(func() {
			tok, err := src.Token(context.Background(), id)
			if err != nil {
				t.Error(err)
			}
			got[i] = tok.Raw
		})
	}
	close(release)
	wg.Wait()
	if n := mints.Load(); n < 1 || n > 2 {
		// A caller that arrived after the first flight ended may find
		// the token cached (no mint) but never starts a second flight
		// while one runs; with the release gate all arrive during it.
		t.Fatalf("%d mints for 20 concurrent callers", n)
	}
	for _, r := range got {
		if r != got[0] {
			t.Fatalf("callers got different tokens: %q and %q", r, got[0])
		}
	}
}

func TestActCarriesTenantCredentialAndServicePrincipal(t *testing.T) {
	c := &clock{t: time.Now()}
	var mints atomic.Int32
	src := servicecred.NewSource("orders", countingMinter(c, &mints, nil), servicecred.WithClock(c.now))
	id := tenant.New()
	ctx, err := src.Act(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := tenant.From(ctx); got != id {
		t.Fatalf("tenant %s, want %s", got, id)
	}
	if cred := authn.Credential(ctx); cred != "Bearer orders-"+id.String()+"-1" {
		t.Fatalf("credential %q", cred)
	}
	p, ok := authz.From(ctx)
	if !ok || p.Service != "orders" || p.UserID != "service:orders" || authz.Actor(ctx) != "service:orders" {
		t.Fatalf("principal %+v", p)
	}
	if err := authz.Require(ctx, "finance.invoice.read"); err != nil {
		t.Fatalf("granted permission refused: %v", err)
	}
	if err := authz.Require(ctx, "finance.invoice.write"); !errs.Is(err, errs.PermissionDenied) {
		t.Fatalf("ungranted permission: %v, want PERMISSION_DENIED", err)
	}
}

func TestSourcePassesTheMintersRefusalOn(t *testing.T) {
	src := servicecred.NewSource("orders", servicecred.MinterFunc(func(context.Context, tenant.ID, string) (servicecred.Token, error) {
		return servicecred.Token{}, errs.E(errs.Unauthenticated, "the tenant is suspended")
	}))
	if _, err := src.Act(context.Background(), tenant.New()); !errs.Is(err, errs.Unauthenticated) {
		t.Fatalf("err %v, want UNAUTHENTICATED", err)
	}
}
