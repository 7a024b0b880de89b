package orders

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/tenantsettings"
)

// IssueStock issues materials from a location to a project: one numbered
// issue (tenantsettings.DocStockIssue) whose lines leave the location at
// the moving average cost, in one transaction. Needs orders.stock.move.
// Returns INVALID_ARGUMENT naming fields (an unknown or inactive
// location, a product master data does not know), and
// FAILED_PRECONDITION naming the product when the location has too
// little of it; then nothing is issued.
func (s *Service) IssueStock(ctx context.Context, n NewIssue) (StockDocument, error) {
	if _, err := caller(ctx, PermStockMove); err != nil {
		return StockDocument{}, err
	}
	c := &errs.Collector{}
	n.Project, n.Note = strings.TrimSpace(n.Project), strings.TrimSpace(n.Note)
	c.Check(n.LocationID != uuid.Nil, "locationId", "is required")
	c.Check(n.Project != "" && len(n.Project) <= 200, "project", "is required, at most 200 characters")
	d := StockDocument{Kind: DocumentIssue, LocationID: n.LocationID, Project: n.Project, Note: n.Note}
	return s.moveDocument(ctx, c, d, n.Date, n.Lines, func(d StockDocument, i int, l StockLine, name string) []Movement {
		return []Movement{{ProductID: l.ProductID, LocationID: d.LocationID, ProductName: name, Kind: MoveIssue, Quantity: l.Quantity,
			SourceType: SourceIssue, SourceID: d.ID, SourceLine: i + 1, Project: d.Project, OccurredOn: d.Date}}
	})
}

// TransferStock moves stock from one location to another: one numbered
// transfer (tenantsettings.DocStockTransfer) whose lines leave the first
// location at its moving average cost and reach the second at that same
// value, in one transaction. Needs orders.stock.move. Returns
// INVALID_ARGUMENT naming fields, and FAILED_PRECONDITION naming the
// product when the first location has too little of it; then nothing is
// transferred.
func (s *Service) TransferStock(ctx context.Context, n NewTransfer) (StockDocument, error) {
	if _, err := caller(ctx, PermStockMove); err != nil {
		return StockDocument{}, err
	}
	c := &errs.Collector{}
	n.Note = strings.TrimSpace(n.Note)
	c.Check(n.FromLocationID != uuid.Nil, "fromLocationId", "is required")
	c.Check(n.ToLocationID != uuid.Nil, "toLocationId", "is required")
	c.Check(n.ToLocationID == uuid.Nil || n.ToLocationID != n.FromLocationID, "toLocationId", "must differ from fromLocationId")
	d := StockDocument{Kind: DocumentTransfer, LocationID: n.FromLocationID, ToLocationID: n.ToLocationID, Note: n.Note}
	return s.moveDocument(ctx, c, d, n.Date, n.Lines, func(d StockDocument, i int, l StockLine, name string) []Movement {
		out := Movement{ProductID: l.ProductID, LocationID: d.LocationID, ProductName: name, Kind: MoveTransferOut, Quantity: l.Quantity,
			SourceType: SourceTransfer, SourceID: d.ID, SourceLine: i + 1, OccurredOn: d.Date}
		in := out
		in.LocationID, in.Kind = d.ToLocationID, MoveTransferIn
		return []Movement{out, in}
	})
}

// moveDocument checks the lines (adding to c) and makes d in one
// transaction: its locations, its number, its row and the movements
// movements gives for each line.
func (s *Service) moveDocument(ctx context.Context, c *errs.Collector, d StockDocument, date time.Time, lines []StockLine,
	movements func(d StockDocument, i int, l StockLine, name string) []Movement) (StockDocument, error) {
	c.Check(len(d.Note) <= 1000, "note", "must be at most 1000 characters")
	c.Check(len(lines) > 0 && len(lines) <= maxStockLines, "lines", "must hold 1 to %d lines", maxStockLines)
	for i, l := range lines {
		c.Check(l.ProductID != uuid.Nil, fmt.Sprintf("lines[%d].productId", i), "is required")
		c.Check(l.Quantity > 0, fmt.Sprintf("lines[%d].quantity", i), "must be positive")
	}
	if err := c.Err(); err != nil {
		return StockDocument{}, err
	}
	names, err := s.productNames(ctx, lines)
	if err != nil {
		return StockDocument{}, err
	}
	st, err := s.tenantSettings(ctx)
	if err != nil {
		return StockDocument{}, err
	}
	d.Date = dateOf(date)
	if date.IsZero() {
		d.Date = st.Today(s.now())
	}
	d.CreatedBy = authz.Actor(ctx)
	docType, fromField := tenantsettings.DocStockIssue, "locationId"
	if d.Kind == DocumentTransfer {
		docType, fromField = tenantsettings.DocStockTransfer, "fromLocationId"
	}
	var ms []Movement
	err = s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		if d.ID, err = uuid.NewV7(); err != nil {
			return err
		}
		if _, err := s.requireLocation(ctx, tx, fromField, d.LocationID); err != nil {
			return err
		}
		var to *uuid.UUID
		if d.Kind == DocumentTransfer {
			if _, err := s.requireLocation(ctx, tx, "toLocationId", d.ToLocationID); err != nil {
				return err
			}
			to = &d.ToLocationID
		}
		if d.Number, err = s.nextNumber(ctx, tx, docType, d.Date); err != nil {
			return err
		}
		err = tx.QueryRow(ctx, `INSERT INTO orders.stock_documents
			(tenant_id, id, number, kind, location_id, to_location_id, project, occurred_on, note, created_by)
			VALUES (current_setting('app.tenant_id')::uuid, $1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING created_at`,
			d.ID, d.Number, d.Kind, d.LocationID, to, d.Project, d.Date, d.Note, d.CreatedBy).Scan(&d.CreatedAt)
		if err != nil {
			return fmt.Errorf("insert stock %s: %w", d.Kind, err)
		}
		ms = ms[:0]
		for i, l := range lines {
			ms = append(ms, movements(d, i, l, names[l.ProductID])...)
		}
		rows, err := s.applyMovements(ctx, tx, ms)
		d.Lines = documentLines(rows)
		return err
	})
	if err != nil {
		return StockDocument{}, err
	}
	return d, nil
}

// productNames checks the lines' products against master data, when the
// service has a catalog, and returns their names. Returns
// INVALID_ARGUMENT naming each line whose product master data does not
// know.
func (s *Service) productNames(ctx context.Context, lines []StockLine) (map[uuid.UUID]string, error) {
	names := map[uuid.UUID]string{}
	if s.catalog == nil {
		return names, nil
	}
	ids := make([]uuid.UUID, 0, len(lines))
	for _, l := range lines {
		ids = append(ids, l.ProductID)
	}
	products, err := s.catalog.Products(ctx, ids)
	if err != nil {
		return nil, err
	}
	c := &errs.Collector{}
	for i, l := range lines {
		p, ok := products[l.ProductID]
		c.Check(ok, fmt.Sprintf("lines[%d].productId", i), "no product %s in master data", l.ProductID)
		names[l.ProductID] = p.Name
	}
	return names, c.Err()
}
