package rules

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/kafkax"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// EventTenantCreated is the auth event that makes the service seed the
// Bangladesh defaults for a new tenant.
const EventTenantCreated = "vextrus.auth.tenant.created.v1"

// Consumers returns the service's event consumers, whose transactions
// run on pool:
//
//   - group "rules" on the auth topic seeds every new tenant once
//     (exactly once through the inbox; seeding is idempotent anyway);
//   - a group of this process alone on the rules topic, so every replica
//     sees every published and retired event and drops its cached
//     programs of that set.
func (s *Service) Consumers(pool *db.Pool, kafka kafkax.Config) ([]*events.Consumer, error) {
	deps := events.ConsumerDeps{Pool: pool, Kafka: kafka, Registry: s.metrics, Logger: s.log}
	seeder, err := events.NewConsumer(events.ConsumerConfig{Group: "rules", Topics: []string{events.Topic("auth")},
		InboxSchema: Schema.Name}, deps, events.PerEvent(s.handleTenantCreated))
	if err != nil {
		return nil, fmt.Errorf("tenant seeding consumer: %w", err)
	}
	cache, err := events.NewConsumer(events.ConsumerConfig{Group: "rules-cache-" + uuid.NewString(),
		Topics: []string{events.Topic(Schema.Name)}, InboxSchema: Schema.Name}, deps, events.PerEvent(s.HandleEvent))
	if err != nil {
		return nil, fmt.Errorf("cache consumer: %w", err)
	}
	return []*events.Consumer{seeder, cache}, nil
}

// handleTenantCreated seeds the tenant a tenant-created event names.
func (s *Service) handleTenantCreated(ctx context.Context, tx *db.Tx, ev events.Event) error {
	if ev.Type != EventTenantCreated {
		return nil
	}
	var p struct {
		TenantID string `json:"tenantId"`
	}
	if err := json.Unmarshal(ev.Data, &p); err != nil {
		return fmt.Errorf("decode %s: %w", ev.Type, err)
	}
	t, err := tenant.Parse(p.TenantID)
	if err != nil {
		return fmt.Errorf("decode %s: %w", ev.Type, err)
	}
	if tx != nil && tx.Tenant() == t {
		return s.seedIn(ctx, tx)
	}
	return s.SeedDefaults(ctx, t)
}
