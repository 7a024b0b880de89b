package webhook

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/vextrus/vextrus/internal/notify"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/kafkax"
	"github.com/vextrus/vextrus/internal/platform/lifecycle"
)

// Consumers returns the consumer (group notify-webhooks) that reads every
// service's event topic, including topics created after it started, as
// audit does, and records deliveries in transactions on pipeline.
func (s *Service) Consumers(pipeline *db.Pool, k kafkax.Config, reg prometheus.Registerer) ([]lifecycle.Service, error) {
	if reg == nil {
		reg = s.cfg.Metrics
	}
	c, err := events.NewConsumer(events.ConsumerConfig{
		Group:             Group,
		Topics:            []string{events.ServiceTopicPattern},
		TopicRegex:        true,
		InboxSchema:       notify.Name,
		DiscoveryInterval: s.cfg.DiscoveryInterval,
		Wants:             func(ev events.Event) bool { return sendable(ev.Type) },
	}, events.ConsumerDeps{Pool: pipeline, Kafka: k, Registry: reg, Logger: s.log}, s.Record)
	if err != nil {
		return nil, err
	}
	return []lifecycle.Service{c}, nil
}

// Envelope is the body of a delivery: the event in CloudEvents 1.0 JSON
// (structured mode), its payload as the service emitted it.
type Envelope struct {
	SpecVersion     string          `json:"specversion"`
	ID              string          `json:"id"`
	Source          string          `json:"source"`
	Type            string          `json:"type"`
	Subject         string          `json:"subject"`
	Time            time.Time       `json:"time"`
	TenantID        string          `json:"tenantid"`
	Actor           string          `json:"actor,omitempty"`
	DataContentType string          `json:"datacontenttype"`
	Data            json.RawMessage `json:"data"`
}

func envelopeOf(ev events.Event) ([]byte, error) {
	return json.Marshal(Envelope{SpecVersion: events.SpecVersion, ID: ev.ID, Source: ev.Source, Type: ev.Type,
		Subject: ev.Subject, Time: ev.Time.UTC(), TenantID: ev.Tenant.String(), Actor: ev.Actor,
		DataContentType: events.ContentType, Data: ev.Data})
}

// target is an active endpoint's id and patterns, what Record matches.
type target struct {
	id       uuid.UUID
	patterns []string
}

// Record inserts, in tx of the events' tenant, one pending delivery per
// (event, active endpoint whose patterns match the event's type). A
// delivery is unique per (endpoint, event), so an event handled twice
// (redelivered past the inbox) adds nothing.
func (s *Service) Record(ctx context.Context, tx *db.Tx, evs []events.Event) error {
	var sendables []events.Event
	for _, ev := range evs {
		if sendable(ev.Type) {
			sendables = append(sendables, ev)
		}
	}
	if len(sendables) == 0 {
		return nil
	}
	rows, err := tx.Query(ctx, `select id, event_types from notify.webhook_endpoints where status = 'active'`)
	if err != nil {
		return fmt.Errorf("webhook endpoints: %w", err)
	}
	targets, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (target, error) {
		var t target
		return t, r.Scan(&t.id, &t.patterns)
	})
	if err != nil || len(targets) == 0 {
		return err
	}
	var ids, endpoints, eventIDs []uuid.UUID
	var types []string
	var bodies [][]byte
	for _, ev := range sendables {
		var body []byte
		for _, t := range targets {
			if !matchesAny(t.patterns, ev.Type) {
				continue
			}
			if body == nil {
				if body, err = envelopeOf(ev); err != nil {
					return fmt.Errorf("event %s: %w", ev.ID, err)
				}
			}
			ids = append(ids, uuid.Must(uuid.NewV7()))
			endpoints = append(endpoints, t.id)
			eventIDs = append(eventIDs, uuid.MustParse(ev.ID))
			types = append(types, ev.Type)
			bodies = append(bodies, body)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	_, err = tx.Exec(ctx, `insert into notify.webhook_deliveries
		(tenant_id, id, endpoint_id, event_id, event_type, body, status, next_attempt_at, created_at)
		select $1, d.id, d.endpoint_id, d.event_id, d.event_type, d.body, 'pending', now(), $7
		from unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::bytea[]) as d(id, endpoint_id, event_id, event_type, body)
		on conflict (tenant_id, endpoint_id, event_id) do nothing`,
		tx.Tenant().UUID(), ids, endpoints, eventIDs, types, bodies, s.now().UTC())
	if err != nil {
		return fmt.Errorf("record webhook deliveries: %w", err)
	}
	tx.AfterCommit(func(context.Context) { s.nudge() })
	return nil
}

// nudge wakes the runner of this process without blocking.
func (s *Service) nudge() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}
