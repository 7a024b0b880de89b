package orders

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

// deliveryColumns reads a delivery with what the challan prints of its
// order.
const deliveryColumns = `d.id, d.number, d.order_id, coalesce(o.number, ''), o.customer_id, o.customer_name,
	o.delivery_address, d.location_id, d.delivered_on, d.vehicle, d.driver, d.note, d.lines, d.invoice_id, d.delivered_by,
	d.created_at`

const deliveryFrom = ` FROM orders.deliveries d JOIN orders.sales_orders o ON o.tenant_id = d.tenant_id AND o.id = d.order_id`

func scanDelivery(row pgx.Row) (Delivery, error) {
	var d Delivery
	var lines []byte
	err := row.Scan(&d.ID, &d.Number, &d.OrderID, &d.OrderNumber, &d.CustomerID, &d.CustomerName, &d.DeliveryAddress,
		&d.LocationID, &d.DeliveredOn, &d.Vehicle, &d.Driver, &d.Note, &lines, &d.InvoiceID, &d.DeliveredBy, &d.CreatedAt)
	if err != nil {
		return Delivery{}, err
	}
	var rows []deliveryLineRow
	if err := json.Unmarshal(lines, &rows); err != nil {
		return Delivery{}, fmt.Errorf("decode delivery lines: %w", err)
	}
	d.Lines = fromDeliveryRows(rows)
	return d, nil
}

// deliveryByID reads delivery id of the tenant of tx. Returns NOT_FOUND,
// also for another tenant's id.
func deliveryByID(ctx context.Context, tx *db.Tx, id uuid.UUID) (Delivery, error) {
	d, err := scanDelivery(tx.QueryRow(ctx, `SELECT `+deliveryColumns+deliveryFrom+` WHERE d.id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return Delivery{}, errs.E(errs.NotFound, "no delivery %s", id)
	}
	if err != nil {
		return Delivery{}, fmt.Errorf("read delivery: %w", db.Translate(err))
	}
	return d, nil
}

// deliveriesOf reads an order's deliveries, oldest first.
func deliveriesOf(ctx context.Context, tx *db.Tx, orderID uuid.UUID) ([]Delivery, error) {
	rows, err := tx.Query(ctx, `SELECT `+deliveryColumns+deliveryFrom+` WHERE d.order_id = $1 ORDER BY d.created_at, d.id`, orderID)
	if err != nil {
		return nil, fmt.Errorf("list deliveries: %w", db.Translate(err))
	}
	defer rows.Close()
	out := []Delivery{}
	for rows.Next() {
		d, err := scanDelivery(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list deliveries: %w", db.Translate(err))
	}
	return out, nil
}

// insertDelivery stores d and raises its order lines' delivered
// quantities, in one round trip.
func insertDelivery(ctx context.Context, tx *db.Tx, d Delivery) error {
	lines, err := json.Marshal(toDeliveryRows(d.Lines))
	if err != nil {
		return err
	}
	nums, quantities := make([]int32, len(d.Lines)), make([]int64, len(d.Lines))
	for i, l := range d.Lines {
		nums[i], quantities[i] = int32(l.Line), int64(l.Quantity)
	}
	b := &pgx.Batch{}
	b.Queue(`INSERT INTO orders.deliveries (tenant_id, id, number, order_id, location_id, delivered_on, vehicle, driver,
			note, lines, delivered_by, created_at)
		VALUES (current_setting('app.tenant_id')::uuid, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		d.ID, d.Number, d.OrderID, d.LocationID, d.DeliveredOn, d.Vehicle, d.Driver, d.Note, lines, d.DeliveredBy, d.CreatedAt)
	b.Queue(`UPDATE orders.sales_order_lines l SET delivered = l.delivered + k.q
		FROM unnest($2::int[], $3::bigint[]) AS k(n, q) WHERE l.order_id = $1 AND l.line = k.n`, d.OrderID, nums, quantities)
	res := tx.SendBatch(ctx, b)
	defer res.Close()
	for _, what := range []string{"store delivery", "raise delivered quantities"} {
		if _, err := res.Exec(); err != nil {
			return fmt.Errorf("%s: %w", what, db.Translate(err))
		}
	}
	return res.Close()
}
