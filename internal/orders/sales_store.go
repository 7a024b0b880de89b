package orders

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/httpx"
	"github.com/vextrus/vextrus/internal/platform/qty"
)

// salesColumns reads an order and, in the same statement, its lines as
// one JSON array, so a read is one round trip.
const salesColumns = `o.id, coalesce(o.number, ''), o.quote_number, o.status, o.customer_id, o.customer_name, o.location_id,
	o.order_date, o.valid_until, o.delivery_address, o.department, o.currency, o.amount, o.memo, o.credit, o.approval_id,
	o.reason, o.created_by, o.confirmed_at, o.closed_at, o.created_at, o.updated_at, o.version,
	(SELECT coalesce(jsonb_agg(jsonb_build_object('line', l.line, 'productId', l.product_id, 'productName', l.product_name,
			'unit', l.unit, 'vatCategory', l.vat_category, 'quantity', l.quantity, 'unitPrice', l.unit_price,
			'amount', l.amount, 'delivered', l.delivered) ORDER BY l.line), '[]')
		FROM orders.sales_order_lines l WHERE l.order_id = o.id)`

// salesLineRow is a line as salesColumns gives it.
type salesLineRow struct {
	Line        int       `json:"line"`
	ProductID   uuid.UUID `json:"productId"`
	ProductName string    `json:"productName"`
	Unit        string    `json:"unit"`
	VATCategory string    `json:"vatCategory"`
	Quantity    int64     `json:"quantity"`
	UnitPrice   int64     `json:"unitPrice"`
	Amount      int64     `json:"amount"`
	Delivered   int64     `json:"delivered"`
}

func scanSalesOrder(row pgx.Row) (SalesOrder, error) {
	var o SalesOrder
	var credit, lines []byte
	err := row.Scan(&o.ID, &o.Number, &o.QuoteNumber, &o.Status, &o.CustomerID, &o.CustomerName, &o.LocationID,
		&o.OrderDate, &o.ValidUntil, &o.DeliveryAddress, &o.Department, &o.Currency, &o.Amount, &o.Memo, &credit,
		&o.ApprovalID, &o.Reason, &o.CreatedBy, &o.ConfirmedAt, &o.ClosedAt, &o.CreatedAt, &o.UpdatedAt, &o.Version, &lines)
	if err != nil {
		return SalesOrder{}, err
	}
	if len(credit) > 0 {
		o.Credit = &CreditCheck{}
		if err := json.Unmarshal(credit, o.Credit); err != nil {
			return SalesOrder{}, fmt.Errorf("decode sales order credit: %w", err)
		}
	}
	var rows []salesLineRow
	if err := json.Unmarshal(lines, &rows); err != nil {
		return SalesOrder{}, fmt.Errorf("decode sales order lines: %w", err)
	}
	o.Lines = make([]SalesLine, len(rows))
	for i, r := range rows {
		o.Lines[i] = SalesLine{Line: r.Line, ProductID: r.ProductID, ProductName: r.ProductName, Unit: r.Unit,
			VATCategory: r.VATCategory, Quantity: qty.Qty(r.Quantity), UnitPrice: r.UnitPrice, Amount: r.Amount,
			Delivered: qty.Qty(r.Delivered)}
	}
	return o, nil
}

