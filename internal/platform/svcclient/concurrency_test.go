package svcclient_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/testwait"
)

func TestConcurrencyBound(t *testing.T) {
	const bound, extra = 3, 5
	for _, name := range []string{"in process", "over http"} {
		t.Run(name, func(t *testing.T) {
			s := newFaultServer(t)
			s.set(answerSlow)
			p := fastPolicy()
			p.MaxConcurrent = bound
			p.Timeout = 10 * time.Second
			c, _ := newClient(t, transports(t, s)[name], p)

			errc := make(chan error, bound+extra)
			var wg sync.WaitGroup
			for range bound + extra {
				wg.Go(func() { errc <- c.Do(context.Background(), "GET", "/customers", nil, nil) })
			}
			testwait.For(t, 5*time.Second, "the bound of calls in flight is reached", func() bool { return s.inFlight.Load() >= bound })

			// One more call with a short deadline must wait for a slot and
			// give up there, never reaching the target, while the others
			// queue behind the held ones.
			ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
			defer cancel()
			wantCode(t, c.Do(ctx, "GET", "/customers", nil, nil), errs.Unavailable)
			if got := s.hits.Load(); got != bound {
				t.Fatalf("hits while saturated = %d, want %d", got, bound)
			}

			s.releaseAll()
			wg.Wait()
			close(errc)
			for err := range errc {
				if err != nil {
					t.Errorf("queued call: %v", err)
				}
			}
			if got := s.hits.Load(); got != bound+extra {
				t.Errorf("hits = %d, want %d", got, bound+extra)
			}
			if got := s.maxFlight.Load(); got > bound {
				t.Fatalf("max in flight = %d, want at most %d", got, bound)
			}
		})
	}
}
