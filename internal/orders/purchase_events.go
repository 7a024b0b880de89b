package orders

import (
	"github.com/vextrus/vextrus/internal/platform/events"
)

// purchaseEvent is typ of order o as it stands.
func purchaseEvent(typ string, o *PurchaseOrder) events.Draft {
	lines := make([]OrderLineEvent, len(o.Lines))
	for i, l := range o.Lines {
		lines[i] = OrderLineEvent{Line: l.Line, ProductID: l.ProductID.String(), Quantity: l.Quantity.String(),
			UnitPrice: o.money(l.UnitPrice)}
	}
	return events.Draft{Type: typ, Subject: o.ID.String(), Data: PurchaseOrderEvent{ID: o.ID.String(), Number: o.Number,
		Status: o.Status, VendorID: o.VendorID.String(), LocationID: o.LocationID.String(), Amount: o.money(o.Amount),
		Reason: o.Reason, Lines: lines}}
}
