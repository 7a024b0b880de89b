package notify

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"strings"

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

// handle turns one event into its deliveries in tx, the consumer's
// transaction of the event's tenant: in-app entries are written now,
// email and SMS deliveries are queued for the runner. The unique keys
// make a second handling of the same event change nothing.
func (s *Service) handle(ctx context.Context, tx *db.Tx, ev events.Event) error {
	if ev.Tenant == tenant.Nil {
		return nil
	}
	n, ok, err := s.plan(ev)
	if err != nil || !ok {
		return err
	}
	dirCtx := ctx
	if s.acting != nil {
		if dirCtx, err = s.acting.Act(ctx, ev.Tenant); err != nil {
			return fmt.Errorf("act for tenant: %w", err)
		}
	}
	rs, err := s.resolve(dirCtx, n)
	if err != nil {
		return err
	}
	if len(rs) == 0 {
		return nil
	}
	if id := n.vars["SubmitterID"]; id != "" {
		n.vars["Submitter"] = s.submitterName(dirCtx, id)
	}
	st, err := s.settings.Settings(ctx, ev.Tenant)
	if err != nil {
		return err
	}
	avail, err := s.tenantChannels(ctx, ev.Tenant)
	if err != nil {
		return err
	}
	queued := false
	for _, r := range rs {
		q, err := s.deliverTo(ctx, tx, n, r, st, avail)
		if err != nil {
			return err
		}
		queued = queued || q
	}
	if !queued {
		return nil
	}
	// The other replicas' runners hear of it through PostgreSQL, this
	// one's at once.
	tx.AfterCommit(func(context.Context) { s.wake() })
	_, err = tx.Exec(ctx, `select pg_notify($1, $2)`, pgChannel, "due "+s.instance)
	return err
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

// deliverTo writes r's in-app entry and queues its email and SMS; it
// reports whether it queued any.
func (s *Service) deliverTo(ctx context.Context, tx *db.Tx, n notice, r recipient, st *tenantsettings.Settings,
	avail map[string]bool) (bool, error) {
	locale := r.locale
	if locale != "bn" && locale != "en" {
		locale = tenantLocale(st)
	}
	vars := maps.Clone(n.vars)
	vars["Name"] = firstNonEmpty(r.name, r.email)
	vars["Company"] = st.Company.LegalName
	if locale == "bn" && st.Company.LegalNameBn != "" {
		vars["Company"] = st.Company.LegalNameBn
	}
	if n.link != "" {
		vars["Link"] = strings.TrimSuffix(s.publicURL(), "/") + n.link
	}
	if v, ok := vars["ExpiresAt"]; ok {
		vars["ExpiresAt"] = localTime(v, st.Location())
	}
	if v, ok := vars["Due"]; ok {
		vars["Due"] = localTime(v, st.Location())
	}
	want, err := s.wanted(ctx, tx, n, r, avail)
	if err != nil {
		return false, err
	}
	if want[ChannelInApp] {
		if err := s.addFeed(ctx, tx, n, r, locale, vars); err != nil {
			return false, err
		}
	}
	queued := false
	for _, ch := range []string{ChannelEmail, ChannelSMS} {
		if !want[ch] {
			continue
		}
		addr := r.email
		if ch == ChannelSMS {
			addr = r.mobile
		}
		at := s.now()
		if !n.urgent && r.userID != "" {
			if at, err = s.afterQuietHours(ctx, tx, r.userID, at, st.Location()); err != nil {
				return false, err
			}
		}
		raw, err := json.Marshal(vars)
		if err != nil {
			return false, err
		}
		_, err = tx.Exec(ctx, `insert into notify.deliveries (tenant_id, event_id, event_type, recipient, channel, user_id,
				locale, address, vars, security, next_attempt_at)
			values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
			on conflict (tenant_id, event_id, recipient, channel) do nothing`,
			tx.Tenant().UUID(), n.ev.ID, n.ev.Type, r.key, ch, r.userID, locale, addr, raw, n.security, at)
		if err != nil {
			return false, fmt.Errorf("queue %s delivery: %w", ch, db.Translate(err))
		}
		queued = true
	}
	return queued, nil
}

// wanted decides r's channels: security notices go by email only;
// others by what the tenant has, r has an address for, and r's
// preferences allow (a party has none).
func (s *Service) wanted(ctx context.Context, tx *db.Tx, n notice, r recipient, avail map[string]bool) (map[string]bool, error) {
	if n.security {
		return map[string]bool{ChannelEmail: avail[ChannelEmail] && r.email != ""}, nil
	}
	want := map[string]bool{
		ChannelInApp: r.userID != "",
		ChannelEmail: avail[ChannelEmail] && r.email != "",
		ChannelSMS:   avail[ChannelSMS] && r.mobile != "",
	}
	if r.userID == "" {
		return want, nil
	}
	prefs, err := s.preferencesOf(ctx, tx, r.userID, n.ev.Type)
	if err != nil {
		return nil, err
	}
	for ch, on := range prefs {
		want[ch] = want[ch] && on
	}
	return want, nil
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
	return s.db.InTenantTx(tenant.With(ctx, ev.Tenant), func(ctx context.Context, tx *db.Tx) error {
		return s.handle(ctx, tx, ev)
	})
}
