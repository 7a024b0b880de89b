package orders

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/qty"
)

// The kinds of stock document.
const (
	DocumentIssue    = "issue"
	DocumentTransfer = "transfer"
)

// maxStockLines bounds the lines of one issue or transfer.
const maxStockLines = 200

// StockLine is one product and quantity of an issue or a transfer.
type StockLine struct {
	ProductID uuid.UUID
	Quantity  qty.Qty
}

// NewIssue is materials to issue from a location to a project.
type NewIssue struct {
	LocationID uuid.UUID
	Project    string
	// Date is the business date; zero is the tenant's today.
	Date  time.Time
	Note  string
	Lines []StockLine
}

// NewTransfer is stock to move from one location to another.
type NewTransfer struct {
	FromLocationID, ToLocationID uuid.UUID
	// Date is the business date; zero is the tenant's today.
	Date  time.Time
	Note  string
	Lines []StockLine
}

// StockDocument is an issue to a project or a transfer between
// locations, numbered, with the lines its movements moved.
type StockDocument struct {
	ID     uuid.UUID
	Number string
	// Kind is DocumentIssue or DocumentTransfer.
	Kind string
	// LocationID is where the stock left; ToLocationID where a transfer
	// took it (uuid.Nil for an issue).
	LocationID   uuid.UUID
	ToLocationID uuid.UUID
	Project      string
	Date         time.Time
	Note         string
	CreatedBy    string
	CreatedAt    time.Time
	Lines        []StockDocumentLine
}

// StockDocumentLine is one line of a stock document as it moved.
type StockDocumentLine struct {
	Line      int
	ProductID uuid.UUID
	Quantity  qty.Qty
	// UnitCost is the moving average cost the line left at, in poisha.
	UnitCost int64
	// Value is the cost that left the location (and, for a transfer,
	// reached the other), in poisha.
	Value int64
}

// documentLines are the lines of a document from the movements that
// took its stock out.
func documentLines(ms []StockMovement) []StockDocumentLine {
	var out []StockDocumentLine
	for _, m := range ms {
		if m.Kind == MoveIssue || m.Kind == MoveTransferOut {
			out = append(out, StockDocumentLine{Line: m.SourceLine, ProductID: m.ProductID, Quantity: -m.Quantity,
				UnitCost: m.UnitCost, Value: -m.Value})
		}
	}
	return out
}

// StockDocument returns an issue or a transfer (kind) with its lines.
// Needs orders.stock.read. Returns NOT_FOUND when the tenant has no such
// document of kind.
func (s *Service) StockDocument(ctx context.Context, kind string, id uuid.UUID) (StockDocument, error) {
	if _, err := caller(ctx, PermStockRead); err != nil {
		return StockDocument{}, err
	}
	var d StockDocument
	err := s.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) error {
		b := &pgx.Batch{}
		b.Queue(`SELECT id, number, kind, location_id, to_location_id, project, occurred_on, note, created_by, created_at
			FROM orders.stock_documents WHERE id = $1 AND kind = $2`, id, kind)
		b.Queue(`SELECT `+movementColumns+` FROM orders.stock_movements WHERE source_type = $1 AND source_id = $2
			ORDER BY source_line, kind`, kind, id)
		res := tx.SendBatch(ctx, b)
		defer res.Close()
		var to *uuid.UUID
		err := res.QueryRow().Scan(&d.ID, &d.Number, &d.Kind, &d.LocationID, &to, &d.Project, &d.Date, &d.Note, &d.CreatedBy, &d.CreatedAt)
		if err != nil {
			if errs.Is(db.Translate(err), errs.NotFound) {
				return errs.E(errs.NotFound, "stock %s %s not found", kind, id)
			}
			return fmt.Errorf("read stock document: %w", err)
		}
		if to != nil {
			d.ToLocationID = *to
		}
		rows, err := res.Query()
		if err != nil {
			return fmt.Errorf("read stock document lines: %w", err)
		}
		ms, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (StockMovement, error) { return fromDBMovement(r) })
		d.Lines = documentLines(ms)
		return err
	})
	return d, err
}
