package orders

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/httpx"
)

const purchaseColumns = `id, coalesce(number, ''), status, vendor_id, vendor_name, location_id, requisition_id, order_date,
	delivery_date, department, currency, amount, memo, approval_id, reason, created_by, submitted_at, submitted_by, approved_at,
	closed_at, created_at, updated_at, version`

func scanPurchase(row pgx.Row) (PurchaseOrder, error) {
	var o PurchaseOrder
	err := row.Scan(&o.ID, &o.Number, &o.Status, &o.VendorID, &o.VendorName, &o.LocationID, &o.RequisitionID,
		&o.OrderDate, &o.DeliveryDate, &o.Department, &o.Currency, &o.Amount, &o.Memo, &o.ApprovalID, &o.Reason,
		&o.CreatedBy, &o.SubmittedAt, &o.SubmittedBy, &o.ApprovedAt, &o.ClosedAt, &o.CreatedAt, &o.UpdatedAt, &o.Version)
	return o, err
}

// purchaseByID reads order id of the tenant of tx with its lines and
// bills, locking its row when lock is true. Returns NOT_FOUND, also for
// another tenant's id.
func purchaseByID(ctx context.Context, tx *db.Tx, id uuid.UUID, lock bool) (PurchaseOrder, error) {
	o, err := purchaseHeader(ctx, tx, id, lock)
	if err != nil {
		return PurchaseOrder{}, err
	}
	return o, purchaseDetails(ctx, tx, &o)
}

// purchaseHeader reads order id as purchaseByID does, without its lines
// and bills.
func purchaseHeader(ctx context.Context, tx *db.Tx, id uuid.UUID, lock bool) (PurchaseOrder, error) {
	q := `SELECT ` + purchaseColumns + ` FROM orders.purchase_orders WHERE id = $1`
	if lock {
		q += ` FOR UPDATE`
	}
	o, err := scanPurchase(tx.QueryRow(ctx, q, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return PurchaseOrder{}, errs.E(errs.NotFound, "no purchase order %s", id)
	}
	if err != nil {
		return PurchaseOrder{}, fmt.Errorf("read purchase order: %w", err)
	}
	return o, nil
}

// purchaseDetails reads order o's lines and bills into it.
func purchaseDetails(ctx context.Context, tx *db.Tx, o *PurchaseOrder) error {
	rows, err := tx.Query(ctx, `SELECT line, product_id, product_name, unit, vat_category, quantity, unit_price, amount,
		received, rejected FROM orders.purchase_order_lines WHERE order_id = $1 ORDER BY line`, o.ID)
	if err != nil {
		return fmt.Errorf("read purchase order lines: %w", err)
	}
	o.Lines, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (PurchaseLine, error) {
		var l PurchaseLine
		err := r.Scan(&l.Line, &l.ProductID, &l.ProductName, &l.Unit, &l.VATCategory, &l.Quantity, &l.UnitPrice,
			&l.Amount, &l.Received, &l.Rejected)
		return l, err
	})
	if err != nil {
		return fmt.Errorf("read purchase order lines: %w", err)
	}
	rows, err = tx.Query(ctx, `SELECT bill_id, status, amount, reasons FROM orders.purchase_order_bills
		WHERE order_id = $1 ORDER BY updated_at, bill_id`, o.ID)
	if err != nil {
		return fmt.Errorf("read purchase order bills: %w", err)
	}
	o.Bills, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (OrderBill, error) {
		var b OrderBill
		var reasons []byte
		if err := r.Scan(&b.BillID, &b.Status, &b.Amount, &reasons); err != nil {
			return b, err
		}
		return b, json.Unmarshal(reasons, &b.Reasons)
	})
	if err != nil {
		return fmt.Errorf("read purchase order bills: %w", err)
	}
	return nil
}

// insertPurchase writes a new draft and its lines.
func insertPurchase(ctx context.Context, tx *db.Tx, o *PurchaseOrder) error {
	err := tx.QueryRow(ctx, `INSERT INTO orders.purchase_orders (tenant_id, id, vendor_id, vendor_name, location_id,
		requisition_id, order_date, delivery_date, department, currency, amount, memo, created_by)
		VALUES (current_setting('app.tenant_id')::uuid, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
		RETURNING status, created_at, updated_at, version`,
		o.ID, o.VendorID, o.VendorName, o.LocationID, o.RequisitionID, o.OrderDate, o.DeliveryDate, o.Department,
		o.Currency, o.Amount, o.Memo, o.CreatedBy).Scan(&o.Status, &o.CreatedAt, &o.UpdatedAt, &o.Version)
	if err != nil {
		return db.Translate(err)
	}
	return insertPurchaseLines(ctx, tx, o)
}

