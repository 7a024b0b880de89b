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
	"github.com/vextrus/vextrus/internal/platform/qty"
	"github.com/vextrus/vextrus/internal/platform/tenantsettings"
)

// The statuses of a purchase requisition.
const (
	RequisitionOpen      = "open"
	RequisitionOrdered   = "ordered"
	RequisitionCancelled = "cancelled"
)

// Requisition is a site's or department's request for materials; a
// purchase order that names it fulfils it.
type Requisition struct {
	ID              uuid.UUID
	Number          string
	Status          string
	LocationID      uuid.UUID
	Department      string
	NeededBy        time.Time
	Lines           []RequisitionLine
	Note            string
	PurchaseOrderID *uuid.UUID
	RequestedBy     string
	CreatedAt       time.Time
	Version         int
}

// RequisitionLine is one product asked for.
type RequisitionLine struct {
	ProductID uuid.UUID `json:"productId"`
	Quantity  qty.Qty   `json:"quantity"`
	Note      string    `json:"note,omitempty"`
}

// RequisitionInput is a requisition as a client raises it.
type RequisitionInput struct {
	LocationID uuid.UUID
	Department string
	NeededBy   time.Time
	Note       string
	Lines      []RequisitionLineInput
}

// RequisitionLineInput is one product asked for, as entered.
type RequisitionLineInput struct {
	ProductID uuid.UUID
	Quantity  string
	Note      string
}

// CreateRequisition raises an open requisition, numbered. Needs
// orders.purchase.write. Returns INVALID_ARGUMENT naming every field at
// fault.
func (s *Service) CreateRequisition(ctx context.Context, in RequisitionInput) (Requisition, error) {
	p, err := caller(ctx, PermPurchaseWrite)
	if err != nil {
		return Requisition{}, err
	}
	today, err := s.today(ctx)
	if err != nil {
		return Requisition{}, err
	}
	c := &errs.Collector{}
	c.Check(in.LocationID != uuid.Nil, "locationId", "is required")
	c.Check(!in.NeededBy.IsZero(), "neededBy", "is required (YYYY-MM-DD)")
	c.Check(len(in.Department) <= 200, "department", "must be at most 200 characters")
	c.Check(len(in.Note) <= 1000, "note", "must be at most 1000 characters")
	c.Check(len(in.Lines) > 0 && len(in.Lines) <= maxLines, "lines", "must have 1 to %d lines", maxLines)
	r := Requisition{ID: uuid.Must(uuid.NewV7()), Status: RequisitionOpen, LocationID: in.LocationID,
		Department: in.Department, NeededBy: in.NeededBy, Note: in.Note, RequestedBy: p.UserID, Version: 1}
	ids := make([]uuid.UUID, 0, len(in.Lines))
	for i, l := range in.Lines {
		f := lineField(i)
		c.Check(l.ProductID != uuid.Nil, f+".productId", "is required")
		c.Check(len(l.Note) <= 500, f+".note", "must be at most 500 characters")
		q, err := qty.Parse(f+".quantity", l.Quantity)
		c.Merge("", err)
		r.Lines = append(r.Lines, RequisitionLine{ProductID: l.ProductID, Quantity: q, Note: l.Note})
		ids = append(ids, l.ProductID)
	}
	if s.catalog != nil && len(ids) > 0 && len(ids) <= maxLines {
		found, err := s.catalog.Products(ctx, ids)
		if err != nil {
			return Requisition{}, err
		}
		for i, id := range ids {
			if p, ok := found[id]; id != uuid.Nil && (!ok || p.Archived) {
				c.Add(lineField(i)+".productId", "is not an active product of this tenant")
			}
		}
	}
	if err := c.Err(); err != nil {
		return Requisition{}, err
	}
	lines, err := json.Marshal(r.Lines)
	if err != nil {
		return Requisition{}, err
	}
	err = s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		if _, err := s.requireLocation(ctx, tx, "locationId", r.LocationID); err != nil {
			return err
		}
		r.Number, err = s.nextNumber(ctx, tx, tenantsettings.DocRequisition, today)
		if err != nil {
			return err
		}
		return db.Translate(tx.QueryRow(ctx, `INSERT INTO orders.purchase_requisitions (tenant_id, id, number, location_id,
			department, needed_by, lines, note, requested_by) VALUES (current_setting('app.tenant_id')::uuid, $1, $2, $3, $4, $5, $6, $7, $8)
			RETURNING created_at`, r.ID, r.Number, r.LocationID, r.Department, r.NeededBy, lines, r.Note, r.RequestedBy).Scan(&r.CreatedAt))
	})
	return r, err
}

// Requisition returns requisition id. Needs orders.purchase.read.
// Returns NOT_FOUND, also for another tenant's.
func (s *Service) Requisition(ctx context.Context, id uuid.UUID) (Requisition, error) {
	if _, err := caller(ctx, PermPurchaseRead); err != nil {
		return Requisition{}, err
	}
	var r Requisition
	err := s.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) error {
		var lines []byte
		err := tx.QueryRow(ctx, `SELECT id, number, status, location_id, department, needed_by, lines, note,
			purchase_order_id, requested_by, created_at, version FROM orders.purchase_requisitions WHERE id = $1`, id).Scan(
			&r.ID, &r.Number, &r.Status, &r.LocationID, &r.Department, &r.NeededBy, &lines, &r.Note, &r.PurchaseOrderID,
			&r.RequestedBy, &r.CreatedAt, &r.Version)
		if errors.Is(err, pgx.ErrNoRows) {
			return errs.E(errs.NotFound, "no requisition %s", id)
		}
		if err != nil {
			return fmt.Errorf("read requisition: %w", err)
		}
		return json.Unmarshal(lines, &r.Lines)
	})
	return r, err
}

// orderRequisition marks open requisition id as ordered by order.
// Returns INVALID_ARGUMENT naming requisitionId when it is not open.
func orderRequisition(ctx context.Context, tx *db.Tx, id, order uuid.UUID) error {
	tag, err := tx.Exec(ctx, `UPDATE orders.purchase_requisitions SET status = 'ordered', purchase_order_id = $2,
		updated_at = now(), version = version + 1 WHERE id = $1 AND status = 'open'`, id, order)
	if err != nil {
		return db.Translate(err)
	}
	if tag.RowsAffected() == 0 {
		return errs.Field("requisitionId", "is not an open requisition of this tenant")
	}
	return nil
}
