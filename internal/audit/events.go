package audit

import (
	"context"
	"log/slog"
	"time"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/kafkax"
	"github.com/vextrus/vextrus/internal/platform/lifecycle"
)

// Consumer returns the consumer that records every service's events, in
// transactions on pool: it subscribes to all `vextrus.<service>.events`
// topics, including those created after it started.
func (s *Service) Consumer(pool *db.Pool, kafka kafkax.Config) (*events.Consumer, error) {
	return events.NewConsumer(events.ConsumerConfig{
		Group:             s.cfg.Group,
		Topics:            []string{events.ServiceTopicPattern},
		TopicRegex:        true,
		InboxSchema:       Schema.Name,
		DiscoveryInterval: s.cfg.DiscoveryInterval,
	}, events.ConsumerDeps{Pool: pool, Kafka: kafka, Registry: s.metrics, Logger: s.log}, s.Record)
}

// Pruner returns the lifecycle service that applies retention every
// PruneInterval.
func (s *Service) Pruner() lifecycle.Service {
	return lifecycle.New("audit pruner", lifecycle.Funcs{Running: func(ctx context.Context) error {
		interval := s.cfg.PruneInterval
		if interval <= 0 {
			interval = time.Hour
		}
		return lifecycle.Every(ctx, interval, false, func(ctx context.Context) {
			n, err := s.prune(ctx, time.Now())
			if err != nil {
				s.log.Warn("prune audit log", "err", err)
			} else if n > 0 {
				s.log.Info("pruned audit log", slog.Int64("entries", n))
			}
		})
	}})
}

// Prune applies retention now and returns how many entries it removed.
func (s *Service) Prune(ctx context.Context) (int64, error) { return s.prune(ctx, time.Now()) }
