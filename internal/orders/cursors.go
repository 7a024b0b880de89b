package orders

import (
	"github.com/vextrus/vextrus/internal/platform/httpx"
)

// The cursors of single items, so a GraphQL connection can give each
// edge the cursor its list would resume after: the same cursors the
// lists' NextCursor writes for their last item.

// SalesCursor is where a list of sales orders resumes after o.
func SalesCursor(o SalesOrder) string { return httpx.TimeCursor(o.CreatedAt, o.ID) }

// LocationCursor is where a list of locations resumes after l.
func LocationCursor(l Location) string { return cursorOf(l.Code) }

// StockCursor is where a list of stock levels resumes after l.
func StockCursor(l StockLevel) string { return cursorOf(l.ProductID.String(), l.LocationID.String()) }

// MovementCursor is where a list of movements resumes after m.
func MovementCursor(m StockMovement) string { return httpx.TimeCursor(m.CreatedAt, m.ID) }
