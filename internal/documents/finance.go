package documents

import (
	"context"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/finance"
	"github.com/vextrus/vextrus/internal/platform/money"
)

// Finance is what the jobs read of finance, with the credential of ctx
// (FinanceClient over its REST API is one). Each returns NOT_FOUND,
// PERMISSION_DENIED or UNAVAILABLE as finance answers.
type Finance interface {
	// Invoice returns invoice, bill or note id.
	Invoice(ctx context.Context, id uuid.UUID) (Invoice, error)
	// PostedInvoices returns every document of side (sales or purchase)
	// in the books dated from to to (2006-01-02, both included).
	PostedInvoices(ctx context.Context, side, from, to string) ([]Invoice, error)
	// VATSummary returns the VAT summary of month (2026-11).
	VATSummary(ctx context.Context, month string) (VATSummary, error)
	// TrialBalance returns the trial balance as of asOf.
	TrialBalance(ctx context.Context, asOf string) (TrialBalance, error)
	// Ageing returns the ageing of side (receivables or payables).
	Ageing(ctx context.Context, side, asOf string) (Ageing, error)
}

// Parties reads master data's customers and vendors, with the
// credential of ctx.
type Parties interface {
	// Party returns customer (kind "customers") or vendor ("vendors") id.
	Party(ctx context.Context, kind string, id uuid.UUID) (PartyInfo, error)
}

// PartyInfo is what a form prints of a party from master data.
type PartyInfo struct {
	Name   string `json:"name"`
	NameBn string `json:"nameBn"`
	BIN    string `json:"bin"`
}

// InvoiceParty is a document's party as finance keeps it.
type InvoiceParty struct {
	ID      uuid.UUID `json:"id"`
	Name    string    `json:"name"`
	BIN     string    `json:"bin"`
	Address string    `json:"address"`
}

// InvoiceLine is a document's line as finance answers it.
type InvoiceLine struct {
	Description string       `json:"description"`
	Quantity    string       `json:"quantity"`
	Unit        string       `json:"unit"`
	UnitPrice   money.Amount `json:"unitPrice"`
	Treatment   string       `json:"treatment"`
	VATRate     string       `json:"vatRate"`
	Net         money.Amount `json:"net"`
	SD          money.Amount `json:"sd"`
	VAT         money.Amount `json:"vat"`
}

// Invoice is what the forms need of finance's invoice, bill or note.
type Invoice struct {
	ID          uuid.UUID     `json:"id"`
	Kind        string        `json:"kind"`
	Side        string        `json:"side"`
	Status      string        `json:"status"`
	Number      *string       `json:"number"`
	Party       InvoiceParty  `json:"party"`
	SupplierRef string        `json:"supplierRef"`
	Date        string        `json:"date"`
	Lines       []InvoiceLine `json:"lines"`
	Net         money.Amount  `json:"net"`
	SD          money.Amount  `json:"sd"`
	VAT         money.Amount  `json:"vat"`
	VDS         money.Amount  `json:"vds"`
	Total       money.Amount  `json:"total"`
	ApprovedAt  *string       `json:"approvedAt"`
}

// VATRow is one treatment and rate of a side of the VAT summary.
type VATRow = finance.VATRegisterRowJSON

// VATSummary is finance's VAT summary of a month, as its REST API answers.
type VATSummary = finance.VATSummaryJSON

// TrialBalanceRow is one account of the trial balance.
type TrialBalanceRow = finance.TrialBalanceRowJSON

// TrialBalance is finance's trial balance as of a day, as its REST API answers.
type TrialBalance = finance.TrialBalanceJSON

// AgeingBuckets are amounts by days past due.
type AgeingBuckets = finance.AgeingBucketsJSON

// AgeingRow is one party's ageing.
type AgeingRow = finance.AgeingRowJSON

// Ageing is finance's ageing of one side as of a day, as its REST API answers.
type Ageing = finance.AgeingJSON
