package notify

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/url"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/lifecycle"
	"github.com/vextrus/vextrus/internal/platform/tenant"
	"github.com/vextrus/vextrus/internal/platform/tokenseal"
)

// batch is the most deliveries of one tenant claimed at once.
const batch = 100

// lease is how long a claimed delivery is left alone: a process that
// dies mid-send leaves it to be tried again after this.
const lease = 2 * time.Minute

// delivery is one queued email or SMS, as the runner claims it.
type delivery struct {
	tenant    tenant.ID
	id        int64
	eventID   string
	eventType string
	channel   string
	userID    string
	locale    string
	address   string
	vars      map[string]string
	attempts  int
	createdAt time.Time
}

// Runner is the delivery loop: it claims due deliveries, tenant by
// tenant, sends them on their channels, and records each outcome. It
// runs on every replica; claims skip rows another holds.
func (s *Service) Runner() lifecycle.Service {
	return lifecycle.New(Name+"-runner", lifecycle.Funcs{Running: func(ctx context.Context) error {
		poll := time.NewTimer(0)
		defer poll.Stop()
		for {
			select {
			case <-ctx.Done():
				return nil
			case <-s.wakeup:
			case <-poll.C:
			}
			for ctx.Err() == nil {
				n, err := s.RunOnce(ctx)
				if err != nil && ctx.Err() == nil {
					s.log.Warn("notify runner", "err", err)
				}
				if err != nil || n < batch {
					break
				}
			}
			poll.Reset(s.cfg.PollInterval)
		}
	}})
}

// RunOnce sends what is due now, at most one batch per tenant, and
// returns how many deliveries it tried.
func (s *Service) RunOnce(ctx context.Context) (int, error) {
	var tenants []uuid.UUID
	err := s.db.InTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		rows, err := tx.Query(ctx, `select notify.due_tenants($1, $2)`, 100, s.now())
		if err != nil {
			return fmt.Errorf("due tenants: %w", err)
		}
		defer rows.Close()
		tenants = tenants[:0]
		for rows.Next() {
			var id uuid.UUID
			if err := rows.Scan(&id); err != nil {
				return err
			}
			tenants = append(tenants, id)
		}
		return rows.Err()
	})
	if err != nil {
		return 0, err
	}
	total := 0
	for _, id := range tenants {
		n, err := s.runTenant(tenant.With(ctx, tenant.ID(id)))
		total += n
		if err != nil {
			return total, err
		}
	}
	return total, nil
}

// runTenant claims and sends one batch of the tenant of ctx. Each channel
// sends on its own workers, so a slow or failing channel holds up none
// of the others.
func (s *Service) runTenant(ctx context.Context) (int, error) {
	ds, err := s.claim(ctx)
	if err != nil || len(ds) == 0 {
		return 0, err
	}
	var wg sync.WaitGroup
	sems := map[string]chan struct{}{}
	for _, d := range ds {
		sem := sems[d.channel]
		if sem == nil {
			sem = make(chan struct{}, s.cfg.Workers)
			sems[d.channel] = sem
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			s.settle(ctx, d, s.send(ctx, d))
		}()
	}
	wg.Wait()
	return len(ds), nil
}

// claim takes the tenant's due deliveries, counting the attempt and
// pushing their next attempt past the lease.
func (s *Service) claim(ctx context.Context) ([]delivery, error) {
	var out []delivery
	err := s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		now := s.now()
		rows, err := tx.Query(ctx, `update notify.deliveries d set attempts = d.attempts + 1, next_attempt_at = $3
			from (select id from notify.deliveries
				where tenant_id = $1 and state = 'pending' and next_attempt_at <= $2
				order by next_attempt_at limit $4 for update skip locked) due
			where d.tenant_id = $1 and d.id = due.id
			returning d.id, d.event_id, d.event_type, d.channel, d.user_id, d.locale, d.address, d.vars, d.attempts, d.created_at`,
			tx.Tenant().UUID(), now, now.Add(lease), batch)
		if err != nil {
			return fmt.Errorf("claim deliveries: %w", err)
		}
		defer rows.Close()
		out = out[:0]
		for rows.Next() {
			d := delivery{tenant: tx.Tenant()}
			var raw []byte
			if err := rows.Scan(&d.id, &d.eventID, &d.eventType, &d.channel, &d.userID, &d.locale, &d.address, &raw,
				&d.attempts, &d.createdAt); err != nil {
				return err
			}
			if err := json.Unmarshal(raw, &d.vars); err != nil {
				return fmt.Errorf("delivery %d vars: %w", d.id, err)
			}
			out = append(out, d)
		}
		return rows.Err()
	})
	return out, err
}

