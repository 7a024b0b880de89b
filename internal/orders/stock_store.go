package orders

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/qty"
)

// lockLevels locks (creating when missing) the levels ms touch, in
// (product, location) order, and then reads which of ms were moved
// before: once the level is locked, a concurrent mover of the same
// source line has committed, and this statement's snapshot sees it. A
// level created for an outgoing movement that is then refused holds
// nothing, and goes with the transaction the refusal rolls back.
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
