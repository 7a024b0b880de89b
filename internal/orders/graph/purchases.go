package graph

import (
	"context"

	"github.com/vextrus/vextrus/internal/orders"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/graphqlx"
	"github.com/vextrus/vextrus/internal/platform/qty"
)

// fromGraphPurchase reads a new purchase order; the service checks the
// rest (vendor, products, dates) and names what is wrong.
func fromGraphPurchase(in CreatePurchaseOrderInput) (orders.PurchaseInput, error) {
	c := &errs.Collector{}
	out := orders.PurchaseInput{VendorID: collectID(c, in.VendorID, "vendorId"), LocationID: collectID(c, in.LocationID, "locationId"),
		OrderDate: deref(in.OrderDate), DeliveryDate: in.DeliveryDate, Department: trim(in.Department), Memo: trim(in.Memo),
		Lines: make([]orders.LineInput, len(in.Lines))}
	if in.RequisitionID != nil {
		id := collectID(c, *in.RequisitionID, "requisitionId")
		out.RequisitionID = &id
	}
	for i, l := range in.Lines {
		out.Lines[i] = orders.LineInput{ProductID: collectID(c, l.ProductID, line(i, "productId")), Quantity: l.Quantity,
			UnitPrice: collectMoney(c, l.UnitPrice, line(i, "unitPrice")), VATCategory: trim(l.VatCategory)}
	}
	return out, c.Err()
}

func (r *Resolver) createPurchase(ctx context.Context, input CreatePurchaseOrderInput) (*PurchaseOrder, error) {
	in, err := fromGraphPurchase(input)
	if err != nil {
		return nil, inInput(err, "input")
	}
	o, err := r.Service.CreatePurchaseOrder(ctx, in)
	if err != nil {
		return nil, inInput(err, "input")
	}
	return toGraphPurchase(o), nil
}

func (r *Resolver) purchase(ctx context.Context, id, name string) (*PurchaseOrder, error) {
	uid, err := parseID(id, name)
	if err != nil {
		return nil, err
	}
	o, err := r.Service.PurchaseOrder(ctx, uid)
	if err != nil {
		return nil, err
	}
	return toGraphPurchase(o), nil
}

// listPurchases is a page of purchase orders, newest first.
func (r *Resolver) listPurchases(ctx context.Context, first *int, after *string, status *PurchaseOrderStatus, vendorID, sort *string) (*PurchaseOrderConnection, error) {
	f := orders.PurchaseFilter{Limit: deref(first), Cursor: deref(after), Status: lower(status), Sort: deref(sort)}
	if err := checkFirst(&f.Limit); err != nil {
		return nil, err
	}
	if vendorID != nil {
		id, err := parseID(*vendorID, "vendorId")
		if err != nil {
			return nil, err
		}
		f.VendorID = &id
	}
	list, next, err := r.Service.PurchaseOrders(ctx, f)
	if err != nil {
		return nil, graphqlx.AsPaging(err)
	}
	out := &PurchaseOrderConnection{Edges: make([]PurchaseOrderEdge, len(list)), PageInfo: pageInfo(next)}
	for i, o := range list {
		out.Edges[i] = PurchaseOrderEdge{Cursor: orders.PurchaseCursorOf(f, o), Node: toGraphPurchase(o)}
	}
	return out, nil
}

func (r *Resolver) recordReceipt(ctx context.Context, orderID string, input GoodsReceiptInput) (*GoodsReceipt, error) {
	uid, err := parseID(orderID, "purchaseOrderId")
	if err != nil {
		return nil, err
	}
	in := orders.ReceiptInput{ReceivedOn: deref(input.ReceivedOn), ChallanRef: trim(input.ChallanRef), Note: trim(input.Note),
		Lines: make([]orders.ReceiptLineInput, len(input.Lines))}
	for i, l := range input.Lines {
		in.Lines[i] = orders.ReceiptLineInput{Line: l.Line, Accepted: l.Accepted, Rejected: deref(l.Rejected), Reason: trim(l.Reason)}
	}
	rc, err := r.Service.RecordReceipt(ctx, uid, in)
	if err != nil {
		return nil, inInput(err, "input")
	}
	return toGraphReceipt(rc), nil
}

func (r *Resolver) receipts(ctx context.Context, orderID string) ([]GoodsReceipt, error) {
	uid, err := parseID(orderID, "id")
	if err != nil {
		return nil, err
	}
	list, err := r.Service.Receipts(ctx, uid)
	if err != nil {
		return nil, err
	}
	out := make([]GoodsReceipt, len(list))
	for i, rc := range list {
		out[i] = *toGraphReceipt(rc)
	}
	return out, nil
}

func (r *Resolver) createRequisition(ctx context.Context, input CreatePurchaseRequisitionInput) (*PurchaseRequisition, error) {
	c := &errs.Collector{}
	in := orders.RequisitionInput{LocationID: collectID(c, input.LocationID, "locationId"), Department: trim(input.Department),
		NeededBy: input.NeededBy, Note: trim(input.Note), Lines: make([]orders.RequisitionLineInput, len(input.Lines))}
	for i, l := range input.Lines {
		in.Lines[i] = orders.RequisitionLineInput{ProductID: collectID(c, l.ProductID, line(i, "productId")), Quantity: l.Quantity,
			Note: trim(l.Note)}
	}
	if err := c.Err(); err != nil {
		return nil, inInput(err, "input")
	}
	rq, err := r.Service.CreateRequisition(ctx, in)
	if err != nil {
		return nil, inInput(err, "input")
	}
	return toGraphRequisition(rq), nil
}

// stockLines reads the lines of an issue or a transfer into c.
func stockLines(c *errs.Collector, in []StockLineInput) []orders.StockLine {
	out := make([]orders.StockLine, len(in))
	for i, l := range in {
		q, err := qty.Parse(line(i, "quantity"), l.Quantity)
		c.Merge("", err)
		out[i] = orders.StockLine{ProductID: collectID(c, l.ProductID, line(i, "productId")), Quantity: q}
	}
	return out
}

// checkFirst bounds a page's size as the REST lists do: 50 when not
// given, at most 200.
func checkFirst(n *int) error {
	switch {
	case *n == 0:
		*n = 50
	case *n < 0 || *n > 200:
		return errs.Field("first", "must be between 1 and 200")
	}
	return nil
}

func pageInfo(next string) *PageInfo {
	return &PageInfo{HasNextPage: next != "", EndCursor: optional(next)}
}
