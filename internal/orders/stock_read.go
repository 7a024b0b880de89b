package orders

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/httpx"
)

// StockFilter narrows ListStock and ListMovements; zero fields do not
// filter.
type StockFilter struct {
	ProductID  uuid.UUID
	LocationID uuid.UUID
	Limit      int
	// Cursor is the NextCursor of the previous page.
	Cursor string
}

// StockPage is one page of stock levels in (product, location) order.
type StockPage struct {
	Items      []StockLevel
	NextCursor string
}

// MovementPage is one page of stock movements, newest first.
type MovementPage struct {
	Items      []StockMovement
	NextCursor string
}

// where is the filter's condition on product_id and location_id, and
// its arguments.
func (f *StockFilter) where() ([]string, []any, error) {
	if f.Limit <= 0 {
		f.Limit = 50
	}
	if f.Limit > 500 {
		return nil, nil, errs.Field("limit", "must be at most 500")
	}
	where, args := []string{"true"}, []any{}
	if f.ProductID != uuid.Nil {
		args = append(args, f.ProductID)
		where = append(where, fmt.Sprintf("product_id = $%d", len(args)))
	}
	if f.LocationID != uuid.Nil {
		args = append(args, f.LocationID)
		where = append(where, fmt.Sprintf("location_id = $%d", len(args)))
	}
	return where, args, nil
}

const stockLevelColumns = `product_id, location_id, on_hand, committed, value, updated_at`

func fromDBStockLevel(row pgx.Row) (StockLevel, error) {
	var l StockLevel
	err := row.Scan(&l.ProductID, &l.LocationID, &l.OnHand, &l.Committed, &l.Value, &l.UpdatedAt)
	return l, err
}

// ListStock lists the tenant's stock levels by product and location.
// Needs orders.stock.read. Returns INVALID_ARGUMENT naming a bad limit or
// cursor.
func (s *Service) ListStock(ctx context.Context, f StockFilter) (StockPage, error) {
	if _, err := caller(ctx, PermStockRead); err != nil {
		return StockPage{}, err
	}
	where, args, err := f.where()
	if err != nil {
		return StockPage{}, err
	}
	after, err := cursorParts(f.Cursor, 2)
	if err != nil {
		return StockPage{}, err
	}
	if after != nil {
		p, perr := uuid.Parse(after[0])
		l, lerr := uuid.Parse(after[1])
		if perr != nil || lerr != nil {
			return StockPage{}, errs.Field("cursor", "is not a cursor this API returned")
		}
		args = append(args, p, l)
		where = append(where, fmt.Sprintf("(product_id, location_id) > ($%d, $%d)", len(args)-1, len(args)))
	}
	args = append(args, f.Limit+1)
	q := `SELECT ` + stockLevelColumns + ` FROM orders.stock_levels WHERE ` + strings.Join(where, " AND ") +
		fmt.Sprintf(` ORDER BY product_id, location_id LIMIT $%d`, len(args))
	var page StockPage
	err = s.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) error {
		rows, err := tx.Query(ctx, q, args...)
		if err != nil {
			return fmt.Errorf("list stock: %w", err)
		}
		page.Items, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (StockLevel, error) { return fromDBStockLevel(r) })
		return err
	})
	if err != nil {
		return StockPage{}, err
	}
	if len(page.Items) > f.Limit {
		page.Items = page.Items[:f.Limit]
		last := page.Items[f.Limit-1]
		page.NextCursor = cursorOf(last.ProductID.String(), last.LocationID.String())
	}
	return page, nil
}

const movementColumns = `id, product_id, location_id, kind, quantity, value, unit_cost, on_hand_after, source_type, source_id,
	source_line, project, occurred_on, created_by, created_at`

func fromDBMovement(row pgx.Row) (StockMovement, error) {
	var m StockMovement
	err := row.Scan(&m.ID, &m.ProductID, &m.LocationID, &m.Kind, &m.Quantity, &m.Value, &m.UnitCost, &m.OnHandAfter,
		&m.SourceType, &m.SourceID, &m.SourceLine, &m.Project, &m.OccurredOn, &m.CreatedBy, &m.CreatedAt)
	return m, err
}

// ListMovements lists the tenant's stock movements, newest first. Needs
// orders.stock.read. Returns INVALID_ARGUMENT naming a bad limit or
// cursor.
func (s *Service) ListMovements(ctx context.Context, f StockFilter) (MovementPage, error) {
	if _, err := caller(ctx, PermStockRead); err != nil {
		return MovementPage{}, err
	}
	where, args, err := f.where()
	if err != nil {
		return MovementPage{}, err
	}
	if f.Cursor != "" {
		at, id, err := httpx.ParseTimeCursor(f.Cursor)
		if err != nil {
			return MovementPage{}, err
		}
		args = append(args, at, id)
		where = append(where, fmt.Sprintf("(created_at, id) < ($%d, $%d)", len(args)-1, len(args)))
	}
	args = append(args, f.Limit+1)
	q := `SELECT ` + movementColumns + ` FROM orders.stock_movements WHERE ` + strings.Join(where, " AND ") +
		fmt.Sprintf(` ORDER BY created_at DESC, id DESC LIMIT $%d`, len(args))
	var page MovementPage
	err = s.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) error {
		rows, err := tx.Query(ctx, q, args...)
		if err != nil {
			return fmt.Errorf("list stock movements: %w", err)
		}
		page.Items, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (StockMovement, error) { return fromDBMovement(r) })
		return err
	})
	if err != nil {
		return MovementPage{}, err
	}
	if len(page.Items) > f.Limit {
		page.Items = page.Items[:f.Limit]
		last := page.Items[f.Limit-1]
		page.NextCursor = httpx.TimeCursor(last.CreatedAt, last.ID)
	}
	return page, nil
}
