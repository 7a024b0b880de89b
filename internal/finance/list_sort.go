package finance

import (
	"strconv"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/httpx"
	"github.com/vextrus/vextrus/internal/platform/keyset"
)

// invoiceSorts are the fields a list of invoices sorts by, each backed by
// an index on (tenant_id, column, id) (migration 00005; created_at's is
// invoices_list). Without a sort the list is newest first.
var invoiceSorts = func() keyset.Sorts[Invoice] {
	id := func(inv Invoice) uuid.UUID { return inv.ID }
	return keyset.Sorts[Invoice]{IDColumn: "id", Fields: []keyset.Field[Invoice]{
		{Name: "createdAt", Column: "created_at", Type: "timestamptz", ID: id,
			Value: func(inv Invoice) string { return keyset.Time(inv.CreatedAt) }},
		{Name: "date", Column: "invoice_date", Type: "date", ID: id,
			Value: func(inv Invoice) string { return keyset.Date(inv.Date) }},
		{Name: "dueDate", Column: "due_date", Type: "date", ID: id,
			Value: func(inv Invoice) string { return keyset.Date(inv.DueDate) }},
		{Name: "total", Column: "total", Type: "bigint", ID: id,
			Value: func(inv Invoice) string { return strconv.FormatInt(inv.Total, 10) }},
		{Name: "party", Column: "party_name", Type: "text", ID: id,
			Value: func(inv Invoice) string { return inv.Party.Name }},
	}}
}()

// paymentSorts are the fields a list of payments sorts by; number is
// unique per tenant, the others have an index on (tenant_id, column, id)
// (migration 00005; date's is payments_date). Without a sort the list is
// by date, newest first.
var paymentSorts = func() keyset.Sorts[Payment] {
	id := func(p Payment) uuid.UUID { return p.ID }
	return keyset.Sorts[Payment]{IDColumn: "id", Fields: []keyset.Field[Payment]{
		{Name: "date", Column: "date", Type: "date", ID: id,
			Value: func(p Payment) string { return keyset.Date(p.Date) }},
		{Name: "number", Column: "number", Type: "text", Unique: true, ID: id,
			Value: func(p Payment) string { return p.Number }},
		{Name: "amount", Column: "amount", Type: "bigint", ID: id,
			Value: func(p Payment) string { return strconv.FormatInt(p.Amount.Minor(), 10) }},
		{Name: "createdAt", Column: "created_at", Type: "timestamptz", ID: id,
			Value: func(p Payment) string { return keyset.Time(p.CreatedAt) }},
	}}
}()

// InvoiceCursor is the cursor that continues a list read with f after
// inv, for the per-edge cursors of GraphQL connections.
func InvoiceCursor(f InvoiceFilter, inv Invoice) string {
	if c, ok := invoiceSorts.CursorOf(f.Sort, inv); ok {
		return c
	}
	return httpx.TimeCursor(inv.CreatedAt, inv.ID)
}

// PaymentCursor is the cursor that continues a list read with f after p.
func PaymentCursor(f PaymentFilter, p Payment) string {
	if c, ok := paymentSorts.CursorOf(f.Sort, p); ok {
		return c
	}
	return encodeKeyCursor(keyCursor{Date: p.Date, ID: p.ID})
}
