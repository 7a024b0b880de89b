package finance

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/vextrus/vextrus/internal/platform/db"
)

// upsertOrder records an approved order and its lines. An order seen
// before keeps its status (a cancellation stands), and its lines keep
// what was received and billed; a line new to finance starts with what
// receipts read before the order already accepted.
func upsertOrder(ctx context.Context, tx *db.Tx, p OrderApproved, lines []orderLine) error {
	_, err := tx.Exec(ctx, `INSERT INTO finance.purchase_orders (tenant_id, id, number, vendor_id, status)
		VALUES (current_setting('app.tenant_id')::uuid, $1, $2, $3, 'approved')
		ON CONFLICT (tenant_id, id) DO UPDATE SET number = excluded.number, vendor_id = excluded.vendor_id, updated_at = now()`,
		p.ID, p.Number, p.VendorID)
	if err != nil {
		return fmt.Errorf("store purchase order: %w", db.Translate(err))
	}
	nums, products := make([]int32, len(lines)), make([]uuid.UUID, len(lines))
	ordered, prices := make([]int64, len(lines)), make([]int64, len(lines))
	for i, l := range lines {
		nums[i], products[i], ordered[i], prices[i] = int32(l.line), l.product, int64(l.ordered), l.unitPrice
	}
	_, err = tx.Exec(ctx, `INSERT INTO finance.purchase_order_lines AS l (tenant_id, order_id, line, product_id, ordered, unit_price, accepted)
		SELECT current_setting('app.tenant_id')::uuid, $1, u.line, u.product, u.ordered, u.price,
			coalesce((SELECT sum(r.accepted) FROM finance.goods_receipt_lines r WHERE r.order_id = $1 AND r.line = u.line), 0)
		FROM unnest($2::int[], $3::uuid[], $4::bigint[], $5::bigint[]) AS u(line, product, ordered, price)
		ON CONFLICT (tenant_id, order_id, line) DO UPDATE
			SET product_id = excluded.product_id, ordered = excluded.ordered, unit_price = excluded.unit_price`,
		p.ID, nums, products, ordered, prices)
	if err != nil {
		return fmt.Errorf("store purchase order lines: %w", db.Translate(err))
	}
	return nil
}

// insertReceipt records a receipt's lines once and adds the new ones'
// accepted quantities to their order lines.
func insertReceipt(ctx context.Context, tx *db.Tx, p GoodsReceived, lines []receiptLine) error {
	if len(lines) == 0 {
		return nil
	}
	nums, products := make([]int32, len(lines)), make([]uuid.UUID, len(lines))
	accepted, rejected := make([]int64, len(lines)), make([]int64, len(lines))
	for i, l := range lines {
		nums[i], products[i], accepted[i], rejected[i] = int32(l.line), l.product, int64(l.accepted), int64(l.rejected)
	}
	_, err := tx.Exec(ctx, `WITH fresh AS (
			INSERT INTO finance.goods_receipt_lines (tenant_id, receipt_id, line, order_id, product_id, accepted, rejected, received_on)
			SELECT current_setting('app.tenant_id')::uuid, $1, u.line, $2, u.product, u.accepted, u.rejected, $3::date
			FROM unnest($4::int[], $5::uuid[], $6::bigint[], $7::bigint[]) AS u(line, product, accepted, rejected)
			ON CONFLICT (tenant_id, receipt_id, line) DO NOTHING
			RETURNING line, accepted)
		UPDATE finance.purchase_order_lines l SET accepted = l.accepted + f.accepted
		FROM fresh f WHERE l.order_id = $2 AND l.line = f.line`,
		p.ID, p.PurchaseOrderID, p.ReceivedOn, nums, products, accepted, rejected)
	if err != nil {
		return fmt.Errorf("store goods receipt: %w", db.Translate(err))
	}
	return nil
}

// cancelOrder marks an order cancelled; bills matched before keep their
// match, and no bill matches it after.
func cancelOrder(ctx context.Context, tx *db.Tx, p OrderCancelled) error {
	reason := p.Reason
	if len(reason) > 1000 {
		reason = reason[:1000]
	}
	_, err := tx.Exec(ctx, `UPDATE finance.purchase_orders SET status = 'cancelled', cancel_reason = $2, updated_at = now()
		WHERE id = $1`, p.ID, reason)
	if err != nil {
		return fmt.Errorf("cancel purchase order: %w", db.Translate(err))
	}
	return nil
}

// purchaseOrder is finance's copy of an order, read for a match.
type purchaseOrder struct {
	id       uuid.UUID
	number   string
	vendorID uuid.UUID
	status   string
	lines    []orderLineState
}

// orderLineState is an order line with what was received and billed.
type orderLineState struct {
	line                      int
	product                   uuid.UUID
	ordered, accepted, billed Quantity
	unitPrice                 int64
}

// lockOrder reads order id of the tenant of tx and locks its lines, so
// bills matched at once against one order queue. ok is false when the
// tenant has no such order.
func lockOrder(ctx context.Context, tx *db.Tx, id uuid.UUID) (po purchaseOrder, ok bool, err error) {
	return readOrder(ctx, tx, id, " FOR UPDATE")
}

// readOrder reads order id of the tenant of tx, with lock (a locking
// clause or "") on its rows.
func readOrder(ctx context.Context, tx *db.Tx, id uuid.UUID, lock string) (po purchaseOrder, ok bool, err error) {
	err = tx.QueryRow(ctx, `SELECT id, number, vendor_id, status FROM finance.purchase_orders WHERE id = $1`+lock, id).
		Scan(&po.id, &po.number, &po.vendorID, &po.status)
	if errors.Is(err, pgx.ErrNoRows) {
		return purchaseOrder{}, false, nil
	}
	if err != nil {
		return purchaseOrder{}, false, fmt.Errorf("read purchase order: %w", err)
	}
	rows, err := tx.Query(ctx, `SELECT line, product_id, ordered, accepted, billed, unit_price
		FROM finance.purchase_order_lines WHERE order_id = $1 ORDER BY line`+lock, id)
	if err != nil {
		return purchaseOrder{}, false, fmt.Errorf("read purchase order lines: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var l orderLineState
		if err := rows.Scan(&l.line, &l.product, &l.ordered, &l.accepted, &l.billed, &l.unitPrice); err != nil {
			return purchaseOrder{}, false, fmt.Errorf("read purchase order lines: %w", err)
		}
		po.lines = append(po.lines, l)
	}
	return po, true, rows.Err()
}

// addBilled adds (sign 1) or gives back (sign -1) the quantities a bill
// matched to its order's lines.
func addBilled(ctx context.Context, tx *db.Tx, order uuid.UUID, lines []MatchedLine, sign int64) error {
	if len(lines) == 0 {
		return nil
	}
	nums, qty := make([]int32, len(lines)), make([]int64, len(lines))
	for i, l := range lines {
		q, err := ParseQuantity("quantity", l.Quantity)
		if err != nil {
			return fmt.Errorf("matched line %d: %w", l.Line, err)
		}
		nums[i], qty[i] = int32(l.Line), sign*int64(q)
	}
	_, err := tx.Exec(ctx, `UPDATE finance.purchase_order_lines l SET billed = l.billed + u.qty
		FROM (SELECT line, sum(qty) AS qty FROM unnest($2::int[], $3::bigint[]) AS x(line, qty) GROUP BY line) u
		WHERE l.order_id = $1 AND l.line = u.line`, order, nums, qty)
	if err != nil {
		return fmt.Errorf("bill purchase order lines: %w", db.Translate(err))
	}
	return nil
}
