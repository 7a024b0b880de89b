package notify

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"strings"
	"time"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/tenant"
	"github.com/vextrus/vextrus/internal/platform/tenantsettings"
)

// The feature flags that give a tenant its channels; in-app always is.
const (
	FlagEmail = "notify.email"
	FlagSMS   = "notify.sms"
)

// pgChannel is the PostgreSQL notification channel of new feed entries
// and new deliveries; payload "feed <tenant> <user> <id>" or "due".
const pgChannel = "vextrus_notify"

// prepare reads what one event's deliveries need from other services
// (the recipients, the tenant's settings and channels) and returns the
// Handler that writes them in the consumer's transaction of the event's
// tenant: in-app entries now, email and SMS deliveries queued for the
// runner. The reads come first and outside the transaction, so a
// directory slow to answer holds no pooled connection. The unique keys
// make a second handling of the same event change nothing.
func (s *Service) prepare(ctx context.Context, ev events.Event) (events.Handler, error) {
	if ev.Tenant == tenant.Nil {
		return nil, nil
	}
	n, ok, err := s.plan(ev)
	if err != nil || !ok {
		return nil, err
	}
	dirCtx := ctx
	if s.acting != nil {
		if dirCtx, err = s.acting.Act(ctx, ev.Tenant); err != nil {
			return nil, fmt.Errorf("act for tenant: %w", err)
		}
	}
	rs, err := s.resolve(dirCtx, n)
	if err != nil || len(rs) == 0 {
		return nil, err
	}
	if id := n.vars["SubmitterID"]; id != "" {
		n.vars["Submitter"] = s.submitterName(dirCtx, id)
	}
	st, err := s.settings.Settings(ctx, ev.Tenant)
	if err != nil {
		return nil, err
	}
	avail, err := s.tenantChannels(ctx, ev.Tenant)
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context, tx *db.Tx, _ events.Event) error {
		queued, err := s.deliver(ctx, tx, n, rs, st, avail)
		if err != nil || !queued {
			return err
		}
		// The other replicas' runners hear of it through PostgreSQL, this
		// one's at once.
		tx.AfterCommit(func(context.Context) { s.wake() })
		_, err = tx.Exec(ctx, `select pg_notify($1, $2)`, pgChannel, "due "+s.instance)
		return err
	}, nil
}

// tenantChannels are the channels the tenant has: in-app always, email
// and SMS by feature flag and when this process can send them.
func (s *Service) tenantChannels(ctx context.Context, t tenant.ID) (map[string]bool, error) {
	out := map[string]bool{ChannelInApp: true}
	for name, flag := range map[string]string{ChannelEmail: FlagEmail, ChannelSMS: FlagSMS} {
		if s.channels[name] == nil {
			continue
		}
		on, err := s.settings.Enabled(ctx, t, "", flag)
		if err != nil {
			return nil, err
		}
		out[name] = on
	}
	return out, nil
}

// deliver writes the recipients' in-app entries and queues their email
// and SMS; it reports whether it queued any. Whatever the number of
// recipients (a role of a hundred approvers), each kind of read and
// write is one statement: the consumer handles a tenant's events one
// after the other, so a round trip per recipient would hold every later
// event of the tenant back.
func (s *Service) deliver(ctx context.Context, tx *db.Tx, n notice, rs []recipient, st *tenantsettings.Settings,
	avail map[string]bool) (bool, error) {
	var users []string
	for _, r := range rs {
		if r.userID != "" {
			users = append(users, r.userID)
		}
	}
	var prefs map[string]map[string]bool
	var quiet map[string]QuietHours
	if !n.security {
		var err error
		if prefs, err = preferencesOf(ctx, tx, users, n.ev.Type); err != nil {
			return false, err
		}
		if !n.urgent {
			if quiet, err = quietHoursOf(ctx, tx, users); err != nil {
				return false, err
			}
		}
	}
	var feed []feedEntry
	var queue deliveryRows
	var digests []digestRow
	for _, r := range rs {
		locale, vars := s.varsFor(n, r, st)
		want := wanted(n, r, avail, prefs[r.userID])
		if want[ChannelInApp] {
			feed = append(feed, feedEntry{user: r.userID, locale: locale, vars: vars})
		}
		for _, ch := range []string{ChannelEmail, ChannelSMS} {
			if !want[ch] {
				continue
			}
			addr := r.email
			if ch == ChannelSMS {
				addr = r.mobile
			}
			var q *QuietHours
			if h, ok := quiet[r.userID]; ok {
				q = &h
			}
			if s.digested(n, r) {
				raw, err := json.Marshal(personalVars(r, locale, st, s.linkTo("/approvals")))
				if err != nil {
					return false, err
				}
				digests = append(digests, digestRow{recipient: r.key, channel: ch, user: r.userID, locale: locale,
					address: addr, vars: string(raw), quiet: q})
				continue
			}
			at := s.now()
			if q != nil {
				at = q.after(at, st.Location())
			}
			raw, err := json.Marshal(vars)
			if err != nil {
				return false, err
			}
			queue.add(n.ev.ID, n.ev.Type, r.key, ch, r.userID, locale, addr, string(raw), at)
		}
	}
	if err := s.addFeed(ctx, tx, n, feed); err != nil {
		return false, err
	}
	if err := queue.insert(ctx, tx, n.security); err != nil {
		return false, err
	}
	if len(digests) > 0 {
		if err := s.queueDigests(ctx, tx, n, digests, st.Location(), s.noticeVars(n, st)); err != nil {
			return false, err
		}
	}
	// A digest is due later: the runner finds it when it polls.
	return queue.n() > 0, nil
}

