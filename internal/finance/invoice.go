package finance

import (
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/tenantsettings"
)

// Kind is the kind of an invoice document.
type Kind string

// The kinds: a sales invoice (Mushak 6.3) is what the tenant bills; a
// purchase bill records a supplier's 6.3; a credit note (6.7) lowers and
// a debit note (6.8) raises an approved invoice or bill, which a note
// corrects rather than edits.
const (
	KindSales      Kind = "sales"
	KindPurchase   Kind = "purchase"
	KindCreditNote Kind = "credit_note"
	KindDebitNote  Kind = "debit_note"
)

// Note reports whether k is a credit or debit note.
func (k Kind) Note() bool { return k == KindCreditNote || k == KindDebitNote }

// The invoice statuses: a draft is edited freely; submitting computes it
// and starts its approval; approval numbers it and posts its journal;
// payments move it to partially paid and paid. A draft or a submitted
// invoice can be cancelled; an approved one is corrected by notes only.
// A rejected, withdrawn or expired approval returns it to draft with the
// reason, so it can be fixed and submitted again. A purchase bill that
// does not match its purchase order is held instead of submitted
// (StatusHeld).
const (
	StatusDraft         = "draft"
	StatusSubmitted     = "submitted"
	StatusApproved      = "approved"
	StatusPartiallyPaid = "partially_paid"
	StatusPaid          = "paid"
	StatusCancelled     = "cancelled"
)

// issued reports whether status is approved or later: the document has
// its number and journal and never changes but for its payment state.
func issued(status string) bool {
	return status == StatusApproved || status == StatusPartiallyPaid || status == StatusPaid
}

// The supply types vat.rate distinguishes.
const (
	SupplyLocal  = "local"
	SupplyExport = "export"
	SupplyImport = "import"
)

// Party is the customer or supplier as the document shows it: a snapshot
// taken when the document is written, since a Mushak shows the party as
// it was that day.
type Party struct {
	ID      uuid.UUID `json:"id"`
	Name    string    `json:"name"`
	BIN     string    `json:"bin"`
	Address string    `json:"address"`
}

// AIT is the income tax a bill withholds at source: the supplier's
// ait.rate category and whether it showed proof of return submission. A
// bill without it withholds none.
type AIT struct {
	Category    string `json:"category"`
	ReturnProof bool   `json:"returnProof"`
}

// InvoiceLine is a line as the document holds it: what was entered, and
// the rates and amounts computed for it (poisha).
type InvoiceLine struct {
	ProductID   *uuid.UUID `json:"productId,omitempty"`
	Description string     `json:"description"`
	VATCategory string     `json:"vatCategory"`
	Quantity    string     `json:"quantity"`
	Unit        string     `json:"unit"`
	UnitPrice   int64      `json:"unitPrice"`
	Discount    int64      `json:"discount"`
	Treatment   string     `json:"treatment"`
	VATRate     string     `json:"vatRate"`
	SDRate      string     `json:"sdRate"`
	VDSRate     string     `json:"vdsRate"`
	// Specific is the VAT per unit (poisha) of a specific treatment.
	Specific int64 `json:"specific,omitempty"`
	Gross    int64 `json:"gross"`
	Net      int64 `json:"net"`
	SD       int64 `json:"sd"`
	VAT      int64 `json:"vat"`
	VDS      int64 `json:"vds"`
}

// Invoice is a sales invoice, purchase bill, credit note or debit note.
type Invoice struct {
	ID   uuid.UUID
	Kind Kind
	// Side is KindSales or KindPurchase: the document's own kind, or the
	// kind of the invoice a note corrects.
	Side   Kind
	Status string
	Party  Party
	// Number is the Mushak number, given on approval.
	Number string
	// SupplierRef is a bill's number on the supplier's own 6.3.
	SupplierRef string
	// Corrects is the invoice or bill a note corrects.
	Corrects *uuid.UUID
	// PurchaseOrderID is the purchase order a bill is matched against
	// on submit (docs/finance.md, three-way match); Match is how.
	PurchaseOrderID *uuid.UUID
	Match           BillMatch
	Date            time.Time
	DueDate         time.Time
	Currency        string
	SupplyType      string
	Department      string
	Memo            string
	// BuyerWithholdsVAT says the buyer (the customer of a sales invoice,
	// the tenant on a bill) is a VAT withholding entity: VDS applies.
	BuyerWithholdsVAT bool
	AITTerms          AIT
	Lines             []InvoiceLine
	Totals
	Paid        int64
	ApprovalID  *uuid.UUID
	JournalID   *uuid.UUID
	Reason      string
	CreatedBy   string
	SubmittedAt *time.Time
	// SubmittedBy is who submitted it (or released it from hold), the
	// approval's submitter when a crash kept it from starting.
	SubmittedBy string
	ApprovedAt  *time.Time
	ApprovedBy  string
	CreatedAt   time.Time
	UpdatedAt   time.Time
	Version     int
}

// Label is how errors name the document: its number, else its id.
func (inv Invoice) Label() string {
	if inv.Number != "" {
		return inv.Number
	}
	return string(inv.Kind) + " " + inv.ID.String()
}

// docType is the numbering series of the document's kind.
func (k Kind) docType() string {
	switch k {
	case KindPurchase:
		return tenantsettings.DocPurchaseBill
	case KindCreditNote:
		return tenantsettings.DocCreditNote
	case KindDebitNote:
		return tenantsettings.DocDebitNote
	}
	return tenantsettings.DocSalesInvoice
}
