package orders

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/qty"
)

// ReorderLevel is the quantity at or below which a location's stock of a
// product is low (docs/orders.md, Reorder levels).
type ReorderLevel struct {
	ProductID, LocationID uuid.UUID
	Level                 qty.Qty
	UpdatedBy             string
	UpdatedAt             time.Time
}

// LowStock is a product whose stock at a location is at or below its
// reorder level.
type LowStock struct {
	ProductID, LocationID uuid.UUID
	OnHand, Level         qty.Qty
}

// Shortfall is what brings the stock back to the reorder level.
func (l LowStock) Shortfall() qty.Qty { return l.Level - l.OnHand }

// SetReorderLevel sets (or replaces) the reorder level of a product at a
// location. Needs orders.location.write: a reorder level is a planning
// setting of the location, like its address, not a movement of stock.
// Returns INVALID_ARGUMENT naming productId, locationId or reorderLevel
// (a product master data does not know, or an archived one; a location
// the tenant does not have, or an inactive one; a level not above zero).
func (s *Service) SetReorderLevel(ctx context.Context, productID, locationID uuid.UUID, level string) (ReorderLevel, error) {
	p, err := caller(ctx, PermLocationWrite)
	if err != nil {
		return ReorderLevel{}, err
	}
	c := &errs.Collector{}
	c.Check(productID != uuid.Nil, "productId", "is required")
	q, err := qty.Parse("reorderLevel", level)
	c.Merge("", err)
	if productID != uuid.Nil && s.catalog != nil {
		found, err := s.catalog.Products(ctx, []uuid.UUID{productID})
		if err != nil {
			return ReorderLevel{}, err
		}
		prod, ok := found[productID]
		c.Check(ok, "productId", "is not a product of this tenant")
		c.Check(!ok || !prod.Archived, "productId", "is archived")
	}
	var out ReorderLevel
	err = s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		if _, err := s.requireLocation(ctx, tx, "locationId", locationID); errs.Is(err, errs.InvalidArgument) {
			c.Merge("", err)
		} else if err != nil {
			return err
		}
		if err := c.Err(); err != nil {
			return err
		}
		out = ReorderLevel{ProductID: productID, LocationID: locationID, Level: q, UpdatedBy: p.UserID}
		return tx.QueryRow(ctx, `INSERT INTO orders.reorder_levels (tenant_id, product_id, location_id, reorder_level, updated_by)
			VALUES (current_setting('app.tenant_id')::uuid, $1, $2, $3, $4)
			ON CONFLICT (tenant_id, product_id, location_id)
			DO UPDATE SET reorder_level = EXCLUDED.reorder_level, updated_by = EXCLUDED.updated_by, updated_at = now()
			RETURNING updated_at`, productID, locationID, int64(q), p.UserID).Scan(&out.UpdatedAt)
	})
	return out, err
}

// RemoveReorderLevel removes the reorder level of a product at a
// location: its stock is never low again. Needs orders.location.write.
// Returns NOT_FOUND when it has none.
func (s *Service) RemoveReorderLevel(ctx context.Context, productID, locationID uuid.UUID) error {
	if _, err := caller(ctx, PermLocationWrite); err != nil {
		return err
	}
	return s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		tag, err := tx.Exec(ctx, `DELETE FROM orders.reorder_levels WHERE product_id = $1 AND location_id = $2`, productID, locationID)
		if err != nil {
			return fmt.Errorf("remove reorder level: %w", err)
		}
		if tag.RowsAffected() == 0 {
			return errs.E(errs.NotFound, "product %s has no reorder level at location %s", productID, locationID)
		}
		return nil
	})
}

// ListReorderLevels lists the reorder levels by product and location,
// narrowed by f's product and location. Needs orders.stock.read.
func (s *Service) ListReorderLevels(ctx context.Context, f StockFilter) ([]ReorderLevel, string, error) {
	rows, next, err := s.reorderPage(ctx, f, false)
	if err != nil {
		return nil, "", err
	}
	out := make([]ReorderLevel, len(rows))
	for i, r := range rows {
		out[i] = r.ReorderLevel
	}
	return out, next, nil
}

// ListLowStock lists the products whose stock at a location is at or
// below its reorder level (a level without any stock yet counts as zero
// on hand), by product and location, narrowed by f. Needs
// orders.stock.read.
func (s *Service) ListLowStock(ctx context.Context, f StockFilter) ([]LowStock, string, error) {
	rows, next, err := s.reorderPage(ctx, f, true)
	if err != nil {
		return nil, "", err
	}
	out := make([]LowStock, len(rows))
	for i, r := range rows {
		out[i] = LowStock{ProductID: r.ProductID, LocationID: r.LocationID, OnHand: r.onHand, Level: r.Level}
	}
	return out, next, nil
}

type reorderRow struct {
	ReorderLevel
	onHand qty.Qty
}

// reorderPage reads a page of reorder levels with the stock on hand,
// only the low ones when low, in (product, location) order: the primary
// key's, so each page is a range of it.
func (s *Service) reorderPage(ctx context.Context, f StockFilter, low bool) ([]reorderRow, string, error) {
	if _, err := caller(ctx, PermStockRead); err != nil {
		return nil, "", err
	}
	where, args, err := f.where()
	if err != nil {
		return nil, "", err
	}
	for i, w := range where {
		where[i] = strings.NewReplacer("product_id", "r.product_id", "location_id", "r.location_id").Replace(w)
	}
	after, err := cursorParts(f.Cursor, 2)
	if err != nil {
		return nil, "", err
	}
	if after != nil {
		p, perr := uuid.Parse(after[0])
		l, lerr := uuid.Parse(after[1])
		if perr != nil || lerr != nil {
			return nil, "", errs.Field("cursor", "is not a cursor this API returned")
		}
		args = append(args, p, l)
		where = append(where, fmt.Sprintf("(r.product_id, r.location_id) > ($%d, $%d)", len(args)-1, len(args)))
	}
	if low {
		where = append(where, "coalesce(l.on_hand, 0) <= r.reorder_level")
	}
	args = append(args, f.Limit+1)
	q := `SELECT r.product_id, r.location_id, r.reorder_level, r.updated_by, r.updated_at, coalesce(l.on_hand, 0)
		FROM orders.reorder_levels r LEFT JOIN orders.stock_levels l
			ON l.tenant_id = r.tenant_id AND l.product_id = r.product_id AND l.location_id = r.location_id
		WHERE ` + strings.Join(where, " AND ") + fmt.Sprintf(` ORDER BY r.product_id, r.location_id LIMIT $%d`, len(args))
	var out []reorderRow
	err = s.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) error {
		rows, err := tx.Query(ctx, q, args...)
		if err != nil {
			return fmt.Errorf("list reorder levels: %w", err)
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (reorderRow, error) {
			var x reorderRow
			err := r.Scan(&x.ProductID, &x.LocationID, &x.Level, &x.UpdatedBy, &x.UpdatedAt, &x.onHand)
			return x, err
		})
		return err
	})
	if err != nil {
		return nil, "", err
	}
	next := ""
	if len(out) > f.Limit {
		out = out[:f.Limit]
		last := out[f.Limit-1]
		next = cursorOf(last.ProductID.String(), last.LocationID.String())
	}
	return out, next, nil
}
