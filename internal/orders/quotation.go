package orders

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/money"
	"github.com/vextrus/vextrus/internal/platform/tenantsettings"
)

// QuotationInput is a quotation as a client gives it. On create
// CustomerID, LocationID and Lines are required and the rest defaults;
// on update a nil field (nil Lines) keeps what the quotation has, and
// Lines, when given, replace all of its lines.
type QuotationInput struct {
	CustomerID *uuid.UUID
	LocationID *uuid.UUID
	// OrderDate defaults to today in the tenant's timezone.
	OrderDate *time.Time
	// ValidUntil defaults to 30 days after OrderDate.
	ValidUntil *time.Time
	// DeliveryAddress defaults to the customer's address.
	DeliveryAddress *string
	Department      *string
	Memo            *string
	Lines           []SalesLineInput
}

// SalesLineInput is one product of a quotation. VATCategory defaults to
// the product's in master data.
type SalesLineInput struct {
	ProductID   uuid.UUID
	Quantity    string
	UnitPrice   money.Amount
	VATCategory string
}

// CreateQuotation records a quotation for a customer of master data,
// numbered from the tenant's quotation sequence. Needs
// orders.sales.write. Returns INVALID_ARGUMENT naming customerId (not a
// customer, or blocked), locationId and lines[i].productId, .quantity
// and .unitPrice.
func (s *Service) CreateQuotation(ctx context.Context, in QuotationInput) (SalesOrder, error) {
	p, err := caller(ctx, PermSalesWrite)
	if err != nil {
		return SalesOrder{}, err
	}
	st, err := s.tenantSettings(ctx)
	if err != nil {
		return SalesOrder{}, err
	}
	now := s.now().UTC()
	o := SalesOrder{ID: uuid.Must(uuid.NewV7()), Status: SalesQuotation, OrderDate: st.Today(now), Currency: string(money.BDT),
		CreatedBy: p.UserID, CreatedAt: now, UpdatedAt: now, Version: 1}
	c := &errs.Collector{}
	c.Check(in.CustomerID != nil, "customerId", "is required")
	c.Check(in.LocationID != nil, "locationId", "is required")
	c.Check(len(in.Lines) > 0, "lines", "must have at least one line")
	if err := c.Err(); err != nil {
		return SalesOrder{}, err
	}
	if err := s.fillQuotation(ctx, &o, in, st); err != nil {
		return SalesOrder{}, err
	}
	err = s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		if _, err := s.requireLocation(ctx, tx, "locationId", o.LocationID); err != nil {
			return err
		}
		n, err := st.NextNumber(ctx, tx, Name, tenantsettings.DocQuotation, o.OrderDate)
		if err != nil {
			return err
		}
		o.QuoteNumber = n
		if err := insertSalesOrder(ctx, tx, &o); err != nil {
			return err
		}
		return s.emit(ctx, tx, salesEvent(EventSalesOrderCreated, o))
	})
	if err != nil {
		return SalesOrder{}, err
	}
	return o, nil
}

// UpdateQuotation changes a quotation from expectedVersion: the fields
// in gives replace the quotation's. Needs orders.sales.write. Returns
// FAILED_PRECONDITION once the quotation is confirmed or cancelled,
// CONFLICT (stale) when it moved past expectedVersion, and the field
// errors of CreateQuotation.
func (s *Service) UpdateQuotation(ctx context.Context, id uuid.UUID, expectedVersion int, in QuotationInput) (SalesOrder, error) {
	if _, err := caller(ctx, PermSalesWrite); err != nil {
		return SalesOrder{}, err
	}
	st, err := s.tenantSettings(ctx)
	if err != nil {
		return SalesOrder{}, err
	}
	cur, err := s.SalesOrder(ctx, id)
	if err != nil {
		return SalesOrder{}, err
	}
	if err := quotationOpen(cur, expectedVersion); err != nil {
		return SalesOrder{}, err
	}
	next := cur
	if err := s.fillQuotation(ctx, &next, in, st); err != nil {
		return SalesOrder{}, err
	}
	err = s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		locked, err := salesOrderByID(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if err := quotationOpen(locked, cur.Version); err != nil {
			return err
		}
		if next.LocationID != cur.LocationID {
			if _, err := s.requireLocation(ctx, tx, "locationId", next.LocationID); err != nil {
				return err
			}
		}
		return updateQuotation(ctx, tx, &next, in.Lines != nil, s.now().UTC())
	})
	if err != nil {
		return SalesOrder{}, err
	}
	return next, nil
}

// quotationOpen refuses a change to o unless it is a quotation at
// expectedVersion (0: any).
func quotationOpen(o SalesOrder, expectedVersion int) error {
	if expectedVersion > 0 && o.Version != expectedVersion {
		return errs.Stale("quotation %s is at version %d, not %d", o.Label(), o.Version, expectedVersion)
	}
	if o.Status != SalesQuotation {
		return &errs.Error{Code: errs.FailedPrecondition, Message: "sales order " + o.Label() + " is " + o.Status +
			"; only a quotation is changed", Fields: []errs.FieldError{{Field: "status", Message: "is " + o.Status}}}
	}
	return nil
}

// SalesOrder reads one quotation or sales order. Needs orders.sales.read.
// Returns NOT_FOUND, also for another tenant's id.
func (s *Service) SalesOrder(ctx context.Context, id uuid.UUID) (SalesOrder, error) {
	if _, err := caller(ctx, PermSalesRead); err != nil {
		return SalesOrder{}, err
	}
	var o SalesOrder
	err := s.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) error {
		var err error
		o, err = salesOrderByID(ctx, tx, id, false)
		return err
	})
	return o, err
}

// SalesOrders lists quotations and sales orders, newest first, with the
// cursor of the next page ("" on the last). Needs orders.sales.read.
func (s *Service) SalesOrders(ctx context.Context, f SalesFilter) ([]SalesOrder, string, error) {
	if _, err := caller(ctx, PermSalesRead); err != nil {
		return nil, "", err
	}
	if f.Limit <= 0 {
		f.Limit = 50
	}
	var out []SalesOrder
	var next string
	err := s.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) error {
		var err error
		out, next, err = listSalesOrders(ctx, tx, f)
		return err
	})
	return out, next, err
}
