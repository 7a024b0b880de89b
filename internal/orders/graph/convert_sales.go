package graph

import (
	"github.com/vextrus/vextrus/internal/orders"
	"github.com/vextrus/vextrus/internal/platform/money"
)

func toGraphSales(o orders.SalesOrder) *SalesOrder {
	cur := money.Currency(o.Currency)
	out := &SalesOrder{ID: o.ID.String(), Number: optional(o.Number), QuoteNumber: o.QuoteNumber,
		Status: SalesOrderStatus(upper(o.Status)), Customer: &Customer{ID: o.CustomerID.String()},
		CustomerID: o.CustomerID.String(), CustomerName: o.CustomerName, LocationID: o.LocationID.String(),
		OrderDate: o.OrderDate, ValidUntil: o.ValidUntil, DeliveryAddress: o.DeliveryAddress, Department: o.Department,
		Amount: amount(o.Amount, cur), Memo: o.Memo, Approval: approval(o.ApprovalID), Reason: optional(o.Reason),
		CreatedBy: o.CreatedBy, ConfirmedAt: o.ConfirmedAt, ClosedAt: o.ClosedAt, CreatedAt: o.CreatedAt,
		UpdatedAt: o.UpdatedAt, Version: o.Version, Lines: make([]SalesOrderLine, len(o.Lines))}
	if c := o.Credit; c != nil {
		out.Credit = &CreditCheck{Decision: c.Decision, Reason: c.Reason, Amount: amount(c.Amount, cur),
			Outstanding: amount(c.Outstanding, cur), OverdueDays: c.OverdueDays, Available: amount(c.Available, cur),
			CheckedBy: c.CheckedBy, CheckedAt: c.CheckedAt}
		if c.CreditLimit != nil {
			out.Credit.CreditLimit = amount(*c.CreditLimit, cur)
		}
	}
	for i, l := range o.Lines {
		out.Lines[i] = SalesOrderLine{Line: l.Line, Product: product(l.ProductID), ProductID: l.ProductID.String(),
			ProductName: l.ProductName, Unit: l.Unit, VatCategory: l.VATCategory, Quantity: l.Quantity.String(),
			UnitPrice: amount(l.UnitPrice, cur), Amount: amount(l.Amount, cur), Delivered: l.Delivered.String()}
	}
	return out
}

func toGraphDelivery(d orders.Delivery) *Delivery {
	out := &Delivery{ID: d.ID.String(), Number: d.Number, SalesOrderID: d.OrderID.String(), OrderNumber: d.OrderNumber,
		Customer: &Customer{ID: d.CustomerID.String()}, CustomerName: d.CustomerName, DeliveryAddress: d.DeliveryAddress,
		LocationID: d.LocationID.String(), DeliveredOn: d.DeliveredOn, Vehicle: d.Vehicle, Driver: d.Driver, Note: d.Note,
		DeliveredBy: d.DeliveredBy, CreatedAt: d.CreatedAt, Lines: make([]DeliveryLine, len(d.Lines))}
	if d.InvoiceID != nil {
		out.Invoice = &Invoice{ID: d.InvoiceID.String()}
	}
	for i, l := range d.Lines {
		out.Lines[i] = DeliveryLine{Line: l.Line, Product: product(l.ProductID), ProductName: l.ProductName, Unit: l.Unit,
			Quantity: l.Quantity.String()}
	}
	return out
}

// Stock is valued in taka, the ledger's currency.

func toGraphStockLevel(l orders.StockLevel) *StockLevel {
	return &StockLevel{Product: product(l.ProductID), ProductID: l.ProductID.String(), LocationID: l.LocationID.String(),
		OnHand: l.OnHand.String(), Committed: l.Committed.String(), Available: l.Available().String(),
		Value: taka(l.Value), AverageCost: taka(l.AverageCost()), UpdatedAt: l.UpdatedAt}
}

func toGraphMovement(m orders.StockMovement) *StockMovement {
	return &StockMovement{ID: m.ID.String(), Product: product(m.ProductID), ProductID: m.ProductID.String(),
		LocationID: m.LocationID.String(), Kind: StockMovementKind(upper(m.Kind)), Quantity: m.Quantity.String(),
		Value: taka(m.Value), UnitCost: taka(m.UnitCost), OnHandAfter: m.OnHandAfter.String(), SourceType: m.SourceType,
		SourceID: m.SourceID.String(), SourceLine: m.SourceLine, Project: optional(m.Project), OccurredOn: m.OccurredOn,
		CreatedBy: m.CreatedBy, CreatedAt: m.CreatedAt}
}

func toGraphStockDocument(d orders.StockDocument) *StockDocument {
	out := &StockDocument{ID: d.ID.String(), Number: d.Number, Kind: StockDocumentKind(upper(d.Kind)),
		LocationID: d.LocationID.String(), ToLocationID: optionalID(&d.ToLocationID), Project: optional(d.Project),
		Date: d.Date, Note: d.Note, CreatedBy: d.CreatedBy, CreatedAt: d.CreatedAt, Lines: make([]StockDocumentLine, len(d.Lines))}
	for i, l := range d.Lines {
		out.Lines[i] = StockDocumentLine{Line: l.Line, Product: product(l.ProductID), Quantity: l.Quantity.String(),
			UnitCost: taka(l.UnitCost), Value: taka(l.Value)}
	}
	return out
}
