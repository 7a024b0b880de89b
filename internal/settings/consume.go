package settings

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/kafkax"
	"github.com/vextrus/vextrus/internal/platform/lifecycle"
	"github.com/vextrus/vextrus/internal/platform/tenant"
	"github.com/vextrus/vextrus/internal/platform/tenantsettings"
)

// EventTenantCreated is the auth event that gives a new tenant its
// settings.
const EventTenantCreated = "vextrus.auth.tenant.created.v1"

// ReasonTenantCreated is the reason recorded with a new tenant's first
// settings.
const ReasonTenantCreated = "the tenant was created: Bangladesh defaults"

// Consumers returns the service's event consumer: group "settings" on the
// auth topic gives every new tenant its settings once (exactly once
// through the inbox, in transactions on pool; seeding is idempotent
// anyway).
func (s *Service) Consumers(pool *db.Pool, kafka kafkax.Config) ([]lifecycle.Service, error) {
	deps := events.ConsumerDeps{Pool: pool, Kafka: kafka, Registry: s.metrics, Logger: s.log}
	seeder, err := events.NewConsumer(events.ConsumerConfig{Group: Schema.Name, Topics: []string{events.Topic("auth")},
		InboxSchema: Schema.Name}, deps, events.PerEvent(s.handleTenantCreated))
	if err != nil {
		return nil, fmt.Errorf("tenant settings consumer: %w", err)
	}
	return []lifecycle.Service{seeder}, nil
}

// tenantCreated is what the consumer reads of auth's event. Timezone is
// taken when auth sends one (it does not today; a tenant's zone is then
// Asia/Dhaka until an admin changes it).
type tenantCreated struct {
	TenantID string `json:"tenantId"`
	Slug     string `json:"slug"`
	Name     string `json:"name"`
	Timezone string `json:"timezone"`
}

func (s *Service) handleTenantCreated(ctx context.Context, tx *db.Tx, ev events.Event) error {
	if ev.Type != EventTenantCreated {
		return nil
	}
	var p tenantCreated
	if err := json.Unmarshal(ev.Data, &p); err != nil {
		return fmt.Errorf("decode %s: %w", ev.Type, err)
	}
	t, err := tenant.Parse(p.TenantID)
	if err != nil {
		return fmt.Errorf("decode %s: %w", ev.Type, err)
	}
	if s.demo != "" && p.Slug == s.demo {
		return s.inTenant(ctx, tx, t, func(ctx context.Context, tx *db.Tx) error { return s.seedDemo(ctx, tx) })
	}
	doc := tenantsettings.Default(p.Name)
	if p.Timezone != "" {
		doc.Timezone = p.Timezone
	}
	if err := doc.Validate(); err != nil {
		// A zone this process's database lacks must not keep the tenant
		// without settings: it keeps the default zone.
		doc = tenantsettings.Default(p.Name)
		if err := doc.Validate(); err != nil {
			return fmt.Errorf("settings of new tenant %s: %w", t, err)
		}
	}
	return s.inTenant(ctx, tx, t, func(ctx context.Context, tx *db.Tx) error {
		return s.seedIn(ctx, tx, doc, ReasonTenantCreated, false)
	})
}

// inTenant runs fn in the consumer's transaction tx when it is tenant
// t's, else in a transaction of its own as t.
func (s *Service) inTenant(ctx context.Context, tx *db.Tx, t tenant.ID, fn func(context.Context, *db.Tx) error) error {
	if tx != nil && tx.Tenant() == t {
		return fn(ctx, tx)
	}
	return s.db.InTenantTx(tenant.With(ctx, t), fn)
}

// seedIn gives the tenant of tx doc as its first settings. A tenant with
// settings keeps them, except that overSeed replaces a first version the
// platform wrote when the tenant was created (the dev demo company over
// the defaults, whichever of the two arrives first).
func (s *Service) seedIn(ctx context.Context, tx *db.Tx, doc tenantsettings.Settings, reason string, overSeed bool) error {
	before, err := loadDocument(ctx, tx, true)
	if err != nil {
		return err
	}
	seeded := before.Version == 1 && before.UpdatedBy == "" && before.Reason == ReasonTenantCreated
	if before.Version > 0 && !(overSeed && seeded) {
		return nil
	}
	_, err = s.write(ctx, tx, before, doc, "", reason)
	return err
}
