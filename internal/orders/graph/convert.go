package graph

import (
	"strings"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/orders"
	"github.com/vextrus/vextrus/internal/platform/money"
)

// The converters from the service's types to the schema's. References
// to other subgraphs' entities (Vendor, Product, Invoice...) carry only
// their id: the gateway fetches the rest from the subgraph that owns
// them. A Location is left to its field resolver, which reads it by the
// locationId set here.

func toGraphPurchase(o orders.PurchaseOrder) *PurchaseOrder {
	cur := money.Currency(o.Currency)
	out := &PurchaseOrder{ID: o.ID.String(), Number: optional(o.Number), Status: PurchaseOrderStatus(upper(o.Status)),
		Vendor: &Vendor{ID: o.VendorID.String()}, VendorID: o.VendorID.String(), VendorName: o.VendorName,
		LocationID: o.LocationID.String(), RequisitionID: optionalID(o.RequisitionID), OrderDate: o.OrderDate,
		DeliveryDate: o.DeliveryDate, Department: o.Department, Amount: amount(o.Amount, cur), Memo: o.Memo,
		Approval: approval(o.ApprovalID), Reason: optional(o.Reason), CreatedBy: o.CreatedBy, SubmittedAt: o.SubmittedAt,
		ApprovedAt: o.ApprovedAt, ClosedAt: o.ClosedAt, CreatedAt: o.CreatedAt, UpdatedAt: o.UpdatedAt, Version: o.Version,
		Lines: make([]PurchaseOrderLine, len(o.Lines)), Bills: make([]Invoice, len(o.Bills)),
		BillMatches: make([]OrderBill, len(o.Bills))}
	for i, l := range o.Lines {
		out.Lines[i] = PurchaseOrderLine{Line: l.Line, Product: product(l.ProductID), ProductID: l.ProductID.String(),
			ProductName: l.ProductName, Unit: l.Unit, VatCategory: l.VATCategory, Quantity: l.Quantity.String(),
			UnitPrice: amount(l.UnitPrice, cur), Amount: amount(l.Amount, cur), Received: l.Received.String(),
			Rejected: l.Rejected.String()}
	}
	for i, b := range o.Bills {
		out.Bills[i] = Invoice{ID: b.BillID.String()}
		reasons := b.Reasons
		if reasons == nil {
			reasons = []string{}
		}
		out.BillMatches[i] = OrderBill{Bill: &Invoice{ID: b.BillID.String()}, Status: OrderBillStatus(upper(b.Status)),
			Amount: amount(b.Amount, cur), Reasons: reasons}
	}
	return out
}

func toGraphReceipt(r orders.Receipt) *GoodsReceipt {
	out := &GoodsReceipt{ID: r.ID.String(), Number: r.Number, PurchaseOrderID: r.OrderID.String(),
		LocationID: r.LocationID.String(), ReceivedOn: r.ReceivedOn, ChallanRef: r.ChallanRef, Note: r.Note,
		ReceivedBy: r.ReceivedBy, CreatedAt: r.CreatedAt, Lines: make([]GoodsReceiptLine, len(r.Lines))}
	for i, l := range r.Lines {
		out.Lines[i] = GoodsReceiptLine{Line: l.Line, Product: product(l.ProductID), Accepted: l.Accepted.String(),
			Rejected: l.Rejected.String(), Reason: optional(l.Reason)}
	}
	return out
}

func toGraphRequisition(r orders.Requisition) *PurchaseRequisition {
	out := &PurchaseRequisition{ID: r.ID.String(), Number: r.Number, Status: RequisitionStatus(upper(r.Status)),
		LocationID: r.LocationID.String(), Department: r.Department, NeededBy: r.NeededBy, Note: r.Note,
		PurchaseOrderID: optionalID(r.PurchaseOrderID), RequestedBy: r.RequestedBy, CreatedAt: r.CreatedAt,
		Version: r.Version, Lines: make([]PurchaseRequisitionLine, len(r.Lines))}
	for i, l := range r.Lines {
		out.Lines[i] = PurchaseRequisitionLine{Product: product(l.ProductID), Quantity: l.Quantity.String(), Note: optional(l.Note)}
	}
	return out
}

func toGraphLocation(l orders.Location) *Location {
	return &Location{ID: l.ID.String(), Code: l.Code, Name: l.Name, Kind: LocationKind(upper(l.Kind)), Address: l.Address,
		Active: l.Active, Version: l.Version, CreatedAt: l.CreatedAt, UpdatedAt: l.UpdatedAt}
}

// upper is a service value (partially_received) as the schema's enum
// value (PARTIALLY_RECEIVED); lower is the reverse.
func upper(s string) string { return strings.ToUpper(s) }

func lower[E ~string](e *E) string {
	if e == nil {
		return ""
	}
	return strings.ToLower(string(*e))
}

func amount(poisha int64, cur money.Currency) *money.Amount {
	a := money.New(poisha, cur)
	return &a
}

func taka(poisha int64) *money.Amount { return amount(poisha, money.BDT) }

func product(id uuid.UUID) *Product { return &Product{ID: id.String()} }

func approval(id *uuid.UUID) *Approval {
	if id == nil {
		return nil
	}
	return &Approval{ID: id.String()}
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func optionalID(id *uuid.UUID) *string {
	if id == nil || *id == uuid.Nil {
		return nil
	}
	s := id.String()
	return &s
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
