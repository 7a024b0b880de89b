package vault

import (
	"context"
	"sync"
	"time"
)

// Start renews the token and checks watched secrets for rotation until
// stop is called; stop waits for both to end. The first timers are armed
// before Start returns.
func (c *Client) Start(ctx context.Context) (stop func()) {
	ctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	ticker := c.clock.Ticker(c.cfg.RotationCheck)
	renewAt := c.renewTimer()
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); c.renewLoop(ctx, renewAt) }()
	go func() { defer wg.Done(); c.rotationLoop(ctx, ticker.C) }()
	return func() {
		cancel()
		ticker.Stop()
		wg.Wait()
	}
}

// renewFraction of a token's TTL passes before it is renewed: late enough
// not to renew needlessly, early enough that a failed renewal still leaves
// a third of the TTL to retry or log in again.
const renewFraction = 2.0 / 3

// retryPause is the pause after a failed renewal or login.
const retryPause = 5 * time.Second

// renewTimer fires when the current token should be renewed; it is nil,
// and never fires, for a token without TTL.
func (c *Client) renewTimer() <-chan time.Time {
	c.mu.Lock()
	l := c.lease
	c.mu.Unlock()
	if l.ttl <= 0 {
		return nil
	}
	return c.clock.After(max(0, time.Duration(float64(l.ttl)*renewFraction)-c.clock.Since(l.at)))
}

func (c *Client) renewLoop(ctx context.Context, next <-chan time.Time) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-next:
		}
		if err := c.refreshToken(ctx); err != nil {
			c.log.Warn("vault token renewal", "err", err)
			// Sooner near expiry, but never a busy loop once it passed.
			next = c.clock.After(max(time.Second, min(retryPause, c.untilExpiry()/2)))
			continue
		}
		next = c.renewTimer()
	}
}

func (c *Client) untilExpiry() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return max(0, c.untilExpiryLocked())
}

// refreshToken renews the token, or logs in afresh when it cannot be
// renewed (not renewable, at its max TTL, or renewal refused).
func (c *Client) refreshToken(ctx context.Context) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	ctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	l := c.lease
	if l.renewable && !l.capped {
		asked := int(l.ttl / time.Second)
		s, err := c.api.Auth().Token().RenewSelfWithContext(ctx, asked)
		if err == nil && s.Auth != nil {
			got := time.Duration(s.Auth.LeaseDuration) * time.Second
			c.lease = lease{ttl: got, renewable: s.Auth.Renewable, at: c.clock.Now(), capped: got < l.ttl}
			c.log.Debug("vault token renewed", "ttl", got)
			return nil
		}
		if c.method == nil {
			return err
		}
		c.log.Warn("vault token renewal failed; logging in again", "err", err)
	}
	if c.method == nil {
		// A given token that cannot be renewed lives as long as it was
		// issued for; the operator replaces it before then.
		c.log.Warn("vault token cannot be renewed", "expires_in", c.untilExpiryLocked())
		c.lease.ttl = 0
		return nil
	}
	return c.login(ctx)
}

func (c *Client) untilExpiryLocked() time.Duration { return c.lease.ttl - c.clock.Since(c.lease.at) }
