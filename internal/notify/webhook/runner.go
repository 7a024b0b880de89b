package webhook

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/lifecycle"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// Runner returns the delivery loop: it leases due deliveries of every
// tenant (several replicas never hold the same one), posts them, and
// records each outcome. Stopping it lets the requests in flight finish
// (each bounded by the timeout) and records them.
func (s *Service) Runner() lifecycle.Service {
	return lifecycle.New("webhook runner", lifecycle.Funcs{Running: s.run})
}

// claimed is a leased delivery.
type claimed struct {
	tenant tenant.ID
	id     uuid.UUID
	lease  uuid.UUID
}

func (s *Service) run(ctx context.Context) error {
	var wg sync.WaitGroup
	defer wg.Wait()
	free := make(chan struct{}, s.cfg.Concurrency)
	for range s.cfg.Concurrency {
		free <- struct{}{}
	}
	poll := time.NewTicker(s.cfg.PollInterval)
	defer poll.Stop()
	for {
		// Claim only as many as there are free slots, so nothing leased
		// waits for a slot while its lease runs out.
		n := len(free)
		var got []claimed
		if n > 0 {
			var err error
			if got, err = s.claim(ctx, n); err != nil && ctx.Err() == nil {
				s.log.Warn("claim webhook deliveries", "err", err)
			}
		}
		for _, c := range got {
			<-free
			wg.Go(func() {
				defer func() { free <- struct{}{} }()
				s.attempt(context.WithoutCancel(ctx), c)
				s.nudge() // a slot is free: look again
			})
		}
		if len(got) == n && n > 0 {
			continue // more may be due
		}
		select {
		case <-ctx.Done():
			return nil
		case <-s.wake:
		case <-poll.C:
		}
	}
}

// leaseSeconds is how long a claim holds a delivery: the request's
// timeout with room for reading and recording around it.
func (s *Service) leaseSeconds() float64 { return (2*s.cfg.Timeout + 10*time.Second).Seconds() }

func (s *Service) claim(ctx context.Context, n int) ([]claimed, error) {
	var out []claimed
	err := s.pool.InTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		rows, err := tx.Query(ctx, `select tenant_id, id, lease_id from notify.webhook_claim($1, $2)`, n, s.leaseSeconds())
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (claimed, error) {
			var c claimed
			var t uuid.UUID
			err := r.Scan(&t, &c.id, &c.lease)
			c.tenant = tenant.ID(t)
			return c, err
		})
		return err
	}, db.Single())
	return out, err
}

// leased is what one attempt needs, read in the delivery's tenant.
type leased struct {
	eventID          uuid.UUID
	body             []byte
	attempts         int
	url              string
	secret, previous string
}

// attempt posts one leased delivery and records the outcome.
func (s *Service) attempt(ctx context.Context, c claimed) {
	ctx = tenant.With(ctx, c.tenant)
	var d leased
	err := s.pool.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) error {
		return tx.QueryRow(ctx, `select d.event_id, d.body, d.attempts, e.url, e.secret,
				case when e.previous_until > now() then e.previous_secret else '' end
			from notify.webhook_deliveries d
			join notify.webhook_endpoints e on e.tenant_id = d.tenant_id and e.id = d.endpoint_id
			where d.id = $1 and d.lease_id = $2 and d.status = 'pending'`, c.id, c.lease).
			Scan(&d.eventID, &d.body, &d.attempts, &d.url, &d.secret, &d.previous)
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return // deleted, or the lease was lost
	}
	if err != nil {
		s.log.Warn("read webhook delivery", "delivery", c.id, "err", err)
		return
	}
	start := time.Now()
	status, sendErr := s.post(ctx, d)
	s.m.duration.Observe(time.Since(start).Seconds())
	if err := s.settle(ctx, c, d.attempts+1, status, sendErr); err != nil {
		s.log.Warn("record webhook attempt", "delivery", c.id, "err", err)
	}
}

// post sends d once and returns the receiver's status; an error when
// there was none or it was not 2xx.
func (s *Service) post(ctx context.Context, d leased) (int, error) {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.url, bytes.NewReader(d.body))
	if err != nil {
		return 0, fmt.Errorf("bad URL: %w", err)
	}
	ts := strconv.FormatInt(s.now().Unix(), 10)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Vextrus-Webhooks/1")
	req.Header.Set(HeaderID, d.eventID.String())
	req.Header.Set(HeaderTimestamp, ts)
	req.Header.Set(HeaderSignature, signatures(d.secret, d.previous, ts, d.body))
	res, err := s.client.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return 0, fmt.Errorf("no answer within %v", s.cfg.Timeout)
		}
		return 0, err
	}
	// Drain a little so the connection can be reused; the body is not
	// kept.
	_, _ = io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10))
	res.Body.Close()
	if res.StatusCode < 200 || res.StatusCode > 299 {
		return res.StatusCode, fmt.Errorf("answered %d %s", res.StatusCode, http.StatusText(res.StatusCode))
	}
	return res.StatusCode, nil
}

// settle records attempt n's outcome, if this runner still holds the
// lease: delivered, pending again after the schedule's pause, or dead.
func (s *Service) settle(ctx context.Context, c claimed, n, status int, sendErr error) error {
	now := s.now().UTC()
	var last *int
	if status != 0 {
		last = &status
	}
	lastErr := ""
	if sendErr != nil {
		lastErr = truncate(sendErr.Error(), 500)
	}
	pause, retry := s.pause(n)
	state := Pending
	switch {
	case sendErr == nil:
		state = Delivered
	case !retry:
		state = Dead
	}
	outcome := map[DeliveryStatus]string{Delivered: "delivered", Pending: "retry", Dead: "dead"}[state]
	s.m.attempts.WithLabelValues(outcome).Inc()
	return s.pool.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		_, err := tx.Exec(ctx, `update notify.webhook_deliveries set
				status = $3, attempts = $4, total_attempts = total_attempts + 1,
				last_status = $5, last_error = $6, last_attempt_at = $7,
				next_attempt_at = case when $3 = 'pending' then now() + make_interval(secs => $8) end,
				delivered_at = case when $3 = 'delivered' then $7 else delivered_at end,
				dead_at = case when $3 = 'dead' then $7 end,
				lease_id = null, lease_until = null
			where id = $1 and lease_id = $2`,
			c.id, c.lease, string(state), n, last, lastErr, now, pause.Seconds())
		return err
	})
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "")
}
