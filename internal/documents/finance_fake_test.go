package documents_test

import (
	"context"
	"sync"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/documents"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/money"
)

// fakeFinance is finance in memory: the invoices a test adds, and a
// VAT summary, trial balance and ageing of fixed figures.
type fakeFinance struct {
	mu       sync.Mutex
	invoices map[uuid.UUID]documents.Invoice
}

func newFakeFinance() *fakeFinance { return &fakeFinance{invoices: map[uuid.UUID]documents.Invoice{}} }

func bdt(minor int64) money.Amount { return money.New(minor, money.BDT) }

// invoice adds a sales invoice in status of one line of 12.5 cft at
// 1,000 taka with 15 % VAT, and returns its id.
func (f *fakeFinance) invoice(status string) uuid.UUID {
	f.mu.Lock()
	defer f.mu.Unlock()
	id := uuid.New()
	number := "INV/2026-27/000042"
	inv := documents.Invoice{ID: id, Kind: "sales", Side: "sales", Status: status, Date: "2026-11-20",
		Party: documents.InvoiceParty{ID: uuid.New(), Name: "Rahman Construction Ltd", BIN: "001234567-0202",
			Address: "Plot 7, Agrabad, Chattogram 4100"},
		Lines: []documents.InvoiceLine{{Description: "Stone chips, 3/4 inch", Quantity: "12.5", Unit: "cft",
			UnitPrice: bdt(100000), Treatment: "standard", VATRate: "15", Net: bdt(1250000), VAT: bdt(187500)}},
		Net: bdt(1250000), VAT: bdt(187500), Total: bdt(1437500)}
	if status != "draft" && status != "submitted" {
		inv.Number = &number
	}
	f.invoices[id] = inv
	return id
}

func (f *fakeFinance) Invoice(_ context.Context, id uuid.UUID) (documents.Invoice, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	inv, ok := f.invoices[id]
	if !ok {
		return documents.Invoice{}, errs.E(errs.NotFound, "no invoice %s", id)
	}
	return inv, nil
}

func (f *fakeFinance) PostedInvoices(_ context.Context, side, from, to string) ([]documents.Invoice, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []documents.Invoice
	for _, inv := range f.invoices {
		if inv.Side == side && inv.Number != nil && inv.Date >= from && inv.Date <= to {
			out = append(out, inv)
		}
	}
	return out, nil
}

func (f *fakeFinance) VATSummary(_ context.Context, month string) (documents.VATSummary, error) {
	return documents.VATSummary{Month: month, Sales: []documents.VATRow{{Treatment: "standard", RatePercent: "15.00",
		Value: bdt(1250000), VAT: bdt(187500), Documents: 1}}, SalesValue: bdt(1250000), OutputVAT: bdt(187500),
		Purchases: []documents.VATRow{{Treatment: "standard", RatePercent: "15.00", Value: bdt(400000), VAT: bdt(60000),
			Documents: 2}}, PurchaseValue: bdt(400000), InputVAT: bdt(60000), VDSDeducted: bdt(3000),
		VDSByCustomers: bdt(5000), NetVAT: bdt(127500)}, nil
}

func (f *fakeFinance) TrialBalance(_ context.Context, asOf string) (documents.TrialBalance, error) {
	return documents.TrialBalance{AsOf: asOf, Rows: []documents.TrialBalanceRow{
		{Code: "1130", Name: "Trade receivables", Type: "asset", Debit: bdt(1437500), Credit: bdt(0)},
		{Code: "4100", Name: "Sales", Type: "income", Debit: bdt(0), Credit: bdt(1250000)},
		{Code: "2210", Name: "VAT payable", Type: "liability", Debit: bdt(0), Credit: bdt(187500)}},
		TotalDebit: bdt(1437500), TotalCredit: bdt(1437500)}, nil
}

func (f *fakeFinance) Ageing(_ context.Context, side, asOf string) (documents.Ageing, error) {
	b := documents.AgeingBuckets{Current: bdt(1437500), Days1To30: bdt(0), Days31To60: bdt(0), Days61To90: bdt(0),
		Over90: bdt(0), Total: bdt(1437500)}
	return documents.Ageing{Side: side, AsOf: asOf, Rows: []documents.AgeingRow{{PartyName: "Rahman Construction Ltd",
		Documents: 1, AgeingBucketsJSON: b}}, Totals: b}, nil
}
