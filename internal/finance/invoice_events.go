package finance

import (
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/money"
)

// InvoiceChanged is the payload of vextrus.finance.invoice.submitted.v1,
// .approved.v1 and .cancelled.v1 (api/events): the document's identity,
// party and totals. Number and journalId are set once approved;
// purchaseOrderId on a bill that names its order.
type InvoiceChanged struct {
	InvoiceID  string       `json:"invoiceId"`
	Kind       string       `json:"kind"`
	Side       string       `json:"side"`
	Status     string       `json:"status"`
	Number     string       `json:"number,omitempty"`
	PartyID    string       `json:"partyId"`
	Date       string       `json:"date"`
	DueDate    string       `json:"dueDate"`
	Corrects   string       `json:"corrects,omitempty"`
	Net        money.Amount `json:"net"`
	SD         money.Amount `json:"sd"`
	VAT        money.Amount `json:"vat"`
	VDS        money.Amount `json:"vds"`
	AIT        money.Amount `json:"ait"`
	Total      money.Amount `json:"total"`
	Payable    money.Amount `json:"payable"`
	JournalID  string       `json:"journalId,omitempty"`
	ApprovalID string       `json:"approvalId,omitempty"`
	Reason     string       `json:"reason,omitempty"`
	// PurchaseOrderID is the order a bill names (the three-way match).
	PurchaseOrderID string `json:"purchaseOrderId,omitempty"`
}

func invoiceEvent(typ string, inv Invoice) events.Draft {
	c := money.Currency(inv.Currency)
	amt := func(v int64) money.Amount { return money.New(v, c) }
	p := InvoiceChanged{InvoiceID: inv.ID.String(), Kind: string(inv.Kind), Side: string(inv.Side), Status: inv.Status,
		Number: inv.Number, PartyID: inv.Party.ID.String(), Date: inv.Date.Format(DateLayout), DueDate: inv.DueDate.Format(DateLayout),
		Net: amt(inv.Net), SD: amt(inv.SD), VAT: amt(inv.VAT), VDS: amt(inv.VDS), AIT: amt(inv.AIT), Total: amt(inv.Total),
		Payable: amt(inv.Payable), Reason: inv.Reason}
	if inv.Corrects != nil {
		p.Corrects = inv.Corrects.String()
	}
	if inv.JournalID != nil {
		p.JournalID = inv.JournalID.String()
	}
	if inv.ApprovalID != nil {
		p.ApprovalID = inv.ApprovalID.String()
	}
	if inv.PurchaseOrderID != nil {
		p.PurchaseOrderID = inv.PurchaseOrderID.String()
	}
	return events.Draft{Type: typ, Subject: inv.ID.String(), Data: p}
}
