package orders

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

// The kinds of location.
const (
	// LocationWarehouse is a store that receives, delivers and transfers.
	LocationWarehouse = "warehouse"
	// LocationProjectSite is a construction site: it receives materials
	// and consumes them through issues to its project.
	LocationProjectSite = "project_site"
)

// Location is a place stock is kept: a warehouse or a project site.
type Location struct {
	ID        uuid.UUID
	Code      string
	Name      string
	Kind      string
	Address   string
	Active    bool
	Version   int
	CreatedAt time.Time
	UpdatedAt time.Time
}

// NewLocation is a location to add.
type NewLocation struct {
	Code    string
	Name    string
	Kind    string
	Address string
}

var locationCodeRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$`)

func (n NewLocation) validate() error {
	c := &errs.Collector{}
	c.Check(locationCodeRE.MatchString(n.Code), "code", "must be 1 to 40 letters, digits, dots, dashes or underscores, starting with a letter or digit")
	checkLocationText(c, &n.Name, &n.Address)
	c.Check(n.Kind == LocationWarehouse || n.Kind == LocationProjectSite, "kind", "must be warehouse or project_site")
	return c.Err()
}

// checkLocationText checks a name and an address, either of which may be
// nil (not given).
func checkLocationText(c *errs.Collector, name, address *string) {
	if name != nil {
		n := strings.TrimSpace(*name)
		c.Check(n != "" && len(n) <= 200, "name", "is required, at most 200 characters")
	}
	if address != nil {
		c.Check(len(strings.TrimSpace(*address)) <= 500, "address", "must be at most 500 characters")
	}
}

// LocationPatch changes a location; nil fields stay. The code and the
// kind are fixed once the location exists.
type LocationPatch struct {
	Name    *string
	Address *string
	// Active false deactivates the location: no new document may name it.
	Active *bool
	// ExpectedVersion, when positive, must be the location's version.
	ExpectedVersion int
}

// LocationFilter narrows ListLocations; zero fields do not filter.
type LocationFilter struct {
	Kind   string
	Active *bool
	Limit  int
	// Cursor is the NextCursor of the previous page.
	Cursor string
}

// LocationPage is one page of locations in code order.
type LocationPage struct {
	Items      []Location
	NextCursor string
}

const locationColumns = `id, code, name, kind, address, active, version, created_at, updated_at`

func fromDBLocation(row pgx.Row) (Location, error) {
	var l Location
	err := row.Scan(&l.ID, &l.Code, &l.Name, &l.Kind, &l.Address, &l.Active, &l.Version, &l.CreatedAt, &l.UpdatedAt)
	return l, err
}

// locationByID reads a location of the tenant of tx; lock takes its row
// lock. Returns NOT_FOUND.
func locationByID(ctx context.Context, tx *db.Tx, id uuid.UUID, lock bool) (Location, error) {
	q := `SELECT ` + locationColumns + ` FROM orders.locations WHERE id = $1`
	if lock {
		q += ` FOR UPDATE`
	}
	l, err := fromDBLocation(tx.QueryRow(ctx, q, id))
	if err != nil {
		if errs.Is(db.Translate(err), errs.NotFound) {
			return Location{}, errs.E(errs.NotFound, "location %s not found", id)
		}
		return Location{}, fmt.Errorf("read location: %w", err)
	}
	return l, nil
}

// requireLocation returns the tenant's active location id for a document
// being made in tx. Returns INVALID_ARGUMENT naming field when the tenant
// has no such location or it is inactive.
func (s *Service) requireLocation(ctx context.Context, tx *db.Tx, field string, id uuid.UUID) (Location, error) {
	if id == uuid.Nil {
		return Location{}, errs.Field(field, "is required")
	}
	l, err := locationByID(ctx, tx, id, false)
	if errs.Is(err, errs.NotFound) {
		return Location{}, errs.Field(field, "no location %s", id)
	}
	if err != nil {
		return Location{}, err
	}
	if !l.Active {
		return Location{}, errs.Field(field, "location %s (%s) is inactive", l.Code, l.ID)
	}
	return l, nil
}
