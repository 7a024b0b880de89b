package graph

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/finance"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/money"
)

// Invoice is the schema's Invoice over a document of the service.
type Invoice struct {
	finance.Invoice
}

// IsEntity marks Invoice a federation entity.
func (Invoice) IsEntity() {}

// InvoiceKind is the document's kind.
func (i *Invoice) InvoiceKind() InvoiceKind { return InvoiceKind(upper(string(i.Kind))) }

// InvoiceStatus is the document's status; submitted is PENDING_APPROVAL.
func (i *Invoice) InvoiceStatus() InvoiceStatus {
	if i.Status == finance.StatusSubmitted {
		return InvoiceStatusPendingApproval
	}
	return InvoiceStatus(upper(i.Status))
}

// InvoiceNumber is the Mushak number, null before approval.
func (i *Invoice) InvoiceNumber() *string { return optional(i.Number) }

// MushakNumber is InvoiceNumber under the original's second name.
func (i *Invoice) MushakNumber() *string { return optional(i.Number) }

// PartyRef is the party as the document shows it.
func (i *Invoice) PartyRef() *InvoiceParty {
	return &InvoiceParty{ID: i.Party.ID.String(), Name: i.Party.Name, Bin: i.Party.BIN, Address: i.Party.Address}
}

// CustomerID is the party of a sales-side document.
func (i *Invoice) CustomerID() *string { return i.partyOn(finance.KindSales, i.Party.ID.String()) }

// CustomerBin is the BIN of a sales-side document's party.
func (i *Invoice) CustomerBin() *string { return i.partyOn(finance.KindSales, i.Party.BIN) }

// VendorID is the party of a purchase-side document.
func (i *Invoice) VendorID() *string { return i.partyOn(finance.KindPurchase, i.Party.ID.String()) }

// VendorBin is the BIN of a purchase-side document's party.
func (i *Invoice) VendorBin() *string { return i.partyOn(finance.KindPurchase, i.Party.BIN) }

func (i *Invoice) partyOn(side finance.Kind, v string) *string {
	if i.Side != side {
		return nil
	}
	return optional(v)
}

// CustomerRef references the masterdata customer of a sales-side
// document, for the gateway to resolve.
func (i *Invoice) CustomerRef() *Customer {
	if id := i.CustomerID(); id != nil {
		return &Customer{ID: *id}
	}
	return nil
}

// VendorRef references the masterdata vendor of a purchase-side
// document.
func (i *Invoice) VendorRef() *Vendor {
	if id := i.VendorID(); id != nil {
		return &Vendor{ID: *id}
	}
	return nil
}

// ApprovalRef references the workflow's approval of the document.
func (i *Invoice) ApprovalRef() *Approval {
	if i.ApprovalID == nil {
		return nil
	}
	return &Approval{ID: i.ApprovalID.String()}
}

// BillMatchRef is the three-way match of a bill that names a purchase
// order, null otherwise.
func (i *Invoice) BillMatchRef() *BillMatch {
	if i.PurchaseOrderID == nil {
		return nil
	}
	m := i.Match
	out := &BillMatch{Status: m.Status, Lines: make([]MatchedBillLine, len(m.Lines)), Reasons: make([]BillHoldReason, len(m.Reasons)),
		ReleasedBy: optional(m.ReleasedBy), ReleaseReason: optional(m.ReleaseReason)}
	for k, l := range m.Lines {
		out.Lines[k] = MatchedBillLine{Line: l.Line, ProductID: l.ProductID.String(), Quantity: l.Quantity}
	}
	for k, r := range m.Reasons {
		out.Reasons[k] = BillHoldReason{Line: r.Line, Field: r.Field, Message: r.Message}
		if r.OrderLine > 0 {
			ol := r.OrderLine
			out.Reasons[k].OrderLine = &ol
		}
	}
	return out
}

// SupplierRefText is a bill's supplier number, null when none.
func (i *Invoice) SupplierRefText() *string { return optional(i.SupplierRef) }

// CorrectsInvoiceID is the document a note corrects.
func (i *Invoice) CorrectsInvoiceID() *uuid.UUID { return i.Corrects }

// DepartmentText is the department, null when none.
func (i *Invoice) DepartmentText() *string { return optional(i.Department) }

// ReasonText is the cancellation or return reason, null when none.
func (i *Invoice) ReasonText() *string { return optional(i.Reason) }

// CreatedByID is who prepared the document.
func (i *Invoice) CreatedByID() *string { return optional(i.CreatedBy) }

// ApprovedByID is who approved it, null before.
func (i *Invoice) ApprovedByID() *string { return optional(i.ApprovedBy) }

// Subtotal is quantity times price over the lines.
func (i *Invoice) Subtotal() money.Amount { return money.New(i.Totals.Subtotal, money.BDT) }

// Discount is the lines' discounts.
func (i *Invoice) Discount() money.Amount { return money.New(i.Totals.Discount, money.BDT) }

// NetAmount is subtotal less discounts.
func (i *Invoice) NetAmount() money.Amount { return money.New(i.Net, money.BDT) }

// SupplementaryDuty is the SD charged.
func (i *Invoice) SupplementaryDuty() money.Amount { return money.New(i.SD, money.BDT) }

// VatAmount is the VAT charged.
func (i *Invoice) VatAmount() money.Amount { return money.New(i.VAT, money.BDT) }

// VatDeductedAtSource is the VAT the buyer withholds.
func (i *Invoice) VatDeductedAtSource() money.Amount { return money.New(i.VDS, money.BDT) }

// AdvanceIncomeTax is the income tax a bill withholds.
func (i *Invoice) AdvanceIncomeTax() money.Amount { return money.New(i.AIT, money.BDT) }

