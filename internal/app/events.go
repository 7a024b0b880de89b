package app

import (
	"context"
	"errors"
	"fmt"

	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/kafkax"
	"github.com/vextrus/vextrus/internal/platform/lifecycle"
)

// newRelay returns the relay that publishes outbox with the process's
// Kafka client, on the pipeline pool. A service module that appends
// events runs it beside itself: `return a.group(name, svc, a.newRelay(outbox))`.
func (a *App) newRelay(o *events.Outbox) *events.Relay {
	return events.NewRelay(a.Config.Events, events.RelayDeps{
		Outbox:   o,
		Pool:     a.Pipeline,
		Kafka:    a.Kafka,
		Topics:   a.topicConfig(),
		Registry: a.Registry,
		Logger:   a.Logger,
	})
}

// topicConfig is the Kafka configuration topics are ensured with: `dev`
// owns its embedded broker and may always create them; serve creates them
// only when kafka.create_topics allows.
func (a *App) topicConfig() kafkax.Config {
	c := a.Config.Kafka
	if a.Mode == Dev {
		c.CreateTopics = true
	}
	return c
}

// group runs several lifecycle services as one module: started in order,
// stopped in reverse, failed when any fails.
func (a *App) group(name string, services ...lifecycle.Service) lifecycle.Service {
	var started []lifecycle.Service
	failed := make(chan error, len(services))
	return lifecycle.New(name, lifecycle.Funcs{
		Starting: func(ctx context.Context) error {
			for _, s := range services {
				if err := s.Start(ctx); err != nil {
					return errors.Join(err, stopAll(context.WithoutCancel(ctx), started))
				}
				started = append(started, s)
			}
			return nil
		},
		Running: func(ctx context.Context) error {
			for _, s := range started {
				go func() {
					select {
					case <-s.Failed():
						failed <- s.Err()
					case <-ctx.Done():
					}
				}()
			}
			select {
			case err := <-failed:
				return fmt.Errorf("%s: %w", name, err)
			case <-ctx.Done():
				return nil
			}
		},
		Stopping: func(ctx context.Context) error { return stopAll(ctx, started) },
	})
}

func stopAll(ctx context.Context, services []lifecycle.Service) error {
	var errs []error
	for i := len(services) - 1; i >= 0; i-- {
		errs = append(errs, services[i].Stop(ctx))
	}
	return errors.Join(errs...)
}
