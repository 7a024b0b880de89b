package orders

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/qty"
	"github.com/vextrus/vextrus/internal/platform/tenantsettings"
)

// Receipt is a goods receipt (GRN): what arrived against a purchase
// order, accepted into stock at the order's price or rejected.
type Receipt struct {
	ID         uuid.UUID
	Number     string
	OrderID    uuid.UUID
	LocationID uuid.UUID
	ReceivedOn time.Time
	ChallanRef string
	Note       string
	Lines      []ReceiptLine
	ReceivedBy string
	CreatedAt  time.Time
}

// ReceiptLine is one order line's goods in a receipt.
type ReceiptLine struct {
	Line      int       `json:"line"`
	ProductID uuid.UUID `json:"productId"`
	Accepted  qty.Qty   `json:"accepted"`
	Rejected  qty.Qty   `json:"rejected"`
	Reason    string    `json:"reason,omitempty"`
}

// ReceiptInput is a receipt as the store keeper records it.
type ReceiptInput struct {
	// ReceivedOn zero is today in the tenant's zone.
	ReceivedOn time.Time
	// ChallanRef is the vendor's delivery challan number.
	ChallanRef string
	Note       string
	Lines      []ReceiptLineInput
}

// ReceiptLineInput is one order line's goods as counted.
type ReceiptLineInput struct {
	Line     int
	Accepted string
	Rejected string
	Reason   string
}

// RecordReceipt records goods received against approved order id: the
// accepted quantities go into stock at the order's location at the
// order's unit price, in the same transaction as the receipt, and the
// order becomes partially received or received. Accepted quantities
// never pass what was ordered. Needs orders.purchase.receive. Returns
// INVALID_ARGUMENT naming lines, FAILED_PRECONDITION for an order not
// issued or already complete.
func (s *Service) RecordReceipt(ctx context.Context, id uuid.UUID, in ReceiptInput) (Receipt, error) {
	p, err := caller(ctx, PermReceive)
	if err != nil {
		return Receipt{}, err
	}
	today, err := s.today(ctx)
	if err != nil {
		return Receipt{}, err
	}
	r := Receipt{ID: uuid.Must(uuid.NewV7()), OrderID: id, ReceivedOn: in.ReceivedOn, ChallanRef: in.ChallanRef,
		Note: in.Note, ReceivedBy: p.UserID}
	if r.ReceivedOn.IsZero() {
		r.ReceivedOn = today
	}
	err = s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		o, err := purchaseByID(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if o.Status != StatusApproved && o.Status != StatusPartiallyReceived {
			return errs.E(errs.FailedPrecondition, "purchase order %s is %s; goods are received against an issued order", id, o.Status)
		}
		r.LocationID = o.LocationID
		if err := receiptLines(&o, &r, in); err != nil {
			return err
		}
		if r.Number, err = s.nextNumber(ctx, tx, tenantsettings.DocGoodsReceipt, r.ReceivedOn); err != nil {
			return err
		}
		if err := insertReceipt(ctx, tx, &r); err != nil {
			return err
		}
		moves := make([]Movement, 0, len(r.Lines))
		for _, l := range r.Lines {
			pl := &o.Lines[l.Line-1]
			pl.Received += l.Accepted
			pl.Rejected += l.Rejected
			tx.Defer(`UPDATE orders.purchase_order_lines SET received = $3, rejected = $4 WHERE order_id = $1 AND line = $2`,
				o.ID, pl.Line, pl.Received, pl.Rejected)
			if l.Accepted > 0 {
				moves = append(moves, Movement{ProductID: pl.ProductID, LocationID: o.LocationID, ProductName: pl.ProductName,
					Kind: MoveReceipt, Quantity: l.Accepted, UnitCost: pl.UnitPrice, SourceType: "goods_receipt",
					SourceID: r.ID, SourceLine: l.Line, OccurredOn: r.ReceivedOn})
			}
		}
		if err := s.move(ctx, tx, moves...); err != nil {
			return err
		}
		o.Status = StatusReceived
		for _, l := range o.Lines {
			if l.Received < l.Quantity {
				o.Status = StatusPartiallyReceived
			}
		}
		if err := setPurchaseStatus(ctx, tx, &o); err != nil {
			return err
		}
		return s.emit(ctx, tx, receiptEvent(&r))
	})
	return r, err
}