// GrandTotal is net plus SD and VAT.
func (i *Invoice) GrandTotal() money.Amount { return money.New(i.Total, money.BDT) }

// PayableAmount is the grand total less VDS and AIT.
func (i *Invoice) PayableAmount() money.Amount { return money.New(i.Payable, money.BDT) }

// PaidAmount is what payments settled so far.
func (i *Invoice) PaidAmount() money.Amount { return money.New(i.Paid, money.BDT) }

// LineItems are the document's lines with their computed amounts.
func (i *Invoice) LineItems() []LineItem {
	out := make([]LineItem, len(i.Lines))
	for n, l := range i.Lines {
		out[n] = LineItem{LineNumber: n + 1, Description: l.Description, Quantity: l.Quantity, Unit: l.Unit,
			UnitPrice: taka(l.UnitPrice), Discount: taka(l.Discount), Amount: taka(l.Gross), NetAmount: taka(l.Net),
			VatCategory: l.VATCategory, Treatment: l.Treatment, VatRate: rate(l.VATRate), VatAmount: taka(l.VAT),
			SupplementaryDutyRate: rate(l.SDRate), SupplementaryDuty: taka(l.SD), VdsRate: rate(l.VDSRate),
			VatDeductedAtSource: taka(l.VDS)}
		if l.ProductID != nil {
			p := l.ProductID.String()
			out[n].ProductID = &p
		}
	}
	return out
}

func rate(s string) string {
	if s == "" {
		return "0"
	}
	return s
}

// invoiceFields are the invoice inputs' names for the service's fields.
var invoiceFields = fieldNames{"lines": "lineItems", "date": "invoiceDate", "memo": "description", "ait": "ait"}

// invoiceContent is what CreateInvoiceInput, UpdateInvoiceInput and
// NoteInput carry.
type invoiceContent struct {
	party                   *InvoicePartyInput
	supplierRef, department *string
	supplyType, description *string
	date, due               *time.Time
	withholds               *bool
	ait                     *AITInput
	purchaseOrder           *string
	lines                   []LineItemInput
}

// fromInvoiceContent builds the service's input of c. Returns
// INVALID_ARGUMENT naming input fields.
func fromInvoiceContent(kind finance.Kind, c invoiceContent) (finance.InvoiceInput, error) {
	col := &errs.Collector{}
	in := finance.InvoiceInput{Kind: kind, SupplierRef: deref(c.supplierRef), Date: deref(c.date), DueDate: deref(c.due),
		SupplyType: deref(c.supplyType), Department: deref(c.department), Memo: deref(c.description),
		BuyerWithholdsVAT: deref(c.withholds), Lines: make([]finance.LineInput, len(c.lines))}
	if c.party != nil {
		id, err := parseID(c.party.ID, "input.party.id")
		col.Merge("", err)
		in.Party = finance.Party{ID: id, Name: deref(c.party.Name), BIN: deref(c.party.Bin), Address: deref(c.party.Address)}
	}
	if c.ait != nil {
		in.AIT = &finance.AIT{Category: c.ait.Category, ReturnProof: deref(c.ait.ReturnProof)}
	}
	var err error
	in.PurchaseOrderID, err = parseOptionalID(c.purchaseOrder, "input.purchaseOrderId")
	col.Merge("", err)
	for i, l := range c.lines {
		f := "input.lineItems[" + strconv.Itoa(i) + "]."
		pid, err := parseOptionalID(l.ProductID, f+"productId")
		col.Merge("", err)
		in.Lines[i] = finance.LineInput{ProductID: pid, Description: deref(l.Description), VATCategory: deref(l.VatCategory),
			Quantity: l.Quantity, Unit: deref(l.Unit), UnitPrice: readTaka(col, f+"unitPrice", &l.UnitPrice)}
		in.Lines[i].Discount = readTaka(col, f+"discount", l.Discount)
	}
	return in, col.Err()
}

// readTaka reads an optional decimal of taka, recording an unreadable or
// sub-poisha amount against field; the zero Amount stands for none.
func readTaka(c *errs.Collector, field string, s *string) money.Amount {
	if s == nil || *s == "" {
		return money.Amount{}
	}
	a, err := money.Parse(*s, money.BDT)
	if err != nil {
		c.Add(field, "must be an amount of taka with at most two decimals, such as 1234.50")
		return money.Amount{}
	}
	return a
}

// fromGraphInvoiceStatus is the service's status of s.
func fromGraphInvoiceStatus(s InvoiceStatus) string {
	if s == InvoiceStatusPendingApproval {
		return finance.StatusSubmitted
	}
	return strings.ToLower(string(s))
}

// invoiceEntity reads document id, naming argument name when it is not a
// UUID.
func (r *Resolver) invoiceEntity(ctx context.Context, id, name string) (*Invoice, error) {
	uid, err := parseID(id, name)
	if err != nil {
		return nil, err
	}
	inv, err := r.Service.Invoice(ctx, uid)
	if err != nil {
		return nil, err
	}
	return &Invoice{inv}, nil
}

// note makes a draft note of kind on the document invoiceID.
func (r *Resolver) note(ctx context.Context, kind finance.Kind, invoiceID string, in NoteInput) (*Invoice, error) {
	uid, err := parseID(invoiceID, "invoiceId")
	if err != nil {
		return nil, err
	}
	content, err := fromInvoiceContent(kind, invoiceContent{date: in.InvoiceDate, description: in.Description, lines: in.LineItems})
	if err != nil {
		return nil, err
	}
	inv, err := r.Service.CreateNote(ctx, uid, kind, content)
	if err != nil {
		return nil, renameFields(err, func(f string) string {
			if f == "corrects" {
				return "invoiceId"
			}
			return invoiceFields.path(f, "input")
		})
	}
	return &Invoice{inv}, nil
}
