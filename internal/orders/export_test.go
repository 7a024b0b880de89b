package orders

import (
	"context"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/qty"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// Move applies ms in one transaction of the tenant of ctx, as the
// purchase and sales code do inside theirs, so a test can put stock in
// without a goods receipt.
func Move(s *Service, ctx context.Context, ms ...Movement) error {
	return s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error { return s.move(ctx, tx, ms...) })
}

// Commit changes what sales orders hold of product at location, in a
// transaction of its own.
func Commit(s *Service, ctx context.Context, product, location uuid.UUID, delta qty.Qty) error {
	return s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error { return s.commit(ctx, tx, product, location, delta) })
}

// RequireLocation is requireLocation in a transaction of its own.
func RequireLocation(s *Service, ctx context.Context, field string, id uuid.UUID) (Location, error) {
	var l Location
	err := s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) (err error) {
		l, err = s.requireLocation(ctx, tx, field, id)
		return err
	})
	return l, err
}

// HandleEvent feeds ev to the service's consumer, as a delivery from
// Kafka would, in a transaction of the event's tenant.
func HandleEvent(s *Service, ctx context.Context, ev events.Event) error {
	if ev.Tenant == tenant.Nil {
		return s.handleEvent(ctx, nil, ev)
	}
	return s.db.InTenantTx(tenant.With(ctx, ev.Tenant), func(ctx context.Context, tx *db.Tx) error {
		return s.handleEvent(ctx, tx, ev)
	})
}
