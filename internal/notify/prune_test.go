package notify_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/notify"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// TestPruningKeepsWhatIsPendingOrRecent: past the retention, sent and
// failed deliveries go in every tenant, and so do the requests a sent
// digest listed and webhook deliveries delivered or dead; a pending
// delivery (however old), the requests of a digest still pending, a
// webhook delivery whose resend ended recently and anything recent stay.
func TestPruningKeepsWhatIsPendingOrRecent(t *testing.T) {
	t.Parallel()
	f := newFixture(t, func(d *notify.Deps) { d.Config.Retention = 30 * 24 * time.Hour })
	ctx := context.Background()
	a, b := tenant.New(), tenant.New()
	old, recent, later := time.Now().AddDate(0, 0, -40), time.Now().AddDate(0, 0, -10), time.Now().AddDate(1, 0, 0)
	deliveries := []struct {
		tenant       tenant.ID
		event, state string
		created      time.Time
		sent, next   *time.Time
		wantKept     bool
	}{
		{a, "sent-old", "sent", old, &old, &old, false},
		{b, "sent-old", "sent", old, &old, &old, false},
		{a, "sent-recent", "sent", old, &recent, &recent, true},
		{a, "failed-old", "failed", old, nil, &old, false},
		{a, "pending-old", "pending", old, nil, &later, true},
		{a, "approvals-digest:pending", "pending", old, nil, &later, true},
		{a, "approvals-digest:sent", "sent", old, &old, &old, false},
	}
	for _, d := range deliveries {
		if _, err := f.db.Admin.Exec(ctx, `insert into notify.deliveries (tenant_id, event_id, event_type, recipient,
				channel, locale, address, state, created_at, sent_at, next_attempt_at)
			values ($1, $2, 'vextrus.test.v1', 'user:u1', 'email', 'en', 'u1@example.com', $3, $4, $5, $6)`,
			d.tenant.UUID(), d.event, d.state, d.created, d.sent, d.next); err != nil {
			t.Fatal(err)
		}
	}
	items := []struct {
		digest   string
		created  time.Time
		wantKept bool
	}{
		{"approvals-digest:pending", old, true},
		{"approvals-digest:sent", old, false},
		{"approvals-digest:sent", recent, true},
	}
	for i, it := range items {
		if _, err := f.db.Admin.Exec(ctx, `insert into notify.digest_items (tenant_id, digest, event_id, recipients, created_at)
			values ($1, $2, $3, '{"email user:u1"}', $4)`, a.UUID(), it.digest, strconv.Itoa(i), it.created); err != nil {
			t.Fatal(err)
		}
	}

	endpoint := uuid.New()
	for _, tn := range []tenant.ID{a, b} {
		if _, err := f.db.Admin.Exec(ctx, `insert into notify.webhook_endpoints (tenant_id, id, url, event_types, status,
				secret, created_at, created_by, updated_at)
			values ($1, $2, 'https://hooks.example.com/erp', '{*}', 'active', 's', $3, 'user:u1', $3)`,
			tn.UUID(), endpoint, old); err != nil {
			t.Fatal(err)
		}
	}
	hooks := []struct {
		tenant          tenant.ID
		name, status    string
		delivered, dead *time.Time
		next            *time.Time
		wantKept        bool
	}{
		{a, "delivered-old", "delivered", &old, nil, nil, false},
		{b, "delivered-old", "delivered", &old, nil, nil, false},
		{a, "dead-old", "dead", nil, &old, nil, false},
		{a, "delivered-recent", "delivered", &recent, nil, nil, true},
		{a, "delivered-old-resent-dead-recent", "dead", &old, &recent, nil, true},
		{a, "pending-old", "pending", nil, nil, &later, true},
	}
	hookID := map[string]uuid.UUID{}
	for _, h := range hooks {
		id := uuid.New()
		hookID[h.tenant.String()+h.name] = id
		if _, err := f.db.Admin.Exec(ctx, `insert into notify.webhook_deliveries (tenant_id, id, endpoint_id, event_id,
				event_type, body, status, next_attempt_at, delivered_at, dead_at, created_at)
			values ($1, $2, $3, $4, 'vextrus.test.v1', '{}', $5, $6, $7, $8, $9)`,
			h.tenant.UUID(), id, endpoint, uuid.New(), h.status, h.next, h.delivered, h.dead, old); err != nil {
			t.Fatal(err)
		}
	}

	n, err := f.svc.PruneHistory(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n != 8 {
		t.Errorf("pruned %d rows, want 8 (4 deliveries, 1 digest item, 3 webhook deliveries)", n)
	}
	for _, h := range hooks {
		var kept bool
		if err := f.db.Admin.QueryRow(ctx, `select exists (select 1 from notify.webhook_deliveries where tenant_id = $1 and id = $2)`,
			h.tenant.UUID(), hookID[h.tenant.String()+h.name]).Scan(&kept); err != nil {
			t.Fatal(err)
		}
		if kept != h.wantKept {
			t.Errorf("webhook delivery %s of tenant %v: kept %v, want %v", h.name, h.tenant, kept, h.wantKept)
		}
	}
	for _, d := range deliveries {
		var kept bool
		if err := f.db.Admin.QueryRow(ctx, `select exists (select 1 from notify.deliveries where tenant_id = $1 and event_id = $2)`,
			d.tenant.UUID(), d.event).Scan(&kept); err != nil {
			t.Fatal(err)
		}
		if kept != d.wantKept {
			t.Errorf("delivery %s (%s) of tenant %v: kept %v, want %v", d.event, d.state, d.tenant, kept, d.wantKept)
		}
	}
	for i, it := range items {
		var kept bool
		if err := f.db.Admin.QueryRow(ctx, `select exists (select 1 from notify.digest_items where event_id = $1)`,
			strconv.Itoa(i)).Scan(&kept); err != nil {
			t.Fatal(err)
		}
		if kept != it.wantKept {
			t.Errorf("item of %s gathered %s: kept %v, want %v", it.digest, it.created.Format(time.DateOnly), kept, it.wantKept)
		}
	}
	if n, err := f.svc.PruneHistory(ctx); err != nil || n != 0 {
		t.Errorf("a second prune removed %d rows (%v), want 0", n, err)
	}
}