// varsFor is the template's variables for r, and the language r reads.
func (s *Service) varsFor(n notice, r recipient, st *tenantsettings.Settings) (string, map[string]string) {
	locale := r.locale
	if locale != "bn" && locale != "en" {
		locale = tenantLocale(st)
	}
	vars := s.noticeVars(n, st)
	maps.Copy(vars, personalVars(r, locale, st, vars["Link"]))
	return locale, vars
}

// noticeVars is the template's variables of n that are the same for
// every recipient: the link in full, times in the tenant's zone.
func (s *Service) noticeVars(n notice, st *tenantsettings.Settings) map[string]string {
	vars := maps.Clone(n.vars)
	if n.link != "" {
		vars["Link"] = s.linkTo(n.link)
	}
	if v, ok := vars["ExpiresAt"]; ok {
		vars["ExpiresAt"] = localTime(v, st.Location())
	}
	if v, ok := vars["Due"]; ok {
		vars["Due"] = localTime(v, st.Location())
	}
	return vars
}

// linkTo is path under http.public_url.
func (s *Service) linkTo(path string) string { return strings.TrimSuffix(s.publicURL(), "/") + path }

// personalVars is what a message to r in locale says of r and the
// company, and the link it leads to ("" for none).
func personalVars(r recipient, locale string, st *tenantsettings.Settings, link string) map[string]string {
	vars := map[string]string{"Name": firstNonEmpty(r.name, r.email), "Company": st.Company.LegalName}
	if locale == "bn" && st.Company.LegalNameBn != "" {
		vars["Company"] = st.Company.LegalNameBn
	}
	if link != "" {
		vars["Link"] = link
	}
	return vars
}

// deliveryRows are email and SMS deliveries, column by column, to be
// queued in one statement.
type deliveryRows struct {
	eventID, eventType, recipient, channel, user, locale, address, vars []string
	at                                                                  []time.Time
}

func (d *deliveryRows) add(eventID, eventType, recipient, channel, user, locale, address, vars string, at time.Time) {
	d.eventID, d.eventType = append(d.eventID, eventID), append(d.eventType, eventType)
	d.recipient, d.channel, d.user = append(d.recipient, recipient), append(d.channel, channel), append(d.user, user)
	d.locale, d.address, d.vars = append(d.locale, locale), append(d.address, address), append(d.vars, vars)
	d.at = append(d.at, at)
}

func (d *deliveryRows) n() int { return len(d.recipient) }

// insert queues the deliveries; one already queued for the same event,
// recipient and channel stays as it is.
func (d *deliveryRows) insert(ctx context.Context, tx *db.Tx, security bool) error {
	if d.n() == 0 {
		return nil
	}
	_, err := tx.Exec(ctx, `insert into notify.deliveries (tenant_id, event_id, event_type, recipient, channel, user_id,
			locale, address, vars, security, next_attempt_at)
		select $1, r.event_id, r.event_type, r.recipient, r.channel, r.user_id, r.locale, r.address, r.vars::jsonb, $2, r.at
		from unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],
				$11::timestamptz[])
			as r(event_id, event_type, recipient, channel, user_id, locale, address, vars, at)
		on conflict (tenant_id, event_id, recipient, channel) do nothing`,
		tx.Tenant().UUID(), security, d.eventID, d.eventType, d.recipient, d.channel, d.user, d.locale, d.address,
		d.vars, d.at)
	if err != nil {
		return fmt.Errorf("queue deliveries: %w", db.Translate(err))
	}
	return nil
}

// wanted decides r's channels from what the tenant has, r has an
// address for, and r's preferences (prefs, by channel) allow; security
// notices go by email only, whatever the preferences.
func wanted(n notice, r recipient, avail map[string]bool, prefs map[string]bool) map[string]bool {
	if n.security {
		return map[string]bool{ChannelEmail: avail[ChannelEmail] && r.email != ""}
	}
	want := map[string]bool{
		ChannelInApp: r.userID != "",
		ChannelEmail: avail[ChannelEmail] && r.email != "",
		ChannelSMS:   avail[ChannelSMS] && r.mobile != "",
	}
	for ch, on := range prefs {
		want[ch] = want[ch] && on
	}
	return want
}

// tenantLocale is "bn" or "en" from the tenant's locale (bn-BD, en-BD).
func tenantLocale(st *tenantsettings.Settings) string {
	if strings.HasPrefix(st.Locale, "en") {
		return "en"
	}
	return "bn"
}

// wake nudges this process's runner and, through PostgreSQL, the other
// replicas' (the notification is sent by the committed transaction).
func (s *Service) wake() {
	select {
	case s.wakeup <- struct{}{}:
	default:
	}
}

// Handle handles ev in a transaction of its own, outside the consumer:
// for tests, tools and the benchmark, which hand it events directly.
// Handling an event twice delivers it once.
func (s *Service) Handle(ctx context.Context, ev events.Event) error {
	ctx = events.Context(ctx, ev)
	h, err := s.prepare(ctx, ev)
	if err != nil || h == nil {
		return err
	}
	return s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error { return h(ctx, tx, ev) })
}
