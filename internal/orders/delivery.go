package orders

import (
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/qty"
)

// The longest vehicle, driver and note a challan takes.
const (
	maxVehicle = 100
	maxDriver  = 200
	maxNote    = 1000
)

// Delivery is a delivery challan: goods of one sales order leaving its
// location for the customer. The order's number, customer and delivery
// address are read with it, as the challan prints them.
type Delivery struct {
	ID              uuid.UUID
	Number          string
	OrderID         uuid.UUID
	OrderNumber     string
	CustomerID      uuid.UUID
	CustomerName    string
	DeliveryAddress string
	LocationID      uuid.UUID
	DeliveredOn     time.Time
	Vehicle         string
	Driver          string
	Note            string
	Lines           []DeliveryLine
	// InvoiceID is finance's sales invoice of the delivery, once made.
	InvoiceID   *uuid.UUID
	DeliveredBy string
	CreatedAt   time.Time
}

// DeliveryLine is what one order line sent in a delivery.
type DeliveryLine struct {
	Line        int
	ProductID   uuid.UUID
	ProductName string
	Unit        string
	Quantity    qty.Qty
}

// DeliveryInput is a delivery as a client gives it.
type DeliveryInput struct {
	// DeliveredOn defaults to today in the tenant's timezone.
	DeliveredOn *time.Time
	Vehicle     string
	Driver      string
	Note        string
	Lines       []DeliveryLineInput
}

// DeliveryLineInput is the quantity of an order line to deliver.
type DeliveryLineInput struct {
	Line     int
	Quantity string
}

// deliveryLineRow is a line as deliveries.lines keeps it.
type deliveryLineRow struct {
	Line        int       `json:"line"`
	ProductID   uuid.UUID `json:"productId"`
	ProductName string    `json:"productName"`
	Unit        string    `json:"unit"`
	Quantity    int64     `json:"quantity"`
}

func toDeliveryRows(lines []DeliveryLine) []deliveryLineRow {
	out := make([]deliveryLineRow, len(lines))
	for i, l := range lines {
		out[i] = deliveryLineRow{Line: l.Line, ProductID: l.ProductID, ProductName: l.ProductName, Unit: l.Unit,
			Quantity: int64(l.Quantity)}
	}
	return out
}

func fromDeliveryRows(rows []deliveryLineRow) []DeliveryLine {
	out := make([]DeliveryLine, len(rows))
	for i, r := range rows {
		out[i] = DeliveryLine{Line: r.Line, ProductID: r.ProductID, ProductName: r.ProductName, Unit: r.Unit,
			Quantity: qty.Qty(r.Quantity)}
	}
	return out
}

// deliveredEvent is the goods.delivered event of d; its subject is the
// order, so it stays in order with the order's own events.
func deliveredEvent(d Delivery) events.Draft {
	ev := GoodsDeliveredEvent{ID: d.ID.String(), Number: d.Number, SalesOrderID: d.OrderID.String(),
		LocationID: d.LocationID.String(), DeliveredOn: d.DeliveredOn.Format(time.DateOnly),
		Lines: make([]DeliveryLineEvent, len(d.Lines))}
	for i, l := range d.Lines {
		ev.Lines[i] = DeliveryLineEvent{Line: l.Line, ProductID: l.ProductID.String(), Quantity: l.Quantity.String()}
	}
	return events.Draft{Type: EventGoodsDelivered, Subject: d.OrderID.String(), Data: ev}
}
