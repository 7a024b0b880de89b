package orders

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/masterdata/mdclient"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/money"
	"github.com/vextrus/vextrus/internal/platform/qty"
	"github.com/vextrus/vextrus/internal/platform/tenantsettings"
)

// fillQuotation applies in to o, checking the customer and products
// against master data, and reports every field at fault at once.
func (s *Service) fillQuotation(ctx context.Context, o *SalesOrder, in QuotationInput, st *tenantsettings.Settings) error {
	if s.catalog == nil {
		return errs.E(errs.FailedPrecondition, "the orders service has no master data to check customers and products against")
	}
	c := &errs.Collector{}
	if in.CustomerID != nil {
		party, err := s.catalog.Customer(ctx, *in.CustomerID)
		switch {
		case errs.Is(err, errs.NotFound):
			c.Add("customerId", "is not a customer of the tenant in master data")
		case err != nil:
			return fmt.Errorf("master data customer: %w", err)
		case party.Blocked != "":
			c.Add("customerId", "names a customer that is %s in master data; no new document may name it", party.Blocked)
		default:
			if *in.CustomerID != o.CustomerID && in.DeliveryAddress == nil {
				o.DeliveryAddress = party.Address
			}
			o.CustomerID, o.CustomerName = *in.CustomerID, party.Name
		}
	}
	if in.LocationID != nil {
		o.LocationID = *in.LocationID
	}
	created := o.ValidUntil.IsZero()
	if in.OrderDate != nil {
		o.OrderDate = *in.OrderDate
	}
	switch {
	case in.ValidUntil != nil:
		o.ValidUntil = *in.ValidUntil
	case created:
		o.ValidUntil = o.OrderDate.Add(defaultValidity)
	}
	if o.ValidUntil.Before(o.OrderDate) {
		c.Add("validUntil", "must not be before the order date %s", o.OrderDate.Format(time.DateOnly))
	}
	text := func(field string, v *string, to *string, max int) {
		if v == nil {
			return
		}
		t := strings.TrimSpace(*v)
		c.Check(len(t) <= max, field, "is at most %d characters", max)
		*to = t
	}
	text("deliveryAddress", in.DeliveryAddress, &o.DeliveryAddress, 500)
	text("department", in.Department, &o.Department, 200)
	text("memo", in.Memo, &o.Memo, 1000)
	if in.Lines != nil {
		if err := s.fillSalesLines(ctx, c, o, in.Lines); err != nil {
			return err
		}
	}
	return c.Err()
}

// fillSalesLines replaces o's lines with in, completed from master data,
// and sets o's amount.
func (s *Service) fillSalesLines(ctx context.Context, c *errs.Collector, o *SalesOrder, in []SalesLineInput) error {
	switch {
	case len(in) == 0:
		c.Add("lines", "must have at least one line")
		return nil
	case len(in) > maxSalesLines:
		c.Add("lines", "has %d lines; at most %d are taken", len(in), maxSalesLines)
		return nil
	}
	var ids []uuid.UUID
	for _, l := range in {
		if !slices.Contains(ids, l.ProductID) {
			ids = append(ids, l.ProductID)
		}
	}
	found, err := s.catalog.Products(ctx, ids)
	if err != nil {
		return fmt.Errorf("master data products: %w", err)
	}
	cur := money.Currency(o.Currency)
	o.Lines, o.Amount = make([]SalesLine, len(in)), 0
	for i, l := range in {
		field := fmt.Sprintf("lines[%d]", i)
		o.Lines[i] = salesLine(c, field, i+1, l, found, cur)
		o.Amount += o.Lines[i].Amount
	}
	return nil
}

// salesLine checks and completes line n from in, naming field's parts.
func salesLine(c *errs.Collector, field string, n int, in SalesLineInput, found map[uuid.UUID]mdclient.Product, cur money.Currency) SalesLine {
	l := SalesLine{Line: n, ProductID: in.ProductID, VATCategory: strings.TrimSpace(in.VATCategory)}
	p, ok := found[in.ProductID]
	switch {
	case !ok:
		c.Add(field+".productId", "is not a product of the tenant in master data")
	case p.Archived:
		c.Add(field+".productId", "is an archived product in master data")
	default:
		l.ProductName, l.Unit = p.Name, p.Unit
		if l.VATCategory == "" {
			l.VATCategory = p.VATCategory
		}
	}
	c.Check(len(l.VATCategory) <= 60, field+".vatCategory", "is at most 60 characters")
	q, err := qty.Parse(field+".quantity", in.Quantity)
	c.Merge("", err)
	l.Quantity = q
	switch {
	case in.UnitPrice.Currency() == "":
		c.Add(field+".unitPrice", "is required")
	case in.UnitPrice.Currency() != cur:
		c.Add(field+".unitPrice", "must be in %s, the order's currency", cur)
	case in.UnitPrice.Sign() < 0:
		c.Add(field+".unitPrice", "must not be negative")
	default:
		l.UnitPrice = in.UnitPrice.Minor()
	}
	if err == nil {
		amount, err := q.Times(l.UnitPrice, cur)
		if err != nil {
			c.Add(field+".unitPrice", "makes an amount out of range")
		}
		l.Amount = amount.Minor()
	}
	return l
}

// updateQuotation writes o's content over the stored quotation and, when
// lines changed, its lines; it bumps the version.
func updateQuotation(ctx context.Context, tx *db.Tx, o *SalesOrder, lines bool, now time.Time) error {
	err := tx.QueryRow(ctx, `UPDATE orders.sales_orders SET customer_id = $2, customer_name = $3, location_id = $4,
			order_date = $5, valid_until = $6, delivery_address = $7, department = $8, memo = $9, amount = $10,
			updated_at = $11, version = version + 1
		WHERE id = $1 RETURNING version`,
		o.ID, o.CustomerID, o.CustomerName, o.LocationID, o.OrderDate, o.ValidUntil, o.DeliveryAddress, o.Department,
		o.Memo, o.Amount, now).Scan(&o.Version)
	if err != nil {
		return fmt.Errorf("save quotation: %w", db.Translate(err))
	}
	o.UpdatedAt = now
	if !lines {
		return nil
	}
	if _, err := tx.Exec(ctx, `DELETE FROM orders.sales_order_lines WHERE order_id = $1`, o.ID); err != nil {
		return fmt.Errorf("replace quotation lines: %w", db.Translate(err))
	}
	return insertSalesLines(ctx, tx, o)
}
