package graph

import (
	"context"
	"strings"

	"github.com/vextrus/vextrus/internal/finance"
)

// createInvoice keeps the draft of input.
func (r *Resolver) createInvoice(ctx context.Context, input CreateInvoiceInput) (*Invoice, error) {
	kind := finance.KindSales
	if input.Kind != nil {
		kind = finance.Kind(strings.ToLower(string(*input.Kind)))
	}
	content, err := fromInvoiceContent(kind, invoiceContent{party: input.Party, supplierRef: input.SupplierRef,
		department: input.Department, supplyType: input.SupplyType, description: input.Description, date: input.InvoiceDate,
		due: input.DueDate, withholds: input.BuyerWithholdsVat, ait: input.Ait, purchaseOrder: input.PurchaseOrderID,
		lines: input.LineItems})
	if err != nil {
		return nil, err
	}
	inv, err := r.Service.CreateInvoice(ctx, content)
	if err != nil {
		return nil, asArgument(err, "input", invoiceFields)
	}
	return &Invoice{inv}, nil
}

// updateInvoice replaces draft id's content with input.
func (r *Resolver) updateInvoice(ctx context.Context, id string, input UpdateInvoiceInput, expectedVersion *int) (*Invoice, error) {
	cur, err := r.invoiceEntity(ctx, id, "id")
	if err != nil {
		return nil, err
	}
	content, err := fromInvoiceContent(cur.Kind, invoiceContent{party: input.Party, supplierRef: input.SupplierRef,
		department: input.Department, supplyType: input.SupplyType, description: input.Description, date: input.InvoiceDate,
		due: input.DueDate, withholds: input.BuyerWithholdsVat, ait: input.Ait, purchaseOrder: input.PurchaseOrderID,
		lines: input.LineItems})
	if err != nil {
		return nil, err
	}
	inv, err := r.Service.UpdateInvoice(ctx, cur.ID, deref(expectedVersion), content)
	if err != nil {
		return nil, asArgument(err, "input", invoiceFields)
	}
	return &Invoice{inv}, nil
}

// listInvoices is a page of documents by the arguments.
func (r *Resolver) listInvoices(ctx context.Context, kind *InvoiceKind, status *InvoiceStatus, partyID *string, first *int, after, sort *string) (*InvoiceConnection, error) {
	f := finance.InvoiceFilter{Limit: deref(first), Cursor: deref(after), Sort: deref(sort)}
	if kind != nil {
		f.Kind = finance.Kind(strings.ToLower(string(*kind)))
	}
	if status != nil {
		f.Status = fromGraphInvoiceStatus(*status)
	}
	var err error
	if f.PartyID, err = parseOptionalID(partyID, "partyId"); err != nil {
		return nil, err
	}
	list, next, err := r.Service.Invoices(ctx, f)
	if err != nil {
		return nil, asArgument(err, "", fieldNames{"cursor": "after", "limit": "first"})
	}
	out := &InvoiceConnection{Edges: make([]InvoiceEdge, len(list)), PageInfo: &PageInfo{HasNextPage: next != ""}}
	for i, inv := range list {
		out.Edges[i] = InvoiceEdge{Cursor: finance.InvoiceCursor(f, inv), Node: &Invoice{inv}}
	}
	if next != "" {
		out.PageInfo.EndCursor = &next
	}
	return out, nil
}
