package finance

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/kafkax"
	"github.com/vextrus/vextrus/internal/platform/lifecycle"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// EventTenantCreated is the auth event that gives a new tenant its chart
// of accounts.
const EventTenantCreated = "vextrus.auth.tenant.created.v1"

// Consumers returns the service's event consumers: group "finance" on
// the auth topic gives every new tenant the Bangladesh chart of accounts
// (once, through the inbox; seeding is idempotent anyway).
func (s *Service) Consumers(pool *db.Pool, kafka kafkax.Config, metrics prometheus.Registerer) ([]lifecycle.Service, error) {
	deps := events.ConsumerDeps{Pool: pool, Kafka: kafka, Registry: metrics, Logger: s.log}
	seeder, err := events.NewConsumer(events.ConsumerConfig{Group: Name, Topics: []string{events.Topic("auth")},
		InboxSchema: Name}, deps, events.PerEvent(s.handleTenantCreated))
	if err != nil {
		return nil, fmt.Errorf("finance tenant consumer: %w", err)
	}
	return []lifecycle.Service{seeder}, nil
}

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
	seed := func(ctx context.Context, tx *db.Tx) error { return s.ensureChart(ctx, tx) }
	if tx != nil && tx.Tenant() == t {
		return seed(ctx, tx)
	}
	return s.db.InTenantTx(tenant.With(ctx, t), seed)
}
