package finance

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/httpx"
	"github.com/vextrus/vextrus/internal/platform/money"
)

// PartyJSON is a document's party on the wire.
type PartyJSON struct {
	ID      uuid.UUID `json:"id"`
	Name    string    `json:"name"`
	BIN     string    `json:"bin"`
	Address string    `json:"address"`
}

// WithholdingTaxJSON is the AIT a bill withholds: the supplier's ait.rate
// category and whether it showed proof of return submission.
type WithholdingTaxJSON struct {
	Category    string `json:"category"`
	ReturnProof bool   `json:"returnProof"`
}

// LineInputJSON is a line as a client sends it. unitPrice and discount
// are money objects, read here so an error names the line's field.
type LineInputJSON struct {
	ProductID   *uuid.UUID      `json:"productId"`
	Description string          `json:"description"`
	VATCategory string          `json:"vatCategory"`
	Quantity    string          `json:"quantity"`
	Unit        string          `json:"unit"`
	UnitPrice   json.RawMessage `json:"unitPrice"`
	Discount    json.RawMessage `json:"discount"`
}

// InvoiceInputJSON is the body that creates or replaces a draft, or makes
// a note (which takes only its date, due date, memo, department and
// lines: the rest is the original's).
type InvoiceInputJSON struct {
	Kind              string              `json:"kind"`
	Party             *PartyJSON          `json:"party"`
	SupplierRef       string              `json:"supplierRef"`
	Date              string              `json:"date"`
	DueDate           string              `json:"dueDate"`
	SupplyType        string              `json:"supplyType"`
	Department        string              `json:"department"`
	Memo              string              `json:"memo"`
	BuyerWithholdsVAT bool                `json:"buyerWithholdsVat"`
	WithholdingTax    *WithholdingTaxJSON `json:"withholdingTax"`
	PurchaseOrderID   *uuid.UUID          `json:"purchaseOrderId"`
	Lines             []LineInputJSON     `json:"lines"`
}

// toInput converts the body, naming each field at fault; kind is
// required on create.
func (j InvoiceInputJSON) toInput(create bool) (InvoiceInput, error) {
	c := &errs.Collector{}
	in := InvoiceInput{Kind: Kind(j.Kind), SupplierRef: j.SupplierRef, SupplyType: j.SupplyType, Department: j.Department,
		Memo: j.Memo, BuyerWithholdsVAT: j.BuyerWithholdsVAT, PurchaseOrderID: j.PurchaseOrderID}
	if create {
		c.Check(in.Kind == KindSales || in.Kind == KindPurchase, "kind", "must be sales or purchase")
	}
	if j.Party != nil {
		in.Party = Party{ID: j.Party.ID, Name: j.Party.Name, BIN: j.Party.BIN, Address: j.Party.Address}
	}
	if j.WithholdingTax != nil {
		in.AIT = &AIT{Category: j.WithholdingTax.Category, ReturnProof: j.WithholdingTax.ReturnProof}
	}
	var err error
	if in.Date, err = httpx.ParseDate("date", j.Date); err != nil {
		c.Merge("", err)
	}
	if in.DueDate, err = httpx.ParseDate("dueDate", j.DueDate); err != nil {
		c.Merge("", err)
	}
	in.Lines = make([]LineInput, len(j.Lines))
	for i, l := range j.Lines {
		p := fmt.Sprintf("lines[%d]", i)
		in.Lines[i] = LineInput{ProductID: l.ProductID, Description: l.Description, VATCategory: l.VATCategory,
			Quantity: l.Quantity, Unit: l.Unit, UnitPrice: readAmount(c, p+".unitPrice", l.UnitPrice),
			Discount: readAmount(c, p+".discount", l.Discount)}
	}
	return in, c.Err()
}

// LineJSONOut is a document's line as REST answers it: what was entered,
// the rates applied (percent) and the line's amounts.
type LineJSONOut struct {
	ProductID   *uuid.UUID   `json:"productId"`
	Description string       `json:"description"`
	VATCategory string       `json:"vatCategory"`
	Quantity    string       `json:"quantity"`
	Unit        string       `json:"unit"`
	UnitPrice   money.Amount `json:"unitPrice"`
	Discount    money.Amount `json:"discount"`
	Treatment   string       `json:"treatment"`
	VATRate     string       `json:"vatRate"`
	SDRate      string       `json:"sdRate"`
	VDSRate     string       `json:"vdsRate"`
	Gross       money.Amount `json:"gross"`
	Net         money.Amount `json:"net"`
	SD          money.Amount `json:"sd"`
	VAT         money.Amount `json:"vat"`
	VDS         money.Amount `json:"vds"`
}

