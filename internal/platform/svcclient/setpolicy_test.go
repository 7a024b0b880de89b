package svcclient_test

import (
	"context"
	"testing"
	"time"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/svcclient"
	"github.com/vextrus/vextrus/internal/platform/testwait"
)

// TestANewTimeoutAppliesToTheNextCallNotOneInFlight is what a
// configuration reload of clients.<target>.timeout does.
func TestANewTimeoutAppliesToTheNextCallNotOneInFlight(t *testing.T) {
	for _, name := range []string{"in process", "over http"} {
		t.Run(name, func(t *testing.T) {
			s := newFaultServer(t)
			s.set(answerSlow)
			p := fastPolicy()
			p.Timeout, p.MaxConcurrent = time.Hour, 4
			c, _ := newClient(t, transports(t, s)[name], p)

			held := make(chan error, 1)
			go func() { held <- c.Do(context.Background(), "GET", "/customers", nil, nil) }()
			testwait.For(t, 5*time.Second, "the first call reaches the slow target", func() bool { return s.inFlight.Load() == 1 })

			shorter := p
			shorter.Timeout, shorter.MaxConcurrent = 20*time.Millisecond, 99
			c.SetPolicy(shorter)
			wantCode(t, c.Do(context.Background(), "GET", "/customers", nil, nil), errs.Unavailable)
			if got := c.Policy(); got.Timeout != 20*time.Millisecond || got.MaxConcurrent != 4 {
				t.Errorf("policy after SetPolicy = %+v, want the new timeout and the bound it was made with", got)
			}

			s.releaseAll()
			if err := <-held; err != nil {
				t.Fatalf("the call in flight kept its hour and should have succeeded: %v", err)
			}
		})
	}
}

// TestSetPolicyOfZeroFieldsTakesDefaults keeps a reload that removes a
// client's section from leaving it without a timeout.
func TestSetPolicyOfZeroFieldsTakesDefaults(t *testing.T) {
	c := svcclient.New("rules", svcclient.InProcess(newFaultServer(t)), svcclient.Policy{Timeout: time.Second}, nil)
	c.SetPolicy(svcclient.Policy{})
	if got := c.Policy().Timeout; got != svcclient.DefaultPolicy().Timeout {
		t.Fatalf("timeout = %v, want the default %v", got, svcclient.DefaultPolicy().Timeout)
	}
}
