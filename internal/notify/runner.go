package notify

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/url"
	"slices"
	"sync"
	"time"

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
	recipient string
	channel   string
	userID    string
	locale    string
	address   string
	vars      map[string]string
	attempts  int
	createdAt time.Time
	// items are the requests a digest lists (digest.go).
	items []map[string]string
}

// Runner is the delivery loop: it claims due deliveries, tenant by
// tenant, sends them on their channels, and records each outcome; every
// hour it prunes the history past Retention (prune.go). It runs on every
// replica; claims skip rows another holds.
func (s *Service) Runner() lifecycle.Service {
	return lifecycle.New(Name+"-runner", lifecycle.Funcs{Running: func(ctx context.Context) error {
		poll := time.NewTimer(0)
		defer poll.Stop()
		prune := time.NewTicker(pruneEvery)
		defer prune.Stop()
		for {
			select {
			case <-ctx.Done():
				return nil
			case <-prune.C:
				s.pruneLogged(ctx)
				continue
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
	tenants, err := s.db.Tenants(ctx, "notify.due_tenants", 100, s.now())
	if err != nil {
		return 0, err
	}
	total := 0
	for _, t := range tenants {
		n, err := s.runTenant(tenant.With(ctx, t))
		total += n
		if err != nil {
			return total, err
		}
	}
	return total, nil
}

// runTenant claims and sends one batch of the tenant of ctx. Each channel
// sends on its own workers, so a slow or failing channel holds up none
// of the others; a channel that sends many at once (email: many mails
// in one SMTP session) is handed a share of the batch per worker.
func (s *Service) runTenant(ctx context.Context) (int, error) {
	ds, err := s.claim(ctx)
	if err != nil || len(ds) == 0 {
		return 0, err
	}
	if err := s.digestItems(ctx, ds); err != nil {
		return 0, err
	}
	templates, err := s.templatesOf(ctx, ds)
	if err != nil {
		return 0, err
	}
	byChannel := map[string][]delivery{}
	for _, d := range ds {
		byChannel[d.channel] = append(byChannel[d.channel], d)
	}
	var wg sync.WaitGroup
	for name, all := range byChannel {
		ch := s.channels[name]
		size := 1
		if _, ok := ch.(BatchChannel); ok {
			size = (len(all) + s.cfg.Workers - 1) / s.cfg.Workers
		}
		sem := make(chan struct{}, s.cfg.Workers)
		for part := range slices.Chunk(all, size) {
			wg.Go(func() {
				sem <- struct{}{}
				defer func() { <-sem }()
				s.settle(ctx, part, s.send(ctx, ch, part, templates))
			})
		}
	}
	wg.Wait()
	return len(ds), nil
}

// templatesOf reads the templates of ds, by event type and locale.
func (s *Service) templatesOf(ctx context.Context, ds []delivery) (map[[2]string]Template, error) {
	out := map[[2]string]Template{}
	err := s.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) error {
		for _, d := range ds {
			key := [2]string{d.eventType, d.locale}
			if _, ok := out[key]; ok {
				continue
			}
			t, err := s.template(ctx, tx, d.eventType, d.locale)
			if err != nil {
				return err
			}
			out[key] = t
		}
		return nil
	})
	return out, err
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
			returning d.id, d.event_id, d.event_type, d.recipient, d.channel, d.user_id, d.locale, d.address, d.vars, d.attempts, d.created_at`,
			tx.Tenant().UUID(), now, now.Add(lease), batch)
		if err != nil {
			return fmt.Errorf("claim deliveries: %w", err)
		}
		defer rows.Close()
		out = out[:0]
		for rows.Next() {
			d := delivery{tenant: tx.Tenant()}
			var raw []byte
			if err := rows.Scan(&d.id, &d.eventID, &d.eventType, &d.recipient, &d.channel, &d.userID, &d.locale, &d.address, &raw,
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

// send renders ds and hands them to ch, all at once when ch can take
// them so; it returns each one's outcome.
func (s *Service) send(ctx context.Context, ch Channel, ds []delivery, templates map[[2]string]Template) []error {
	out := make([]error, len(ds))
	if ch == nil {
		for i, d := range ds {
			out[i] = fmt.Errorf("no %s channel in this process", d.channel)
		}
		return out
	}
	var ms []Message
	var at []int // the index in ds of each of ms
	for i, d := range ds {
		m, err := s.render(d, templates[[2]string{d.eventType, d.locale}])
		if err != nil {
			out[i] = err
			continue
		}
		ms, at = append(ms, m), append(at, i)
	}
	if b, ok := ch.(BatchChannel); ok && len(ms) > 0 {
		for j, err := range b.SendAll(ctx, ms) {
			out[at[j]] = err
		}
		return out
	}
	for j, m := range ms {
		out[at[j]] = ch.Send(ctx, m)
	}
	return out
}

// render makes d's message from its template t.
func (s *Service) render(d delivery, t Template) (Message, error) {
	vars := d.vars
	if sealed, ok := vars["SealedToken"]; ok {
		delete(vars, "SealedToken")
		tok, err := tokenseal.Open(s.secret, sealed)
		if err != nil {
			return Message{}, permanentError{fmt.Errorf("open the token: %w", err)}
		}
		vars["Link"] += url.QueryEscape(tok)
	}
	if d.eventType == EventApprovalsDigest && len(d.items) == 0 {
		return Message{}, permanentError{fmt.Errorf("digest %s lists no request", d.eventID)}
	}
	msg, err := render(t, vars, d.items, d.channel == ChannelEmail)
	if err != nil {
		return Message{}, permanentError{err}
	}
	return Message{Tenant: d.tenant, EventID: d.eventID, EventType: d.eventType, UserID: d.userID,
		Locale: d.locale, To: d.address, Subject: msg.Subject, Text: msg.Text, HTML: msg.HTML}, nil
}

// settle records the outcome of each of ds, errs[i] that of ds[i]: sent
// (all of them in one statement); failed when the error is permanent or
// the delivery is older than RetryFor; else pending again after a
// backoff that doubles with each attempt.
func (s *Service) settle(ctx context.Context, ds []delivery, errs []error) {
	now := s.now()
	run := func(d delivery, sql string, args ...any) {
		err := s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
			_, err := tx.Exec(ctx, sql, args...)
			return err
		}, db.Single())
		if err != nil && ctx.Err() == nil {
			// The lease brings it back: sent twice at worst, lost never.
			s.log.Warn("record a delivery's outcome", "tenant", d.tenant, "delivery", d.id, "err", err)
		}
	}
	var sent []int64
	for i, d := range ds {
		var p permanent
		switch sendErr := errs[i]; {
		case sendErr == nil:
			sent = append(sent, d.id)
		case errors.As(sendErr, &p) && p.Permanent(), now.Sub(d.createdAt) > s.cfg.RetryFor:
			s.log.Warn("notification failed", "tenant", d.tenant, "event", d.eventID, "channel", d.channel, "err", sendErr)
			run(d, `update notify.deliveries set state = 'failed', last_error = left($2, 1000) where tenant_id = $1 and id = $3`,
				d.tenant.UUID(), sendErr.Error(), d.id)
		default:
			run(d, `update notify.deliveries set next_attempt_at = $2, last_error = left($3, 1000) where tenant_id = $1 and id = $4`,
				d.tenant.UUID(), now.Add(s.backoff(d.attempts)), sendErr.Error(), d.id)
		}
	}
	if len(sent) > 0 {
		run(ds[0], `update notify.deliveries set state = 'sent', sent_at = $2, last_error = '' where tenant_id = $1 and id = any($3)`,
			ds[0].tenant.UUID(), now, sent)
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
