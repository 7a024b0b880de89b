package orders

import (
	"context"
	"fmt"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/kafkax"
	"github.com/vextrus/vextrus/internal/platform/lifecycle"
)

// Consumers returns the consumer of the events that move orders on: the
// workflow's approval outcomes, finance's matched and held bills and
// payments, and orders' own receipts and deliveries. Each becomes a
// signal to the order's workflow (process.go).
func (s *Service) Consumers(pool *db.Pool, kafka kafkax.Config, metrics prometheus.Registerer) ([]lifecycle.Service, error) {
	deps := events.ConsumerDeps{Pool: pool, Kafka: kafka, Registry: metrics, Logger: s.log}
	c, err := events.NewConsumer(events.ConsumerConfig{Group: Name,
		Topics:      []string{events.Topic("workflow"), events.Topic("finance"), events.Topic(Name)},
		InboxSchema: Name}, deps, events.PerEvent(s.handleEvent))
	if err != nil {
		return nil, fmt.Errorf("orders consumer: %w", err)
	}
	return []lifecycle.Service{c}, nil
}

func (s *Service) handleEvent(ctx context.Context, tx *db.Tx, ev events.Event) error {
	return nil
}
