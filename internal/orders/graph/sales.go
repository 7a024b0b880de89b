package graph

import (
	"context"

	"github.com/vextrus/vextrus/internal/orders"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/graphqlx"
)

func (r *Resolver) createQuotation(ctx context.Context, input CreateQuotationInput) (*SalesOrder, error) {
	c := &errs.Collector{}
	customer, location := collectID(c, input.CustomerID, "customerId"), collectID(c, input.LocationID, "locationId")
	in := orders.QuotationInput{CustomerID: &customer, LocationID: &location, OrderDate: input.OrderDate,
		ValidUntil: input.ValidUntil, DeliveryAddress: input.DeliveryAddress, Department: input.Department, Memo: input.Memo,
		Lines: make([]orders.SalesLineInput, len(input.Lines))}
	for i, l := range input.Lines {
		in.Lines[i] = orders.SalesLineInput{ProductID: collectID(c, l.ProductID, line(i, "productId")), Quantity: l.Quantity,
			UnitPrice: collectMoney(c, l.UnitPrice, line(i, "unitPrice")), VATCategory: trim(l.VatCategory)}
	}
	if err := c.Err(); err != nil {
		return nil, inInput(err, "input")
	}
	o, err := r.Service.CreateQuotation(ctx, in)
	if err != nil {
		return nil, inInput(err, "input")
	}
	return toGraphSales(o), nil
}

func (r *Resolver) sales(ctx context.Context, id, name string) (*SalesOrder, error) {
	uid, err := parseID(id, name)
	if err != nil {
		return nil, err
	}
	o, err := r.Service.SalesOrder(ctx, uid)
	if err != nil {
		return nil, err
	}
	return toGraphSales(o), nil
}

// listSales is a page of quotations and sales orders, newest first.
func (r *Resolver) listSales(ctx context.Context, first *int, after *string, status *SalesOrderStatus, customerID *string) (*SalesOrderConnection, error) {
	f := orders.SalesFilter{Limit: deref(first), Cursor: deref(after), Status: lower(status)}
	if err := checkFirst(&f.Limit); err != nil {
		return nil, err
	}
	if customerID != nil {
		id, err := parseID(*customerID, "customerId")
		if err != nil {
			return nil, err
		}
		f.CustomerID = &id
	}
	list, next, err := r.Service.SalesOrders(ctx, f)
	if err != nil {
		return nil, graphqlx.AsPaging(err)
	}
	out := &SalesOrderConnection{Edges: make([]SalesOrderEdge, len(list)), PageInfo: pageInfo(next)}
	for i, o := range list {
		out.Edges[i] = SalesOrderEdge{Cursor: orders.SalesCursor(o), Node: toGraphSales(o)}
	}
	return out, nil
}

func (r *Resolver) deliver(ctx context.Context, id string, input DeliveryInput) (*Delivery, error) {
	uid, err := parseID(id, "id")
	if err != nil {
		return nil, err
	}
	in := orders.DeliveryInput{DeliveredOn: input.DeliveredOn, Vehicle: trim(input.Vehicle), Driver: trim(input.Driver),
		Note: trim(input.Note), Lines: make([]orders.DeliveryLineInput, len(input.Lines))}
	for i, l := range input.Lines {
		in.Lines[i] = orders.DeliveryLineInput{Line: l.Line, Quantity: l.Quantity}
	}
	d, err := r.Service.Deliver(ctx, uid, in)
	if err != nil {
		return nil, inInput(err, "input")
	}
	return toGraphDelivery(d), nil
}

func (r *Resolver) deliveries(ctx context.Context, orderID string) ([]Delivery, error) {
	uid, err := parseID(orderID, "id")
	if err != nil {
		return nil, err
	}
	list, err := r.Service.Deliveries(ctx, uid)
	if err != nil {
		return nil, err
	}
	out := make([]Delivery, len(list))
	for i, d := range list {
		out[i] = *toGraphDelivery(d)
	}
	return out, nil
}
