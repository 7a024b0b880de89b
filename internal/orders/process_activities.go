package orders

import (
	"context"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/temporalx"
)

// Activities are the order workflows' activities: each is one
// transaction of the service that checks the order's status first, so a
// retry changes nothing twice. They run with the tenant the workflow was
// started for (the context propagator) and no permission: the workflow
// is the service acting on its own order.
type Activities struct{ s *Service }

func orderID(id string) (uuid.UUID, error) {
	u, err := uuid.Parse(id)
	if err != nil {
		return uuid.Nil, temporalx.ActivityError(errs.Field("orderId", "must be a UUID"))
	}
	return u, nil
}

// PurchaseStatus returns the order's status.
func (a *Activities) PurchaseStatus(ctx context.Context, id string) (string, error) {
	u, err := orderID(id)
	if err != nil {
		return "", err
	}
	var status string
	err = a.s.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) error {
		o, err := purchaseByID(ctx, tx, u, false)
		status = o.Status
		return err
	})
	return status, temporalx.ActivityError(err)
}

// DecidePurchase applies the approval outcome sig and returns the
// order's status after.
func (a *Activities) DecidePurchase(ctx context.Context, id string, sig Signal) (string, error) {
	u, err := orderID(id)
	if err != nil {
		return "", err
	}
	status, err := a.s.decidePurchase(ctx, u, sig)
	return status, temporalx.ActivityError(err)
}

// SettlePurchase closes the order when it is received, billed and paid,
// or at once when short. Returns whether it ended.
func (a *Activities) SettlePurchase(ctx context.Context, id string, short bool, reason string) (bool, error) {
	u, err := orderID(id)
	if err != nil {
		return false, err
	}
	done, err := a.s.settlePurchase(ctx, u, short, reason)
	if err == nil && short && !done {
		err = errs.E(errs.FailedPrecondition, "purchase order %s waits for a bill or its payment: it closes when they settle", id)
	}
	return done, temporalx.ActivityError(err)
}

// CancelPurchase cancels an order nothing arrived against.
func (a *Activities) CancelPurchase(ctx context.Context, id, reason string) error {
	u, err := orderID(id)
	if err != nil {
		return err
	}
	_, err = a.s.cancelPurchase(ctx, u, reason)
	return temporalx.ActivityError(err)
}
