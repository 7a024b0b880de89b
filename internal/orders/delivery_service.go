package orders

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/qty"
	"github.com/vextrus/vextrus/internal/platform/tenantsettings"
)

// Deliver sends part or all of a confirmed sales order to its customer
// with a delivery challan, in one transaction: the delivery takes its
// challan number, each line's delivered quantity rises, the stock leaves
// the order's location (refused below zero), the committed quantity is
// released, the order becomes partially_delivered or delivered, and
// goods.delivered is emitted. Needs orders.sales.deliver. Returns
// INVALID_ARGUMENT naming lines[i].line and lines[i].quantity (more than
// is still to deliver), FAILED_PRECONDITION for an order not confirmed
// or stock the location does not have (naming the product); then
// nothing changes.
func (s *Service) Deliver(ctx context.Context, orderID uuid.UUID, in DeliveryInput) (Delivery, error) {
	p, err := caller(ctx, PermDeliver)
	if err != nil {
		return Delivery{}, err
	}
	st, err := s.tenantSettings(ctx)
	if err != nil {
		return Delivery{}, err
	}
	now := s.now().UTC()
	d := Delivery{ID: uuid.Must(uuid.NewV7()), OrderID: orderID, DeliveredOn: st.Today(now),
		Vehicle: strings.TrimSpace(in.Vehicle), Driver: strings.TrimSpace(in.Driver), Note: strings.TrimSpace(in.Note),
		DeliveredBy: p.UserID, CreatedAt: now}
	if in.DeliveredOn != nil {
		d.DeliveredOn = *in.DeliveredOn
	}
	quantities, err := checkDeliveryInput(d, in)
	if err != nil {
		return Delivery{}, err
	}
	err = s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		o, err := salesOrderByID(ctx, tx, orderID, true)
		if err != nil {
			return err
		}
		return s.deliverIn(ctx, tx, &o, &d, in.Lines, quantities, st)
	})
	if err != nil {
		return Delivery{}, err
	}
	return d, nil
}

// checkDeliveryInput checks what needs no order: the challan's text and
// each line's quantity, which it returns parsed.
func checkDeliveryInput(d Delivery, in DeliveryInput) ([]qty.Qty, error) {
	c := &errs.Collector{}
	c.Check(len(d.Vehicle) <= maxVehicle, "vehicle", "is at most %d characters", maxVehicle)
	c.Check(len(d.Driver) <= maxDriver, "driver", "is at most %d characters", maxDriver)
	c.Check(len(d.Note) <= maxNote, "note", "is at most %d characters", maxNote)
	switch {
	case len(in.Lines) == 0:
		c.Add("lines", "must have at least one line")
	case len(in.Lines) > maxSalesLines:
		c.Add("lines", "has %d lines; at most %d are taken", len(in.Lines), maxSalesLines)
	}
	quantities := make([]qty.Qty, len(in.Lines))
	seen := map[int]bool{}
	for i, l := range in.Lines {
		field := fmt.Sprintf("lines[%d]", i)
		c.Check(!seen[l.Line], field+".line", "names line %d twice", l.Line)
		seen[l.Line] = true
		q, err := qty.Parse(field+".quantity", l.Quantity)
		c.Merge("", err)
		quantities[i] = q
	}
	return quantities, c.Err()
}

