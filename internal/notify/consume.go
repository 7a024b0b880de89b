package notify

import (
	"fmt"
	"slices"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/kafkax"
	"github.com/vextrus/vextrus/internal/platform/lifecycle"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// Consumers returns the consumer of the events that concern a person,
// from workflow, auth, finance and documents: each becomes in-app
// entries and queued deliveries in the transaction that records it in
// notify's inbox, its recipients read before that transaction opens.
func (s *Service) Consumers(pool *db.Pool, kafka kafkax.Config, metrics prometheus.Registerer) ([]lifecycle.Service, error) {
	ts := make([]string, len(topics))
	for i, t := range topics {
		ts[i] = events.Topic(t)
	}
	deps := events.ConsumerDeps{Pool: pool, Kafka: kafka, Registry: metrics, Logger: s.log}
	c, err := events.NewPreparedConsumer(events.ConsumerConfig{Group: Name, Topics: ts, InboxSchema: Name,
		Wants: noticeable}, deps, s.prepare)
	if err != nil {
		return nil, fmt.Errorf("notify consumer: %w", err)
	}
	return []lifecycle.Service{c}, nil
}

// noticeable reports whether ev is of a type notify turns into notices: the
// others on its topics (an invoice submitted, a journal posted) cost no
// transaction.
func noticeable(ev events.Event) bool {
	return ev.Tenant != tenant.Nil && slices.Contains(EventTypes, ev.Type)
}
