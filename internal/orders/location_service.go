package orders

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

// CreateLocation adds a warehouse or project site. Needs
// orders.location.write. Returns INVALID_ARGUMENT naming fields, and
// CONFLICT naming code when the tenant has a location of that code.
func (s *Service) CreateLocation(ctx context.Context, n NewLocation) (Location, error) {
	if _, err := caller(ctx, PermLocationWrite); err != nil {
		return Location{}, err
	}
	if err := n.validate(); err != nil {
		return Location{}, err
	}
	id, err := uuid.NewV7()
	if err != nil {
		return Location{}, err
	}
	var l Location
	err = s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		l, err = fromDBLocation(tx.QueryRow(ctx, `INSERT INTO orders.locations (tenant_id, id, code, name, kind, address)
			VALUES (current_setting('app.tenant_id')::uuid, $1, $2, $3, $4, $5) RETURNING `+locationColumns,
			id, n.Code, strings.TrimSpace(n.Name), n.Kind, strings.TrimSpace(n.Address)))
		return err
	}, db.Single())
	if errs.Is(err, errs.Conflict) {
		return Location{}, errs.Taken("code", "the tenant has a location %s already", n.Code)
	}
	return l, err
}

// Location returns one location. Needs orders.location.read. Returns
// NOT_FOUND when the tenant has no such location.
func (s *Service) Location(ctx context.Context, id uuid.UUID) (Location, error) {
	if _, err := caller(ctx, PermLocationRead); err != nil {
		return Location{}, err
	}
	var l Location
	err := s.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) (err error) {
		l, err = locationByID(ctx, tx, id, false)
		return err
	})
	return l, err
}

// ListLocations lists the tenant's locations in code order. Needs
// orders.location.read. Returns INVALID_ARGUMENT naming a bad filter or
// cursor.
func (s *Service) ListLocations(ctx context.Context, f LocationFilter) (LocationPage, error) {
	if _, err := caller(ctx, PermLocationRead); err != nil {
		return LocationPage{}, err
	}
	c := &errs.Collector{}
	c.Check(f.Kind == "" || f.Kind == LocationWarehouse || f.Kind == LocationProjectSite, "kind", "must be warehouse or project_site")
	if f.Limit <= 0 {
		f.Limit = 50
	}
	c.Check(f.Limit <= 500, "limit", "must be at most 500")
	after, err := cursorParts(f.Cursor, 1)
	c.Merge("", err)
	if err := c.Err(); err != nil {
		return LocationPage{}, err
	}
	where, args := []string{"true"}, []any{}
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, fmt.Sprintf(cond, len(args)))
	}
	if f.Kind != "" {
		add("kind = $%d", f.Kind)
	}
	if f.Active != nil {
		add("active = $%d", *f.Active)
	}
	if after != nil {
		add("code > $%d", after[0])
	}
	args = append(args, f.Limit+1)
	q := `SELECT ` + locationColumns + ` FROM orders.locations WHERE ` + strings.Join(where, " AND ") +
		fmt.Sprintf(` ORDER BY code LIMIT $%d`, len(args))
	var page LocationPage
	err = s.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) error {
		rows, err := tx.Query(ctx, q, args...)
		if err != nil {
			return fmt.Errorf("list locations: %w", err)
		}
		page.Items, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Location, error) { return fromDBLocation(r) })
		return err
	})
	if err != nil {
		return LocationPage{}, err
	}
	if len(page.Items) > f.Limit {
		page.Items = page.Items[:f.Limit]
		page.NextCursor = cursorOf(page.Items[f.Limit-1].Code)
	}
	return page, nil
}

// UpdateLocation renames a location, changes its address, or
// deactivates or reactivates it. A location that holds stock stays
// active until the stock is issued or transferred out. Needs
// orders.location.write. Returns INVALID_ARGUMENT naming fields,
// NOT_FOUND, CONFLICT when ExpectedVersion is stale, and
// FAILED_PRECONDITION when deactivating a location that holds stock.
func (s *Service) UpdateLocation(ctx context.Context, id uuid.UUID, p LocationPatch) (Location, error) {
	if _, err := caller(ctx, PermLocationWrite); err != nil {
		return Location{}, err
	}
	c := &errs.Collector{}
	checkLocationText(c, p.Name, p.Address)
	if err := c.Err(); err != nil {
		return Location{}, err
	}
	var l Location
	err := s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		cur, err := locationByID(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if p.ExpectedVersion > 0 && p.ExpectedVersion != cur.Version {
			return errs.Stale("location %s is at version %d, not %d", cur.Code, cur.Version, p.ExpectedVersion)
		}
		if p.Name != nil {
			cur.Name = strings.TrimSpace(*p.Name)
		}
		if p.Address != nil {
			cur.Address = strings.TrimSpace(*p.Address)
		}
		if p.Active != nil {
			if !*p.Active && cur.Active {
				if err := refuseHoldingStock(ctx, tx, cur); err != nil {
					return err
				}
			}
			cur.Active = *p.Active
		}
		l, err = fromDBLocation(tx.QueryRow(ctx, `UPDATE orders.locations
			SET name = $2, address = $3, active = $4, version = version + 1, updated_at = now()
			WHERE id = $1 RETURNING `+locationColumns, id, cur.Name, cur.Address, cur.Active))
		return err
	})
	return l, err
}

// refuseHoldingStock returns FAILED_PRECONDITION when l has stock on
// hand.
func refuseHoldingStock(ctx context.Context, tx *db.Tx, l Location) error {
	var products int
	err := tx.QueryRow(ctx, `SELECT count(*) FROM orders.stock_levels WHERE location_id = $1 AND on_hand > 0`, l.ID).Scan(&products)
	if err != nil {
		return fmt.Errorf("stock at location: %w", err)
	}
	if products > 0 {
		return errs.E(errs.FailedPrecondition, "location %s holds stock of %d products: issue or transfer it before deactivating the location",
			l.Code, products)
	}
	return nil
}