// deliverIn delivers d of the locked order o in tx.
func (s *Service) deliverIn(ctx context.Context, tx *db.Tx, o *SalesOrder, d *Delivery, in []DeliveryLineInput,
	quantities []qty.Qty, st *tenantsettings.Settings) error {
	if o.Status != SalesConfirmed && o.Status != SalesPartiallyDelivered {
		return salesRefused("status", "sales order %s is %s; only a confirmed order is delivered", o.Label(), o.Status)
	}
	c := &errs.Collector{}
	c.Check(!d.DeliveredOn.Before(o.OrderDate), "deliveredOn", "must not be before the order date %s",
		o.OrderDate.Format(time.DateOnly))
	c.Check(!d.DeliveredOn.After(st.Today(d.CreatedAt)), "deliveredOn", "must not be after today: a challan goes with the goods")
	d.Lines = make([]DeliveryLine, len(in))
	for i, l := range in {
		field := fmt.Sprintf("lines[%d]", i)
		ol, ok := o.line(l.Line)
		if !ok {
			c.Add(field+".line", "sales order %s has no line %d", o.Label(), l.Line)
			continue
		}
		if quantities[i] > ol.Remaining() {
			c.Add(field+".quantity", "%s is more than the %s %s still to deliver on line %d", quantities[i], ol.Remaining(),
				ol.Unit, l.Line)
		}
		d.Lines[i] = DeliveryLine{Line: l.Line, ProductID: ol.ProductID, ProductName: ol.ProductName, Unit: ol.Unit,
			Quantity: quantities[i]}
	}
	if err := c.Err(); err != nil {
		return err
	}
	d.LocationID = o.LocationID
	d.OrderNumber, d.CustomerID, d.CustomerName, d.DeliveryAddress = o.Number, o.CustomerID, o.CustomerName, o.DeliveryAddress
	if err := s.moveDelivered(ctx, tx, o, *d); err != nil {
		return err
	}
	// The challan's number comes last: its sequence row stays locked
	// until commit, and every delivery of the tenant queues behind it.
	number, err := st.NextNumber(ctx, tx, Name, tenantsettings.DocDeliveryChallan, d.DeliveredOn)
	if err != nil {
		return err
	}
	d.Number = number
	if err := insertDelivery(ctx, tx, *d); err != nil {
		return err
	}
	o.Status = SalesDelivered
	if !o.fullyDelivered() {
		o.Status = SalesPartiallyDelivered
	}
	if err := saveSalesOrder(ctx, tx, o, d.CreatedAt); err != nil {
		return err
	}
	return s.emit(ctx, tx, deliveredEvent(*d))
}

// moveDelivered takes d's goods out of stock at o's location, releases
// what o held of them, and raises o's lines' delivered quantities.
func (s *Service) moveDelivered(ctx context.Context, tx *db.Tx, o *SalesOrder, d Delivery) error {
	ms := make([]Movement, len(d.Lines))
	for i, l := range d.Lines {
		ms[i] = Movement{ProductID: l.ProductID, LocationID: d.LocationID, ProductName: l.ProductName, Kind: MoveDelivery,
			Quantity: l.Quantity, SourceType: SourceDelivery, SourceID: d.ID, SourceLine: l.Line, OccurredOn: d.DeliveredOn}
	}
	if err := s.move(ctx, tx, ms...); err != nil {
		return err
	}
	delivered := make(map[int]qty.Qty, len(d.Lines))
	for _, l := range d.Lines {
		delivered[l.Line] = l.Quantity
	}
	for i := range o.Lines {
		o.Lines[i].Delivered += delivered[o.Lines[i].Line]
	}
	for _, l := range linesByProduct(o.Lines) {
		if q := delivered[l.Line]; q > 0 {
			if err := s.commit(ctx, tx, l.ProductID, d.LocationID, -q); err != nil {
				return err
			}
		}
	}
	return nil
}

// Deliveries lists a sales order's deliveries, oldest first. Needs
// orders.sales.read. Returns NOT_FOUND for an order the tenant does not
// have.
func (s *Service) Deliveries(ctx context.Context, orderID uuid.UUID) ([]Delivery, error) {
	if _, err := caller(ctx, PermSalesRead); err != nil {
		return nil, err
	}
	var out []Delivery
	err := s.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) error {
		if _, err := salesOrderByID(ctx, tx, orderID, false); err != nil {
			return err
		}
		var err error
		out, err = deliveriesOf(ctx, tx, orderID)
		return err
	})
	return out, err
}

// Delivery reads one delivery challan. Needs orders.sales.read. Returns
// NOT_FOUND, also for another tenant's id.
func (s *Service) Delivery(ctx context.Context, id uuid.UUID) (Delivery, error) {
	if _, err := caller(ctx, PermSalesRead); err != nil {
		return Delivery{}, err
	}
	var d Delivery
	err := s.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) error {
		var err error
		d, err = deliveryByID(ctx, tx, id)
		return err
	})
	return d, err
}