// salesOrderByID reads order id of the tenant of tx, locking its row when
// lock is true. Returns NOT_FOUND, also for another tenant's id.
func salesOrderByID(ctx context.Context, tx *db.Tx, id uuid.UUID, lock bool) (SalesOrder, error) {
	q := `SELECT ` + salesColumns + ` FROM orders.sales_orders o WHERE o.id = $1`
	if lock {
		q += ` FOR UPDATE OF o`
	}
	o, err := scanSalesOrder(tx.QueryRow(ctx, q, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return SalesOrder{}, errs.E(errs.NotFound, "no sales order %s", id)
	}
	if err != nil {
		return SalesOrder{}, fmt.Errorf("read sales order: %w", db.Translate(err))
	}
	return o, nil
}

// insertSalesOrder stores a new quotation and its lines.
func insertSalesOrder(ctx context.Context, tx *db.Tx, o *SalesOrder) error {
	_, err := tx.Exec(ctx, `INSERT INTO orders.sales_orders (tenant_id, id, quote_number, status, customer_id, customer_name,
			location_id, order_date, valid_until, delivery_address, department, currency, amount, memo, created_by,
			created_at, updated_at)
		VALUES (current_setting('app.tenant_id')::uuid, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15)`,
		o.ID, o.QuoteNumber, o.Status, o.CustomerID, o.CustomerName, o.LocationID, o.OrderDate, o.ValidUntil,
		o.DeliveryAddress, o.Department, o.Currency, o.Amount, o.Memo, o.CreatedBy, o.CreatedAt)
	if err != nil {
		return fmt.Errorf("store sales order: %w", db.Translate(err))
	}
	return insertSalesLines(ctx, tx, o)
}

// insertSalesLines stores o's lines in one statement.
func insertSalesLines(ctx context.Context, tx *db.Tx, o *SalesOrder) error {
	n := len(o.Lines)
	line, product, unitPrice, amount := make([]int32, n), make([]uuid.UUID, n), make([]int64, n), make([]int64, n)
	name, unit, vat, quantity := make([]string, n), make([]string, n), make([]string, n), make([]int64, n)
	for i, l := range o.Lines {
		line[i], product[i], name[i], unit[i], vat[i] = int32(l.Line), l.ProductID, l.ProductName, l.Unit, l.VATCategory
		quantity[i], unitPrice[i], amount[i] = int64(l.Quantity), l.UnitPrice, l.Amount
	}
	_, err := tx.Exec(ctx, `INSERT INTO orders.sales_order_lines (tenant_id, order_id, line, product_id, product_name, unit,
			vat_category, quantity, unit_price, amount)
		SELECT current_setting('app.tenant_id')::uuid, $1, * FROM unnest($2::int[], $3::uuid[], $4::text[], $5::text[],
			$6::text[], $7::bigint[], $8::bigint[], $9::bigint[])`,
		o.ID, line, product, name, unit, vat, quantity, unitPrice, amount)
	if err != nil {
		return fmt.Errorf("store sales order lines: %w", db.Translate(err))
	}
	return nil
}

// SalesFilter narrows a list of quotations and sales orders; zero fields
// do not filter.
type SalesFilter struct {
	Status     string
	CustomerID *uuid.UUID
	// Cursor continues a list where the last page ended.
	Cursor string
	Limit  int
}

// listSalesOrders reads a page, newest first, and the cursor of the next.
func listSalesOrders(ctx context.Context, tx *db.Tx, f SalesFilter) ([]SalesOrder, string, error) {
	where, args := []string{"true"}, []any{}
	add := func(cond string, v ...any) {
		for _, x := range v {
			args = append(args, x)
			cond = strings.Replace(cond, "?", fmt.Sprintf("$%d", len(args)), 1)
		}
		where = append(where, cond)
	}
	if f.Status != "" {
		add("o.status = ?", f.Status)
	}
	if f.CustomerID != nil {
		add("o.customer_id = ?", *f.CustomerID)
	}
	if f.Cursor != "" {
		at, id, err := httpx.ParseTimeCursor(f.Cursor)
		if err != nil {
			return nil, "", err
		}
		add("(o.created_at, o.id) < (?, ?)", at, id)
	}
	args = append(args, f.Limit+1)
	rows, err := tx.Query(ctx, `SELECT `+salesColumns+` FROM orders.sales_orders o WHERE `+strings.Join(where, " AND ")+
		fmt.Sprintf(` ORDER BY o.created_at DESC, o.id DESC LIMIT $%d`, len(args)), args...)
	if err != nil {
		return nil, "", fmt.Errorf("list sales orders: %w", db.Translate(err))
	}
	defer rows.Close()
	var out []SalesOrder
	for rows.Next() {
		o, err := scanSalesOrder(rows)
		if err != nil {
			return nil, "", err
		}
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, "", fmt.Errorf("list sales orders: %w", db.Translate(err))
	}
	next := ""
	if len(out) > f.Limit {
		out = out[:f.Limit]
		last := out[len(out)-1]
		next = httpx.TimeCursor(last.CreatedAt, last.ID)
	}
	return out, next, nil
}

// saveSalesOrder writes o's status, number, credit, approval, reason and
// timestamps over the stored row and bumps its version.
func saveSalesOrder(ctx context.Context, tx *db.Tx, o *SalesOrder, now time.Time) error {
	var credit []byte
	if o.Credit != nil {
		var err error
		if credit, err = json.Marshal(o.Credit); err != nil {
			return err
		}
	}
	var number *string
	if o.Number != "" {
		number = &o.Number
	}
	err := tx.QueryRow(ctx, `UPDATE orders.sales_orders SET status = $2, number = $3, credit = $4, approval_id = $5,
			reason = $6, confirmed_at = $7, closed_at = $8, updated_at = $9, version = version + 1
		WHERE id = $1 RETURNING version`,
		o.ID, o.Status, number, credit, o.ApprovalID, o.Reason, o.ConfirmedAt, o.ClosedAt, now).Scan(&o.Version)
	if err != nil {
		return fmt.Errorf("save sales order: %w", db.Translate(err))
	}
	o.UpdatedAt = now
	return nil
}
