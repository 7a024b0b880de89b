package orders

import (
	"strconv"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/httpx"
	"github.com/vextrus/vextrus/internal/platform/keyset"
)

// purchaseSorts are the fields a list of purchase orders sorts by, each
// backed by an index on (tenant_id, column, id) (migration 00004;
// created_at's is purchase_orders_list). The number is not among them: a
// draft has none. Without a sort the list is newest first.
var purchaseSorts = func() keyset.Sorts[PurchaseOrder] {
	id := func(o PurchaseOrder) uuid.UUID { return o.ID }
	return keyset.Sorts[PurchaseOrder]{IDColumn: "id", Fields: []keyset.Field[PurchaseOrder]{
		{Name: "createdAt", Column: "created_at", Type: "timestamptz", ID: id,
			Value: func(o PurchaseOrder) string { return keyset.Time(o.CreatedAt) }},
		{Name: "orderDate", Column: "order_date", Type: "date", ID: id,
			Value: func(o PurchaseOrder) string { return keyset.Date(o.OrderDate) }},
		{Name: "deliveryDate", Column: "delivery_date", Type: "date", ID: id,
			Value: func(o PurchaseOrder) string { return keyset.Date(o.DeliveryDate) }},
		{Name: "amount", Column: "amount", Type: "bigint", ID: id,
			Value: func(o PurchaseOrder) string { return strconv.FormatInt(o.Amount, 10) }},
		{Name: "vendor", Column: "vendor_name", Type: "text", ID: id,
			Value: func(o PurchaseOrder) string { return o.VendorName }},
	}}
}()

// PurchaseCursorOf is where a list of purchase orders read with f resumes
// after o, for the per-edge cursors of GraphQL connections.
func PurchaseCursorOf(f PurchaseFilter, o PurchaseOrder) string {
	if c, ok := purchaseSorts.CursorOf(f.Sort, o); ok {
		return c
	}
	return httpx.TimeCursor(o.CreatedAt, o.ID)
}
