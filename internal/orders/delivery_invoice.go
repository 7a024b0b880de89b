package orders

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/money"
)

// invoiceDelivery has finance make and submit the sales invoice of a
// delivery, at its order's prices, and records the invoice's id on the
// delivery. The workflow's activity calls it in a context acting for the
// tenant (s.acting). A delivery that has its invoice is left as it is;
// the invoicer's own key makes a retry after a crash between finance's
// answer and the record find the same invoice, so each delivery is
// invoiced once.
func (s *Service) invoiceDelivery(ctx context.Context, deliveryID uuid.UUID) error {
	if s.invoicer == nil {
		return errs.E(errs.FailedPrecondition, "the orders service has no finance service to invoice deliveries")
	}
	var d Delivery
	var o SalesOrder
	err := s.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) error {
		var err error
		if d, err = deliveryByID(ctx, tx, deliveryID); err != nil || d.InvoiceID != nil {
			return err
		}
		o, err = salesOrderByID(ctx, tx, d.OrderID, false)
		return err
	})
	if err != nil || d.InvoiceID != nil {
		return err
	}
	inv, err := deliveryInvoice(d, o)
	if err != nil {
		return err
	}
	id, err := s.invoicer.InvoiceDelivery(ctx, inv)
	if err != nil {
		return err
	}
	return s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		_, err := tx.Exec(ctx, `UPDATE orders.deliveries SET invoice_id = $2 WHERE id = $1 AND invoice_id IS NULL`,
			deliveryID, id)
		if err != nil {
			return fmt.Errorf("record the delivery's invoice: %w", db.Translate(err))
		}
		return nil
	})
}

// uninvoicedDeliveries lists the deliveries of an order that have no
// invoice yet, oldest first: what the order's workflow still has to
// invoice (invoiceDelivery) before settleSales can close it.
func (s *Service) uninvoicedDeliveries(ctx context.Context, orderID uuid.UUID) ([]uuid.UUID, error) {
	var out []uuid.UUID
	err := s.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) error {
		rows, err := tx.Query(ctx, `SELECT id FROM orders.deliveries WHERE order_id = $1 AND invoice_id IS NULL
			ORDER BY created_at, id`, orderID)
		if err != nil {
			return fmt.Errorf("list uninvoiced deliveries: %w", db.Translate(err))
		}
		out, err = pgx.CollectRows(rows, pgx.RowTo[uuid.UUID])
		return err
	})
	return out, err
}

// deliveryInvoice is the invoice of d: each delivered line at its order
// line's price, VAT category and unit.
func deliveryInvoice(d Delivery, o SalesOrder) (DeliveryInvoice, error) {
	cur := money.Currency(o.Currency)
	inv := DeliveryInvoice{DeliveryID: d.ID, Customer: o.CustomerID, Date: d.DeliveredOn.Format(time.DateOnly),
		Department: o.Department, Memo: fmt.Sprintf("Delivery challan %s of sales order %s", d.Number, o.Label()),
		Lines: make([]InvoiceLine, len(d.Lines))}
	for i, l := range d.Lines {
		ol, ok := o.line(l.Line)
		if !ok {
			return DeliveryInvoice{}, fmt.Errorf("delivery %s names line %d, which sales order %s does not have", d.Number, l.Line, o.Label())
		}
		inv.Lines[i] = InvoiceLine{ProductID: ol.ProductID, Description: ol.ProductName, Quantity: l.Quantity.String(),
			Unit: ol.Unit, UnitPrice: money.New(ol.UnitPrice, cur), VATCategory: ol.VATCategory}
	}
	return inv, nil
}