// receiptLines validates in's lines against order o into r.
func receiptLines(o *PurchaseOrder, r *Receipt, in ReceiptInput) error {
	c := &errs.Collector{}
	c.Check(len(in.ChallanRef) <= 100, "challanRef", "must be at most 100 characters")
	c.Check(len(in.Note) <= 1000, "note", "must be at most 1000 characters")
	c.Check(len(in.Lines) > 0, "lines", "must have at least one line")
	seen := map[int]bool{}
	for i, l := range in.Lines {
		f := lineField(i)
		if l.Line < 1 || l.Line > len(o.Lines) {
			c.Add(f+".line", "must be a line of the order, 1 to %d", len(o.Lines))
			continue
		}
		if seen[l.Line] {
			c.Add(f+".line", "names order line %d twice", l.Line)
			continue
		}
		seen[l.Line] = true
		acc, err := qty.ParseNonNegative(f+".accepted", orZero(l.Accepted))
		c.Merge("", err)
		rej, err := qty.ParseNonNegative(f+".rejected", orZero(l.Rejected))
		c.Merge("", err)
		c.Check(acc+rej > 0, f, "receives nothing: accepted and rejected are both zero")
		c.Check(len(l.Reason) <= 500, f+".reason", "must be at most 500 characters")
		pl := o.Lines[l.Line-1]
		if left := pl.Quantity - pl.Received; acc > left {
			c.Add(f+".accepted", "is %s %s but only %s of line %d is still to come", acc, pl.Unit, left, l.Line)
		}
		r.Lines = append(r.Lines, ReceiptLine{Line: l.Line, ProductID: pl.ProductID, Accepted: acc, Rejected: rej, Reason: l.Reason})
	}
	return c.Err()
}

func orZero(s string) string {
	if s == "" {
		return "0"
	}
	return s
}

func insertReceipt(ctx context.Context, tx *db.Tx, r *Receipt) error {
	lines, err := json.Marshal(r.Lines)
	if err != nil {
		return err
	}
	return db.Translate(tx.QueryRow(ctx, `INSERT INTO orders.goods_receipts (tenant_id, id, number, order_id, location_id,
		received_on, challan_ref, note, lines, received_by) VALUES (current_setting('app.tenant_id')::uuid, $1, $2, $3, $4, $5, $6, $7, $8, $9)
		RETURNING created_at`, r.ID, r.Number, r.OrderID, r.LocationID, r.ReceivedOn, r.ChallanRef, r.Note, lines,
		r.ReceivedBy).Scan(&r.CreatedAt))
}

// Receipts returns the receipts of order id, oldest first. Needs
// orders.purchase.read.
func (s *Service) Receipts(ctx context.Context, id uuid.UUID) ([]Receipt, error) {
	if _, err := caller(ctx, PermPurchaseRead); err != nil {
		return nil, err
	}
	var out []Receipt
	err := s.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) error {
		if _, err := purchaseByID(ctx, tx, id, false); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT id, number, order_id, location_id, received_on, challan_ref, note, lines,
			received_by, created_at FROM orders.goods_receipts WHERE order_id = $1 ORDER BY created_at, id`, id)
		if err != nil {
			return fmt.Errorf("read receipts: %w", err)
		}
		out, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (Receipt, error) {
			var r Receipt
			var lines []byte
			if err := row.Scan(&r.ID, &r.Number, &r.OrderID, &r.LocationID, &r.ReceivedOn, &r.ChallanRef, &r.Note,
				&lines, &r.ReceivedBy, &r.CreatedAt); err != nil {
				return r, err
			}
			return r, json.Unmarshal(lines, &r.Lines)
		})
		return err
	})
	return out, err
}

func receiptEvent(r *Receipt) events.Draft {
	lines := make([]ReceiptLineEvent, len(r.Lines))
	for i, l := range r.Lines {
		lines[i] = ReceiptLineEvent{Line: l.Line, ProductID: l.ProductID.String(), Accepted: l.Accepted.String(),
			Rejected: l.Rejected.String()}
	}
	return events.Draft{Type: EventGoodsReceived, Subject: r.OrderID.String(), Data: GoodsReceivedEvent{ID: r.ID.String(),
		Number: r.Number, PurchaseOrderID: r.OrderID.String(), LocationID: r.LocationID.String(),
		ReceivedOn: r.ReceivedOn.Format(DateLayout), Lines: lines}}
}
