package orders

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/money"
	"github.com/vextrus/vextrus/internal/platform/qty"
)

// The statuses of a vendor's bill against an order, as finance reports
// them.
const (
	BillHeld          = "held"
	BillMatched       = "matched"
	BillPartiallyPaid = "partially_paid"
	BillPaid          = "paid"
)

// billLine is what a matched bill billed of one order line.
type billLine struct {
	Line     int    `json:"line"`
	Quantity string `json:"quantity"`
}

// recordBill keeps what finance said of bill against order: held with
// its reasons, or matched with its lines. Finance's events of one bill
// are in order, but a payment is another aggregate's event and may
// arrive first: a bill paid already keeps its paid status and gains its
// lines.
func recordBill(ctx context.Context, tx *db.Tx, order, bill uuid.UUID, status string, amount money.Amount,
	lines []billLine, reasons []string) error {
	l, err := json.Marshal(lines)
	if err != nil {
		return err
	}
	r, err := json.Marshal(reasons)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `INSERT INTO orders.purchase_order_bills AS b (tenant_id, bill_id, order_id, status, amount, lines, reasons)
		VALUES (current_setting('app.tenant_id')::uuid, $1, $2, $3, $4, $5, $6)
		ON CONFLICT (tenant_id, bill_id) DO UPDATE SET amount = excluded.amount, lines = excluded.lines,
			reasons = excluded.reasons, updated_at = now(),
			status = CASE WHEN b.status IN ('partially_paid', 'paid') AND excluded.status = 'matched' THEN b.status
				ELSE excluded.status END`, bill, order, status, amount.Minor(), l, r)
	if err != nil {
		return db.Translate(err)
	}
	return nil
}

// payBill records that payments settled bill of order in part or in
// full (or, reversed, no more), before or after the bill's match.
func payBill(ctx context.Context, tx *db.Tx, order, bill uuid.UUID, status string) error {
	_, err := tx.Exec(ctx, `INSERT INTO orders.purchase_order_bills AS b (tenant_id, bill_id, order_id, status)
		VALUES (current_setting('app.tenant_id')::uuid, $1, $2, $3)
		ON CONFLICT (tenant_id, bill_id) DO UPDATE SET status = CASE WHEN b.status = 'held' THEN b.status
			ELSE excluded.status END, updated_at = now()`, bill, order, status)
	return db.Translate(err)
}

// billedQuantities sums, per order line, what the order's matched bills
// billed.
func billedQuantities(ctx context.Context, tx *db.Tx, order uuid.UUID) (map[int]qty.Qty, error) {
	rows, err := tx.Query(ctx, `SELECT lines FROM orders.purchase_order_bills WHERE order_id = $1 AND status <> 'held'`, order)
	if err != nil {
		return nil, fmt.Errorf("read bills: %w", err)
	}
	defer rows.Close()
	out := map[int]qty.Qty{}
	for rows.Next() {
		var raw []byte
		if err := rows.Scan(&raw); err != nil {
			return nil, err
		}
		var lines []billLine
		if err := json.Unmarshal(raw, &lines); err != nil {
			return nil, fmt.Errorf("decode bill lines: %w", err)
		}
		for _, l := range lines {
			q, err := qty.Parse("quantity", l.Quantity)
			if err != nil {
				return nil, fmt.Errorf("bill line %d quantity %q: %w", l.Line, l.Quantity, err)
			}
			out[l.Line] += q
		}
	}
	return out, rows.Err()
}
