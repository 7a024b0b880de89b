package orders

import (
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/qty"
)

// Movement kinds. Receipts and transfers in add stock; deliveries,
// issues and transfers out take it away.
const (
	MoveReceipt     = "receipt"
	MoveDelivery    = "delivery"
	MoveIssue       = "issue"
	MoveTransferOut = "transfer_out"
	MoveTransferIn  = "transfer_in"
)

// Movement sources: the document whose line moves the stock.
const (
	SourceGoodsReceipt = "goods_receipt"
	SourceDelivery     = "delivery"
	SourceIssue        = "issue"
	SourceTransfer     = "transfer"
)

// Movement is one change of stock that move applies: a product in or out
// of a location for one line of a source document.
type Movement struct {
	ProductID, LocationID uuid.UUID
	// ProductName names the product in the errors of move.
	ProductName string
	// Kind is one of the Move* kinds.
	Kind string
	// Quantity is positive; the kind gives the direction.
	Quantity qty.Qty
	// UnitCost is poisha per unit of an incoming receipt. Outgoing moves
	// go at the moving average cost; a transfer in takes the value its
	// transfer out (same source and line, in the same call) removed, or
	// UnitCost when there is none.
	UnitCost int64
	// SourceType is one of the Source* kinds, SourceID and SourceLine the
	// document and its line: the movement's key, which moves once.
	SourceType string
	SourceID   uuid.UUID
	SourceLine int
	// Project is the project an issue goes to.
	Project string
	// OccurredOn is the business date.
	OccurredOn time.Time
}

// incoming reports whether kind adds stock.
func incoming(kind string) bool { return kind == MoveReceipt || kind == MoveTransferIn }

// StockLevel is what one location holds of one product.
type StockLevel struct {
	ProductID  uuid.UUID
	LocationID uuid.UUID
	OnHand     qty.Qty
	// Committed is what confirmed sales orders hold for delivery.
	Committed qty.Qty
	// Value is the stock's cost in poisha; Value / OnHand is the moving
	// average cost.
	Value     int64
	UpdatedAt time.Time
}

// Available is what is on hand and not committed; negative when sales
// orders hold more than is on hand.
func (l StockLevel) Available() qty.Qty { return l.OnHand - l.Committed }

// AverageCost is the moving average cost of one unit in poisha, rounded
// half up; 0 when nothing is on hand.
func (l StockLevel) AverageCost() int64 { return averageCost(l.Value, l.OnHand) }

// StockMovement is one recorded change of stock. Quantity and Value are
// signed: positive in, negative out.
type StockMovement struct {
	ID          uuid.UUID
	ProductID   uuid.UUID
	LocationID  uuid.UUID
	Kind        string
	Quantity    qty.Qty
	Value       int64
	UnitCost    int64
	OnHandAfter qty.Qty
	SourceType  string
	SourceID    uuid.UUID
	SourceLine  int
	Project     string
	OccurredOn  time.Time
	CreatedBy   string
	CreatedAt   time.Time
}
