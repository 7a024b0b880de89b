package rules

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/kafkax"
	"github.com/vextrus/vextrus/internal/platform/lifecycle"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// EventTenantCreated is the auth event that makes the service seed the
// Bangladesh defaults for a new tenant.
const EventTenantCreated = "vextrus.auth.tenant.created.v1"

// Consumers returns the service's event consumers:
//
//   - group "rules" on the auth topic seeds every new tenant once
//     (exactly once through the inbox, in transactions on pool; seeding
//     is idempotent anyway);
//   - a listener of the rules topic without a consumer group
//     (events.Listener), so every process sees every published and
//     retired event and drops its cached programs of that set, and no
//     group is left in the brokers per process start. The cache starts
//     empty, so the listener needs no history: it reads from its start.
func (s *Service) Consumers(pool *db.Pool, kafka kafkax.Config) ([]lifecycle.Service, error) {
	deps := events.ConsumerDeps{Pool: pool, Kafka: kafka, Registry: s.metrics, Logger: s.log}
	seeder, err := events.NewConsumer(events.ConsumerConfig{Group: "rules", Topics: []string{events.Topic("auth")},
		InboxSchema: Schema.Name}, deps, events.PerEvent(s.handleTenantCreated))
	if err != nil {
		return nil, fmt.Errorf("tenant seeding consumer: %w", err)
	}
	cache := events.NewListener(events.ListenerConfig{Name: "rules cache listener", Topics: []string{events.Topic(Schema.Name)}},
		kafka, func(ctx context.Context, ev events.Event) {
			if err := s.HandleEvent(ctx, ev); err != nil {
				s.log.WarnContext(ctx, "drop cached rules", "event", ev.ID, "err", err)
			}
		}, s.log)
	return []lifecycle.Service{seeder, cache}, nil
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