func insertPurchaseLines(ctx context.Context, tx *db.Tx, o *PurchaseOrder) error {
	for _, l := range o.Lines {
		tx.Defer(`INSERT INTO orders.purchase_order_lines (tenant_id, order_id, line, product_id, product_name, unit,
			vat_category, quantity, unit_price, amount) VALUES (current_setting('app.tenant_id')::uuid, $1, $2, $3, $4, $5, $6, $7, $8, $9)`,
			o.ID, l.Line, l.ProductID, l.ProductName, l.Unit, l.VATCategory, l.Quantity, l.UnitPrice, l.Amount)
	}
	return nil
}

// replacePurchase writes a draft's new content over version.
func replacePurchase(ctx context.Context, tx *db.Tx, o *PurchaseOrder, version int) error {
	tag, err := tx.Exec(ctx, `UPDATE orders.purchase_orders SET vendor_id = $2, vendor_name = $3, location_id = $4,
		requisition_id = $5, order_date = $6, delivery_date = $7, department = $8, amount = $9, memo = $10,
		updated_at = now(), version = version + 1 WHERE id = $1 AND ($11 = 0 OR version = $11) AND status = 'draft'`,
		o.ID, o.VendorID, o.VendorName, o.LocationID, o.RequisitionID, o.OrderDate, o.DeliveryDate, o.Department,
		o.Amount, o.Memo, version)
	if err != nil {
		return db.Translate(err)
	}
	if tag.RowsAffected() == 0 {
		return errs.Stale("purchase order %s changed since version %d", o.ID, version)
	}
	if _, err := tx.Exec(ctx, `DELETE FROM orders.purchase_order_lines WHERE order_id = $1`, o.ID); err != nil {
		return db.Translate(err)
	}
	return insertPurchaseLines(ctx, tx, o)
}

// setPurchaseStatus moves order o to status, stamping what the status
// records, and bumps its version.
func setPurchaseStatus(ctx context.Context, tx *db.Tx, o *PurchaseOrder) error {
	err := tx.QueryRow(ctx, `UPDATE orders.purchase_orders SET status = $2, number = nullif($3, ''), approval_id = $4,
		reason = $5, submitted_at = $6, approved_at = $7, closed_at = $8, submitted_by = $9, updated_at = now(),
		version = version + 1
		WHERE id = $1 RETURNING updated_at, version`,
		o.ID, o.Status, o.Number, o.ApprovalID, o.Reason, o.SubmittedAt, o.ApprovedAt, o.ClosedAt, o.SubmittedBy).Scan(&o.UpdatedAt, &o.Version)
	return db.Translate(err)
}

// PurchaseFilter selects a page of purchase orders.
type PurchaseFilter struct {
	Status   string
	VendorID *uuid.UUID
	Limit    int
	Cursor   string
	// Sort is createdAt, orderDate, deliveryDate, amount or vendor, "-"
	// first for descending; "" is newest first. A cursor continues only
	// its sort.
	Sort string
}

// listPurchases reads a page, newest first or by f.Sort, without lines.
func listPurchases(ctx context.Context, tx *db.Tx, f PurchaseFilter) ([]PurchaseOrder, string, error) {
	q := `SELECT ` + purchaseColumns + ` FROM orders.purchase_orders WHERE ($1 = '' OR status = $1)
		AND ($2::uuid IS NULL OR vendor_id = $2)`
	args := []any{f.Status, f.VendorID}
	orderBy := "created_at DESC, id DESC"
	switch {
	case f.Sort != "":
		order, cond, after, err := purchaseSorts.Continue(f.Sort, f.Cursor, len(args)+1)
		if err != nil {
			return nil, "", err
		}
		orderBy = order.OrderBy()
		if cond != "" {
			q += ` AND ` + cond
			args = append(args, after...)
		}
	case f.Cursor != "":
		at, id, err := httpx.ParseTimeCursor(f.Cursor)
		if err != nil {
			return nil, "", err
		}
		q += ` AND (created_at, id) < ($3, $4)`
		args = append(args, at, id)
	}
	q += fmt.Sprintf(` ORDER BY %s LIMIT %d`, orderBy, f.Limit+1)
	rows, err := tx.Query(ctx, q, args...)
	if err != nil {
		return nil, "", fmt.Errorf("list purchase orders: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (PurchaseOrder, error) { return scanPurchase(r) })
	if err != nil {
		return nil, "", fmt.Errorf("list purchase orders: %w", err)
	}
	next := ""
	if len(out) > f.Limit {
		out = out[:f.Limit]
		next = PurchaseCursorOf(f, out[f.Limit-1])
	}
	return out, next, nil
}

// now returns the clock's time and today's date in the tenant's zone.
func (s *Service) today(ctx context.Context) (time.Time, error) {
	st, err := s.tenantSettings(ctx)
	if err != nil {
		return time.Time{}, err
	}
	n := s.now().In(st.Location())
	return time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, time.UTC), nil
}