// InvoiceJSON is a document as REST answers it.
type InvoiceJSON struct {
	ID                string              `json:"id"`
	Kind              string              `json:"kind"`
	Side              string              `json:"side"`
	Status            string              `json:"status"`
	Number            *string             `json:"number"`
	Party             PartyJSON           `json:"party"`
	SupplierRef       string              `json:"supplierRef"`
	Corrects          *uuid.UUID          `json:"corrects"`
	Date              string              `json:"date"`
	DueDate           string              `json:"dueDate"`
	Currency          string              `json:"currency"`
	SupplyType        string              `json:"supplyType"`
	Department        string              `json:"department"`
	Memo              string              `json:"memo"`
	BuyerWithholdsVAT bool                `json:"buyerWithholdsVat"`
	WithholdingTax    *WithholdingTaxJSON `json:"withholdingTax"`
	Lines             []LineJSONOut       `json:"lines"`
	Subtotal          money.Amount        `json:"subtotal"`
	Discount          money.Amount        `json:"discount"`
	Net               money.Amount        `json:"net"`
	SD                money.Amount        `json:"sd"`
	VAT               money.Amount        `json:"vat"`
	VDS               money.Amount        `json:"vds"`
	AIT               money.Amount        `json:"ait"`
	Total             money.Amount        `json:"total"`
	Payable           money.Amount        `json:"payable"`
	Paid              money.Amount        `json:"paid"`
	ApprovalID        *uuid.UUID          `json:"approvalId"`
	JournalID         *uuid.UUID          `json:"journalId"`
	Reason            string              `json:"reason"`
	PurchaseOrderID   *uuid.UUID          `json:"purchaseOrderId"`
	Match             *BillMatchJSON      `json:"match"`
	CreatedBy         string              `json:"createdBy"`
	SubmittedAt       *time.Time          `json:"submittedAt"`
	ApprovedAt        *time.Time          `json:"approvedAt"`
	ApprovedBy        string              `json:"approvedBy"`
	CreatedAt         time.Time           `json:"createdAt"`
	UpdatedAt         time.Time           `json:"updatedAt"`
	Version           int                 `json:"version"`
}

// ToInvoiceJSON converts inv.
func ToInvoiceJSON(inv Invoice) InvoiceJSON {
	c := money.Currency(inv.Currency)
	amt := func(v int64) money.Amount { return money.New(v, c) }
	out := InvoiceJSON{ID: inv.ID.String(), Kind: string(inv.Kind), Side: string(inv.Side), Status: inv.Status,
		Party:       PartyJSON{ID: inv.Party.ID, Name: inv.Party.Name, BIN: inv.Party.BIN, Address: inv.Party.Address},
		SupplierRef: inv.SupplierRef, Corrects: inv.Corrects, Date: dateString(inv.Date), DueDate: dateString(inv.DueDate),
		Currency: inv.Currency, SupplyType: inv.SupplyType, Department: inv.Department, Memo: inv.Memo,
		BuyerWithholdsVAT: inv.BuyerWithholdsVAT, Lines: make([]LineJSONOut, len(inv.Lines)),
		Subtotal: amt(inv.Subtotal), Discount: amt(inv.Totals.Discount), Net: amt(inv.Net), SD: amt(inv.SD),
		VAT: amt(inv.VAT), VDS: amt(inv.VDS), AIT: amt(inv.AIT), Total: amt(inv.Total), Payable: amt(inv.Payable),
		Paid: amt(inv.Paid), ApprovalID: inv.ApprovalID, JournalID: inv.JournalID, Reason: inv.Reason,
		PurchaseOrderID: inv.PurchaseOrderID, CreatedBy: inv.CreatedBy, SubmittedAt: inv.SubmittedAt, ApprovedAt: inv.ApprovedAt, ApprovedBy: inv.ApprovedBy,
		CreatedAt: inv.CreatedAt.UTC(), UpdatedAt: inv.UpdatedAt.UTC(), Version: inv.Version}
	if inv.Number != "" {
		n := inv.Number
		out.Number = &n
	}
	if inv.PurchaseOrderID != nil {
		out.Match = toBillMatchJSON(inv.Match)
	}
	if inv.AITTerms.Category != "" {
		out.WithholdingTax = &WithholdingTaxJSON{Category: inv.AITTerms.Category, ReturnProof: inv.AITTerms.ReturnProof}
	}
	for i, l := range inv.Lines {
		out.Lines[i] = LineJSONOut{ProductID: l.ProductID, Description: l.Description, VATCategory: l.VATCategory,
			Quantity: l.Quantity, Unit: l.Unit, UnitPrice: amt(l.UnitPrice), Discount: amt(l.Discount), Treatment: l.Treatment,
			VATRate: l.VATRate, SDRate: l.SDRate, VDSRate: l.VDSRate, Gross: amt(l.Gross), Net: amt(l.Net), SD: amt(l.SD),
			VAT: amt(l.VAT), VDS: amt(l.VDS)}
	}
	return out
}

// BillMatchJSON is a bill's three-way match as REST answers it: status
// "" (not matched yet), matched, held or overridden; the quantities it
// billed on its order's lines; why it was held; who released it and
// why.
type BillMatchJSON struct {
	Status        string        `json:"status"`
	Lines         []MatchedLine `json:"lines"`
	Reasons       []HoldReason  `json:"reasons"`
	ReleasedBy    string        `json:"releasedBy"`
	ReleaseReason string        `json:"releaseReason"`
}

func toBillMatchJSON(m BillMatch) *BillMatchJSON {
	out := &BillMatchJSON{Status: m.Status, Lines: m.Lines, Reasons: m.Reasons, ReleasedBy: m.ReleasedBy, ReleaseReason: m.ReleaseReason}
	if out.Lines == nil {
		out.Lines = []MatchedLine{}
	}
	if out.Reasons == nil {
		out.Reasons = []HoldReason{}
	}
	return out
}
