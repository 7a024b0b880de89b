package orders

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/money"
	"github.com/vextrus/vextrus/internal/platform/qty"
)

// levelKey names one stock level.
type levelKey struct{ product, location uuid.UUID }

// movementKey is what moves once: a source line's movement of a kind.
type movementKey struct {
	sourceType string
	sourceID   uuid.UUID
	line       int
	kind       string
}

func (m Movement) key() movementKey {
	return movementKey{sourceType: m.SourceType, sourceID: m.SourceID, line: m.SourceLine, kind: m.Kind}
}

// lockedLevel is a stock level read under its row lock, and the code of
// its location for messages.
type lockedLevel struct {
	onHand qty.Qty
	value  int64
	code   string
}

// move applies ms in tx: it locks the stock levels they touch in
// (product, location) order, so concurrent callers never deadlock, then
// computes each movement in the order given and inserts the movement
// rows, whose trigger applies them to the levels (00002_stock.sql), and
// appends one vextrus.orders.stock.moved.v1 per movement.
//
// Incoming movements add quantity × unit cost to the level's value;
// outgoing ones remove their share of it (rounded to the poisha, the
// last unit taking the rest), so value / on_hand stays the moving
// average cost. A movement whose (source type, source, line, kind) was
// moved already is skipped: a retried receipt or delivery moves nothing
// twice. Returns INVALID_ARGUMENT for a malformed movement, and
// FAILED_PRECONDITION naming the product when a movement would take
// on_hand below zero; then nothing is moved.
func (s *Service) move(ctx context.Context, tx *db.Tx, ms ...Movement) error {
	_, err := s.applyMovements(ctx, tx, ms)
	return err
}

// applyMovements is move, returning the movements it recorded (none for
// those moved before).
func (s *Service) applyMovements(ctx context.Context, tx *db.Tx, ms []Movement) ([]StockMovement, error) {
	if len(ms) == 0 {
		return nil, nil
	}
	for i, m := range ms {
		if err := m.validate(); err != nil {
			return nil, fmt.Errorf("stock movement %d: %w", i+1, err)
		}
	}
	levels, done, err := lockLevels(ctx, tx, ms)
	if err != nil {
		return nil, err
	}
	rows, err := planMovements(ms, levels, done, authz.Actor(ctx))
	if err != nil || len(rows) == 0 {
		return nil, err
	}
	if err := insertMovements(ctx, tx, rows); err != nil {
		return nil, err
	}
	drafts := make([]events.Draft, len(rows))
	for i, r := range rows {
		drafts[i] = events.Draft{Type: EventStockMoved, Subject: r.ProductID.String(), Data: stockMovedEvent(r)}
	}
	return rows, s.emit(ctx, tx, drafts...)
}

func (m Movement) validate() error {
	c := &errs.Collector{}
	c.Check(m.ProductID != uuid.Nil, "productId", "is required")
	c.Check(m.LocationID != uuid.Nil, "locationId", "is required")
	switch m.Kind {
	case MoveReceipt, MoveDelivery, MoveIssue, MoveTransferOut, MoveTransferIn:
	default:
		c.Add("kind", "must be receipt, delivery, issue, transfer_out or transfer_in")
	}
	c.Check(m.Quantity > 0, "quantity", "must be positive")
	c.Check(m.UnitCost >= 0, "unitCost", "must not be negative")
	switch m.SourceType {
	case SourceGoodsReceipt, SourceDelivery, SourceIssue, SourceTransfer:
	default:
		c.Add("sourceType", "must be goods_receipt, delivery, issue or transfer")
	}
	c.Check(m.SourceID != uuid.Nil, "sourceId", "is required")
	c.Check(len(m.Project) <= 200, "project", "must be at most 200 characters")
	c.Check(!m.OccurredOn.IsZero(), "occurredOn", "is required")
	return c.Err()
}

// planMovements computes the movement rows of ms against the locked
// levels, in the order of ms, skipping those done. It changes levels.
func planMovements(ms []Movement, levels map[levelKey]*lockedLevel, done map[movementKey]bool, actor string) ([]StockMovement, error) {
	type transferLine struct {
		id   uuid.UUID
		line int
	}
	outs := map[transferLine]StockMovement{}
	var rows []StockMovement
	for _, m := range ms {
		if done[m.key()] {
			continue
		}
		done[m.key()] = true
		lv := levels[levelKey{m.ProductID, m.LocationID}]
		if lv == nil {
			return nil, errs.E(errs.FailedPrecondition, "location %s does not exist", m.LocationID)
		}
		id, err := uuid.NewV7()
		if err != nil {
			return nil, err
		}
		r := StockMovement{ID: id, ProductID: m.ProductID, LocationID: m.LocationID, Kind: m.Kind, SourceType: m.SourceType,
			SourceID: m.SourceID, SourceLine: m.SourceLine, Project: m.Project, OccurredOn: dateOf(m.OccurredOn), CreatedBy: actor}
		if incoming(m.Kind) {
			out, paired := outs[transferLine{m.SourceID, m.SourceLine}]
			switch {
			case m.Kind == MoveTransferIn && paired:
				r.Value, r.UnitCost = -out.Value, out.UnitCost
			default:
				v, ok := incomingValue(m.Quantity, m.UnitCost)
				if !ok {
					return nil, errs.E(errs.InvalidArgument, "%s × %d poisha is too large a value", m.Quantity, m.UnitCost)
				}
				r.Value, r.UnitCost = v, m.UnitCost
			}
			r.Quantity = m.Quantity
		} else {
			if m.Quantity > lv.onHand {
				return nil, notEnoughStock(m, lv)
			}
			r.UnitCost = averageCost(lv.value, lv.onHand)
			r.Value, r.Quantity = -outgoingValue(lv.value, lv.onHand, m.Quantity), -m.Quantity
			if m.Kind == MoveTransferOut {
				outs[transferLine{m.SourceID, m.SourceLine}] = r
			}
		}
		if r.Quantity > 0 && (lv.onHand > math.MaxInt64-r.Quantity || lv.value > math.MaxInt64-r.Value) {
			return nil, errs.E(errs.InvalidArgument, "stock of product %s at %s would overflow", m.ProductID, lv.code)
		}
		lv.onHand += r.Quantity
		lv.value += r.Value
		r.OnHandAfter = lv.onHand
		rows = append(rows, r)
	}
	return rows, nil
}

// notEnoughStock is the refusal of an outgoing m that lv cannot cover.
func notEnoughStock(m Movement, lv *lockedLevel) error {
	product := "product " + m.ProductID.String()
	if m.ProductName != "" {
		product = fmt.Sprintf("%s (product %s)", m.ProductName, m.ProductID)
	}
	return errs.E(errs.FailedPrecondition, "not enough stock of %s at %s: %s on hand, %s to %s",
		product, lv.code, lv.onHand, m.Quantity, m.Kind)
}

// stockMovedEvent is the payload of the moved event of r.
func stockMovedEvent(r StockMovement) StockMovedEvent {
	return StockMovedEvent{ID: r.ID.String(), ProductID: r.ProductID.String(), LocationID: r.LocationID.String(), Kind: r.Kind,
		Quantity: r.Quantity.String(), Value: money.New(r.Value, money.BDT), OnHandAfter: r.OnHandAfter.String(),
		SourceType: r.SourceType, SourceID: r.SourceID.String(), OccurredOn: r.OccurredOn.Format(time.DateOnly)}
}

// dateOf is the calendar date of t, at UTC midnight.
func dateOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
