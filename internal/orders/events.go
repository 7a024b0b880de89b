package orders

import (
	"github.com/vextrus/vextrus/internal/platform/money"
)

// The orders service's events (api/events/<type>.json), all on the topic
// of service orders. An order's events have the order as subject, so
// they stay in order; a receipt's and a delivery's have their order's id
// too. Stock movements have the product as subject.
const (
	EventPurchaseOrderCreated   = "vextrus.orders.purchase_order.created.v1"
	EventPurchaseOrderSubmitted = "vextrus.orders.purchase_order.submitted.v1"
	EventPurchaseOrderApproved  = "vextrus.orders.purchase_order.approved.v1"
	EventPurchaseOrderRejected  = "vextrus.orders.purchase_order.rejected.v1"
	EventPurchaseOrderCancelled = "vextrus.orders.purchase_order.cancelled.v1"
	EventPurchaseOrderClosed    = "vextrus.orders.purchase_order.closed.v1"
	EventGoodsReceived          = "vextrus.orders.goods.received.v1"

	EventSalesOrderCreated   = "vextrus.orders.sales_order.created.v1"
	EventSalesOrderConfirmed = "vextrus.orders.sales_order.confirmed.v1"
	EventSalesOrderCancelled = "vextrus.orders.sales_order.cancelled.v1"
	EventSalesOrderClosed    = "vextrus.orders.sales_order.closed.v1"
	EventGoodsDelivered      = "vextrus.orders.goods.delivered.v1"

	EventStockMoved = "vextrus.orders.stock.moved.v1"
)

// OrderLineEvent is an order's line as its events carry it.
type OrderLineEvent struct {
	Line      int          `json:"line"`
	ProductID string       `json:"productId"`
	Quantity  string       `json:"quantity"`
	UnitPrice money.Amount `json:"unitPrice"`
}

// PurchaseOrderEvent is the payload of every purchase_order event: the
// order as it stands after the change. finance keeps what it matches
// bills against from the approved event's lines.
type PurchaseOrderEvent struct {
	ID         string           `json:"id"`
	Number     string           `json:"number,omitempty"`
	Status     string           `json:"status"`
	VendorID   string           `json:"vendorId"`
	LocationID string           `json:"locationId"`
	Amount     money.Amount     `json:"amount"`
	Reason     string           `json:"reason,omitempty"`
	Lines      []OrderLineEvent `json:"lines"`
}

// ReceiptLineEvent is one order line's goods in a receipt.
type ReceiptLineEvent struct {
	Line      int    `json:"line"`
	ProductID string `json:"productId"`
	Accepted  string `json:"accepted"`
	Rejected  string `json:"rejected"`
}

// GoodsReceivedEvent is the payload of vextrus.orders.goods.received.v1.
type GoodsReceivedEvent struct {
	ID              string             `json:"id"`
	Number          string             `json:"number"`
	PurchaseOrderID string             `json:"purchaseOrderId"`
	LocationID      string             `json:"locationId"`
	ReceivedOn      string             `json:"receivedOn"`
	Lines           []ReceiptLineEvent `json:"lines"`
}

// SalesOrderEvent is the payload of every sales_order event.
type SalesOrderEvent struct {
	ID          string           `json:"id"`
	Number      string           `json:"number,omitempty"`
	QuoteNumber string           `json:"quoteNumber"`
	Status      string           `json:"status"`
	CustomerID  string           `json:"customerId"`
	LocationID  string           `json:"locationId"`
	Amount      money.Amount     `json:"amount"`
	Reason      string           `json:"reason,omitempty"`
	Lines       []OrderLineEvent `json:"lines"`
}

// DeliveryLineEvent is one order line's goods in a delivery.
type DeliveryLineEvent struct {
	Line      int    `json:"line"`
	ProductID string `json:"productId"`
	Quantity  string `json:"quantity"`
}

// GoodsDeliveredEvent is the payload of vextrus.orders.goods.delivered.v1.
type GoodsDeliveredEvent struct {
	ID           string              `json:"id"`
	Number       string              `json:"number"`
	SalesOrderID string              `json:"salesOrderId"`
	LocationID   string              `json:"locationId"`
	DeliveredOn  string              `json:"deliveredOn"`
	Lines        []DeliveryLineEvent `json:"lines"`
}

// StockMovedEvent is the payload of vextrus.orders.stock.moved.v1: one
// movement and the stock it left.
type StockMovedEvent struct {
	ID          string       `json:"id"`
	ProductID   string       `json:"productId"`
	LocationID  string       `json:"locationId"`
	Kind        string       `json:"kind"`
	Quantity    string       `json:"quantity"`
	Value       money.Amount `json:"value"`
	OnHandAfter string       `json:"onHandAfter"`
	SourceType  string       `json:"sourceType"`
	SourceID    string       `json:"sourceId"`
	OccurredOn  string       `json:"occurredOn"`
}
