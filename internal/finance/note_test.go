package finance_test

import (
	"context"
	"testing"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/finance"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

// journalByCode sums the approved document's journal per account code:
// debit positive, credit negative.
func (f *invoiceFixture) journalByCode(tb testing.TB, ctx context.Context, inv finance.Invoice) map[string]int64 {
	tb.Helper()
	if inv.JournalID == nil {
		tb.Fatalf("%s has no journal", inv.Label())
	}
	j, err := f.svc.GetJournal(ctx, *inv.JournalID)
	if err != nil {
		tb.Fatal(err)
	}
	codes := map[uuid.UUID]string{}
	for code, id := range accountsByCode(tb, f.fixture, ctx) {
		codes[id] = code
	}
	out := map[string]int64{}
	var sum int64
	for _, l := range j.Lines {
		out[codes[l.AccountID]] += l.Debit - l.Credit
		sum += l.Debit - l.Credit
	}
	if sum != 0 {
		tb.Fatalf("journal of %s does not balance: %v", inv.Label(), out)
	}
	return out
}

func noteLines(qty string) finance.InvoiceInput {
	return finance.InvoiceInput{Date: day("2026-12-10"), Memo: "Returned goods", Lines: []finance.LineInput{
		{Description: "Face cream, 50 ml (returned)", VATCategory: "cosmetics", Quantity: qty, Unit: "pcs", UnitPrice: bdt(125075)}}}
}

func TestCreditNoteLowersTheInvoiceInTheBooksAndTheRegister(t *testing.T) {
	f := newInvoiceFixture(t)
	tid, ctx := newTenantCtx(t)
	inv := f.mustSubmit(t, ctx, f.mustCreate(t, ctx, threeRateSale("2026-12-04")).ID)
	note, err := f.svc.CreateNote(ctx, inv.ID, finance.KindCreditNote, noteLines("2"))
	if err != nil {
		t.Fatal(err)
	}
	if note.Party != inv.Party || *note.Corrects != inv.ID || note.Side != finance.KindSales {
		t.Fatalf("note %+v", note)
	}
	// 2 × 1,250.75 = 2,501.50; SD 10 % = 250.15; VAT 15 % of 2,751.65 = 412.7475 → 412.75; total 3,164.40.
	if note.Net != 250150 || note.SD != 25015 || note.VAT != 41275 || note.Total != 316440 {
		t.Fatalf("note totals %+v", note.Totals)
	}
	note = f.mustSubmit(t, ctx, note.ID)
	if note.Status != finance.StatusApproved || note.Number != "CN/2026-27/000001" {
		t.Fatalf("note %s %q", note.Status, note.Number)
	}
	got := f.journalByCode(t, ctx, note)
	want := map[string]int64{"4110": 250150, "2230": 25015, "2210": 41275, "1200": -316440}
	for code, v := range want {
		if got[code] != v {
			t.Fatalf("credit note journal %v, want %v", got, want)
		}
	}
	for _, r := range f.register(t, tid) {
		if r.Treatment == "standard" && (r.Value != 1490900-250150 || r.SD != 149090-25015 || r.VAT != 245999-41275 || r.Docs != 2) {
			t.Fatalf("standard register row after the note: %+v", r)
		}
	}
}

func TestCreditNotesCannotExceedWhatRemainsOfTheInvoice(t *testing.T) {
	f := newInvoiceFixture(t)
	_, ctx := newTenantCtx(t)
	inv := f.mustSubmit(t, ctx, f.mustCreate(t, ctx, threeRateSale("2026-12-04")).ID)
	// 17 units of cream with SD and VAT come to 26,897.38, more than the whole invoice (25,742.36).
	_, err := f.svc.CreateNote(ctx, inv.ID, finance.KindCreditNote, noteLines("17"))
	wantField(t, err, errs.InvalidArgument, "lines")
	first := f.mustSubmit(t, ctx, mustNote(t, f, ctx, inv.ID, finance.KindCreditNote, "8").ID)
	if first.Status != finance.StatusApproved {
		t.Fatalf("first note %s", first.Status)
	}
	// What remains: 25,742.36 − 8 units' 12,657.59 = 13,084.77; 9 more units (14,239.79) exceed it.
	_, err = f.svc.CreateNote(ctx, inv.ID, finance.KindCreditNote, noteLines("9"))
	wantField(t, err, errs.InvalidArgument, "lines")
	// A debit note of 5 units (7,911.00) raises the invoice: then they fit.
	debit := f.mustSubmit(t, ctx, mustNote(t, f, ctx, inv.ID, finance.KindDebitNote, "5").ID)
	if debit.Number != "DN/2026-27/000001" {
		t.Fatalf("debit note %q", debit.Number)
	}
	if _, err := f.svc.CreateNote(ctx, inv.ID, finance.KindCreditNote, noteLines("9")); err != nil {
		t.Fatalf("a credit note within the raised invoice: %v", err)
	}
}

func mustNote(tb testing.TB, f *invoiceFixture, ctx context.Context, orig uuid.UUID, kind finance.Kind, qty string) finance.Invoice {
	tb.Helper()
	n, err := f.svc.CreateNote(ctx, orig, kind, noteLines(qty))
	if err != nil {
		tb.Fatal(err)
	}
	return n
}

func TestNotesCorrectOnlyApprovedDocuments(t *testing.T) {
	f := newInvoiceFixture(t)
	_, ctx := newTenantCtx(t)
	draft := f.mustCreate(t, ctx, threeRateSale("2026-12-04"))
	_, err := f.svc.CreateNote(ctx, draft.ID, finance.KindCreditNote, noteLines("1"))
	wantField(t, err, errs.FailedPrecondition, "corrects")
}

var contractor = finance.Party{ID: uuid.MustParse("0190a0b0-2222-7000-8000-000000000002"), Name: "Karim Builders",
	BIN: "0098765430202", Address: "Plot 7, Tejgaon I/A, Dhaka 1208"}

// TestPurchaseBillWithholdsVATAndAIT: a withholding buyer's bill of
// 50,000.00 at 15 % from a contractor with proof of return:
// VAT 7,500.00 all withheld (VDS), AIT 7 % of 50,000.00 = 3,500.00;
// total 57,500.00, payable 57,500.00 − 7,500.00 − 3,500.00 = 46,500.00.
func TestPurchaseBillWithholdsVATAndAIT(t *testing.T) {
	f := newInvoiceFixture(t)
	tid, ctx := newTenantCtx(t)
	in := finance.InvoiceInput{Kind: finance.KindPurchase, Party: contractor, SupplierRef: "KB-2026/118", Date: day("2026-12-04"),
		BuyerWithholdsVAT: true, AIT: &finance.AIT{Category: "contractor", ReturnProof: true},
		Lines: []finance.LineInput{{Description: "Boundary wall repair", Quantity: "1", Unit: "job", UnitPrice: bdt(5_000_000)}}}
	bill := f.mustSubmit(t, ctx, f.mustCreate(t, ctx, in).ID)
	want := finance.Totals{Subtotal: 5_000_000, Net: 5_000_000, VAT: 750_000, VDS: 750_000, AIT: 350_000, Total: 5_750_000, Payable: 4_650_000}
	if bill.Totals != want || bill.Number != "BILL/2026-27/000001" || bill.SupplierRef != "KB-2026/118" {
		t.Fatalf("bill %q %+v", bill.Number, bill.Totals)
	}
	got := f.journalByCode(t, ctx, bill)
	wantJ := map[string]int64{"5100": 5_000_000, "1310": 750_000, "2100": -4_650_000, "2220": -750_000, "2240": -350_000}
	for code, v := range wantJ {
		if got[code] != v {
			t.Fatalf("bill journal %v, want %v", got, wantJ)
		}
	}
	rows := f.register(t, tid)
	if len(rows) != 1 || rows[0] != (registerRow{"purchase", "standard", 1500, 5_000_000, 0, 750_000, 750_000, 1}) {
		t.Fatalf("register %+v", rows)
	}
	// AIT is withheld on bills only.
	sale := smallSale("2026-12-04", 1000)
	sale.AIT = &finance.AIT{Category: "contractor"}
	_, err := f.svc.CreateInvoice(ctx, sale)
	wantField(t, err, errs.InvalidArgument, "ait")
}

func TestEditingANoteKeepsTheOriginalsParty(t *testing.T) {
	f := newInvoiceFixture(t)
	_, ctx := newTenantCtx(t)
	inv := f.mustSubmit(t, ctx, f.mustCreate(t, ctx, threeRateSale("2026-12-04")).ID)
	note := mustNote(t, f, ctx, inv.ID, finance.KindCreditNote, "1")
	edit := noteLines("2")
	edit.Party = contractor
	got, err := f.svc.UpdateInvoice(ctx, note.ID, note.Version, edit)
	if err != nil {
		t.Fatal(err)
	}
	if got.Party != inv.Party || got.Net != 250150 || got.Version != 2 {
		t.Fatalf("edited note: party %s, net %d, v%d", got.Party.Name, got.Net, got.Version)
	}
}
