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

// Consumers returns the service's event consumer, group "finance", once
// per event through the finance inbox: on the auth topic it gives every
// new tenant the Bangladesh chart of accounts; on the workflow topic it
// applies the outcomes of invoice approvals decided in a workflow
// service elsewhere; on the orders topic it keeps its copy of purchase
// orders and goods receipts, which purchase bills are matched against.
//
// Each event has a transaction of its own (BatchSize 1), as a request
// has: finance's transactions lock documents first (an invoice, a
// purchase order's copy) and the tenant's number sequences last, so none
// waits for a lock another holds while that one waits for its own. A
// batch of several outcomes would lock the next invoice after taking the
// last one's numbers: a request approving or paying that invoice then
// holds it and waits for the numbers, and PostgreSQL breaks the deadlock
// after its deadlock_timeout (a second) while every approval and payment
// of the tenant queues behind the numbers. The events finance acts on
// are few, so the transactions this costs are few.
func (s *Service) Consumers(pool *db.Pool, kafka kafkax.Config, metrics prometheus.Registerer) ([]lifecycle.Service, error) {
	deps := events.ConsumerDeps{Pool: pool, Kafka: kafka, Registry: metrics, Logger: s.log}
	c, err := events.NewConsumer(events.ConsumerConfig{Group: Name, Topics: []string{events.Topic("auth"), events.Topic("workflow"),
		events.Topic("orders")},
		InboxSchema: Name, Wants: s.handles, BatchSize: 1}, deps, events.PerEvent(s.handleEvent))
	if err != nil {
		return nil, fmt.Errorf("finance consumer: %w", err)
	}
	return []lifecycle.Service{c}, nil
}

// handles reports whether ev is of a type handleEvent has an effect for;
// the others on finance's topics cost no transaction.
func (s *Service) handles(ev events.Event) bool { return s.handlerOf(ev.Type) != nil }

func (s *Service) handleEvent(ctx context.Context, tx *db.Tx, ev events.Event) error {
	if h := s.handlerOf(ev.Type); h != nil {
		return h(ctx, tx, ev)
	}
	return nil
}

// handlerOf is the handler of events of type typ, nil for a type
// finance has no effect for.
func (s *Service) handlerOf(typ string) events.Handler {
	switch typ {
	case EventTenantCreated:
		return s.handleTenantCreated
	case EventApprovalCompleted:
		return s.handleApprovalCompleted
	case EventPurchaseOrderApproved, EventGoodsReceived, EventPurchaseOrderCancelled:
		return s.handleOrderEvent
	}
	return nil
}

func (s *Service) handleTenantCreated(ctx context.Context, tx *db.Tx, ev events.Event) error {
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