// permanent marks a send error that trying again cannot mend.
type permanent interface{ Permanent() bool }

// send renders d and hands it to its channel.
func (s *Service) send(ctx context.Context, d delivery) error {
	ch := s.channels[d.channel]
	if ch == nil {
		return fmt.Errorf("no %s channel in this process", d.channel)
	}
	vars := d.vars
	if sealed, ok := vars["SealedToken"]; ok {
		delete(vars, "SealedToken")
		tok, err := tokenseal.Open(s.secret, sealed)
		if err != nil {
			return permanentError{fmt.Errorf("open the token: %w", err)}
		}
		vars["Link"] += url.QueryEscape(tok)
	}
	var t Template
	err := s.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) error {
		var err error
		t, err = s.template(ctx, tx, d.eventType, d.locale)
		return err
	})
	if err != nil {
		return err
	}
	msg, err := render(t, vars, d.channel == ChannelEmail)
	if err != nil {
		return permanentError{err}
	}
	return ch.Send(ctx, Message{Tenant: d.tenant, EventID: d.eventID, EventType: d.eventType, UserID: d.userID,
		Locale: d.locale, To: d.address, Subject: msg.Subject, Text: msg.Text, HTML: msg.HTML})
}

// settle records a send's outcome: sent; failed when the error is
// permanent or the delivery is older than RetryFor; else pending again
// after a backoff that doubles with each attempt.
func (s *Service) settle(ctx context.Context, d delivery, sendErr error) {
	now := s.now()
	var err error
	run := func(sql string, args ...any) {
		err = s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
			_, err := tx.Exec(ctx, sql, args...)
			return err
		}, db.Single())
	}
	var p permanent
	switch {
	case sendErr == nil:
		run(`update notify.deliveries set state = 'sent', sent_at = $2, last_error = '' where tenant_id = $1 and id = $3`,
			d.tenant.UUID(), now, d.id)
	case errors.As(sendErr, &p) && p.Permanent(), now.Sub(d.createdAt) > s.cfg.RetryFor:
		s.log.Warn("notification failed", "tenant", d.tenant, "event", d.eventID, "channel", d.channel, "err", sendErr)
		run(`update notify.deliveries set state = 'failed', last_error = left($2, 1000) where tenant_id = $1 and id = $3`,
			d.tenant.UUID(), sendErr.Error(), d.id)
	default:
		run(`update notify.deliveries set next_attempt_at = $2, last_error = left($3, 1000) where tenant_id = $1 and id = $4`,
			d.tenant.UUID(), now.Add(s.backoff(d.attempts)), sendErr.Error(), d.id)
	}
	if err != nil && ctx.Err() == nil {
		// The lease brings it back: sent twice at worst, lost never.
		s.log.Warn("record a delivery's outcome", "tenant", d.tenant, "delivery", d.id, "err", err)
	}
}

// backoff is BackoffBase doubled per attempt after the first, capped at
// MaxBackoff, less up to a fifth of jitter.
func (s *Service) backoff(attempts int) time.Duration {
	d := s.cfg.BackoffBase << min(max(attempts-1, 0), 20)
	if d <= 0 || d > s.cfg.MaxBackoff {
		d = s.cfg.MaxBackoff
	}
	return d - rand.N(d/5+1)
}

// permanentError is an error of the message itself: rendering or
// opening it fails the same way every time.
type permanentError struct{ error }

func (permanentError) Permanent() bool { return true }
func (e permanentError) Unwrap() error { return e.error }
