package orders

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

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

// lockLevels locks (creating when missing) the levels ms touch, in
// (product, location) order, and then reads which of ms were moved
// before: once the level is locked, a concurrent mover of the same
// source line has committed, and this statement's snapshot sees it.
func lockLevels(ctx context.Context, tx *db.Tx, ms []Movement) (map[levelKey]*lockedLevel, map[movementKey]bool, error) {
	n := len(ms)
	products, locations := make([]uuid.UUID, n), make([]uuid.UUID, n)
	srcTypes, kinds := make([]string, n), make([]string, n)
	srcIDs, lines := make([]uuid.UUID, n), make([]int32, n)
	for i, m := range ms {
		products[i], locations[i] = m.ProductID, m.LocationID
		srcTypes[i], srcIDs[i], lines[i], kinds[i] = m.SourceType, m.SourceID, int32(m.SourceLine), m.Kind
	}
	b := &pgx.Batch{}
	b.Queue(`WITH up AS (
			INSERT INTO orders.stock_levels AS s (tenant_id, product_id, location_id)
			SELECT DISTINCT current_setting('app.tenant_id')::uuid, p, l FROM unnest($1::uuid[], $2::uuid[]) AS k(p, l) ORDER BY 2, 3
			ON CONFLICT (tenant_id, product_id, location_id) DO UPDATE SET on_hand = s.on_hand
			RETURNING product_id, location_id, on_hand, value)
		SELECT up.product_id, up.location_id, up.on_hand, up.value, l.code
		FROM up JOIN orders.locations l ON l.tenant_id = current_setting('app.tenant_id')::uuid AND l.id = up.location_id`,
		products, locations)
	b.Queue(`SELECT m.source_type, m.source_id, m.source_line, m.kind FROM orders.stock_movements m
		JOIN unnest($1::text[], $2::uuid[], $3::int[], $4::text[]) AS k(t, id, line, kind)
		ON m.source_type = k.t AND m.source_id = k.id AND m.source_line = k.line AND m.kind = k.kind`,
		srcTypes, srcIDs, lines, kinds)
	res := tx.SendBatch(ctx, b)
	defer res.Close()
	levels := map[levelKey]*lockedLevel{}
	rows, err := res.Query()
	if err != nil {
		return nil, nil, fmt.Errorf("lock stock levels: %w", err)
	}
	for rows.Next() {
		var k levelKey
		l := &lockedLevel{}
		if err := rows.Scan(&k.product, &k.location, &l.onHand, &l.value, &l.code); err != nil {
			rows.Close()
			return nil, nil, fmt.Errorf("lock stock levels: %w", err)
		}
		levels[k] = l
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("lock stock levels: %w", err)
	}
	done := map[movementKey]bool{}
	rows, err = res.Query()
	if err != nil {
		return nil, nil, fmt.Errorf("read moved source lines: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k movementKey
		var line int32
		if err := rows.Scan(&k.sourceType, &k.sourceID, &line, &k.kind); err != nil {
			return nil, nil, fmt.Errorf("read moved source lines: %w", err)
		}
		k.line = int(line)
		done[k] = true
	}
	return levels, done, rows.Err()
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

// insertMovements writes rows in one statement; the trigger applies them
// to their levels in that order.
func insertMovements(ctx context.Context, tx *db.Tx, rows []StockMovement) error {
	n := len(rows)
	ids, products, locations, srcIDs := make([]uuid.UUID, n), make([]uuid.UUID, n), make([]uuid.UUID, n), make([]uuid.UUID, n)
	kinds, srcTypes, projects := make([]string, n), make([]string, n), make([]string, n)
	quantities, values, costs, afters := make([]int64, n), make([]int64, n), make([]int64, n), make([]int64, n)
	lines, dates := make([]int32, n), make([]time.Time, n)
	for i, r := range rows {
		ids[i], products[i], locations[i], srcIDs[i] = r.ID, r.ProductID, r.LocationID, r.SourceID
		kinds[i], srcTypes[i], projects[i] = r.Kind, r.SourceType, r.Project
		quantities[i], values[i], costs[i], afters[i] = int64(r.Quantity), r.Value, r.UnitCost, int64(r.OnHandAfter)
		lines[i], dates[i] = int32(r.SourceLine), r.OccurredOn
	}
	_, err := tx.Exec(ctx, `INSERT INTO orders.stock_movements (tenant_id, id, product_id, location_id, kind, quantity, value,
			unit_cost, on_hand_after, source_type, source_id, source_line, project, occurred_on, created_by)
		SELECT current_setting('app.tenant_id')::uuid, id, p, l, kind, q, v, c, after, st, sid, line, project, d, $14
		FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::bigint[], $6::bigint[], $7::bigint[], $8::bigint[],
			$9::text[], $10::uuid[], $11::int[], $12::text[], $13::date[]) WITH ORDINALITY
			AS m(id, p, l, kind, q, v, c, after, st, sid, line, project, d, n)
		ORDER BY n`,
		ids, products, locations, kinds, quantities, values, costs, afters, srcTypes, srcIDs, lines, projects, dates, rows[0].CreatedBy)
	if err != nil {
		return fmt.Errorf("insert stock movements: %w", err)
	}
	return nil
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

// commit adds delta (negative to release) to what sales orders hold of
// product at location. committed never goes below zero: releasing more
// than is held leaves nothing held, so a compensation that runs twice
// does no harm. Confirming several lines in one transaction should
// commit them in (product, location) order, as move locks.
func (s *Service) commit(ctx context.Context, tx *db.Tx, productID, locationID uuid.UUID, delta qty.Qty) error {
	if delta == 0 {
		return nil
	}
	_, err := tx.Exec(ctx, `INSERT INTO orders.stock_levels AS s (tenant_id, product_id, location_id, committed)
		VALUES (current_setting('app.tenant_id')::uuid, $1, $2, GREATEST($3::bigint, 0))
		ON CONFLICT (tenant_id, product_id, location_id) DO UPDATE
		SET committed = GREATEST(s.committed + $3::bigint, 0), updated_at = now()`, productID, locationID, int64(delta))
	if err != nil {
		return fmt.Errorf("commit stock: %w", err)
	}
	return nil
}
