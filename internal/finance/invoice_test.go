package finance_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/finance"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

// registerRow is one row of the VAT register.
type registerRow struct {
	Kind, Treatment           string
	RateBP                    int
	Value, SD, VAT, VDS, Docs int64
}

func (f *invoiceFixture) register(tb testing.TB, t interface{ UUID() uuid.UUID }) []registerRow {
	tb.Helper()
	rows, err := f.db.Admin.Query(context.Background(), `SELECT kind, treatment, rate_bp, value, sd, vat, vds, documents
		FROM finance.vat_register WHERE tenant_id = $1 ORDER BY kind, treatment, rate_bp`, t.UUID())
	if err != nil {
		tb.Fatal(err)
	}
	defer rows.Close()
	var out []registerRow
	for rows.Next() {
		var r registerRow
		if err := rows.Scan(&r.Kind, &r.Treatment, &r.RateBP, &r.Value, &r.SD, &r.VAT, &r.VDS, &r.Docs); err != nil {
			tb.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

func TestThreeRateSaleIsApprovedNumberedPostedAndRegistered(t *testing.T) {
	f := newInvoiceFixture(t)
	tid, ctx := newTenantCtx(t)
	draft := f.mustCreate(t, ctx, threeRateSale("2026-12-04"))
	if draft.Status != finance.StatusDraft || draft.Total != 2574236 || draft.Number != "" {
		t.Fatalf("draft = %s total %d number %q", draft.Status, draft.Total, draft.Number)
	}
	inv := f.mustSubmit(t, ctx, draft.ID)
	if inv.Status != finance.StatusApproved || inv.Number != "INV/2026-27/000001" || inv.JournalID == nil {
		t.Fatalf("submitted = %s %q journal %v", inv.Status, inv.Number, inv.JournalID)
	}
	want := finance.Totals{Subtotal: 2162897, Discount: 10000, Net: 2152897, SD: 149090, VAT: 272249, Total: 2574236, Payable: 2574236}
	if inv.Totals != want {
		t.Fatalf("totals %+v, want %+v", inv.Totals, want)
	}
	j, err := f.svc.GetJournal(ctx, *inv.JournalID)
	if err != nil {
		t.Fatal(err)
	}
	var debit, credit int64
	for _, l := range j.Lines {
		debit += l.Debit
		credit += l.Credit
	}
	if debit != credit || debit != 2574236 || j.Source != finance.SourceInvoice || len(j.Lines) != 4 {
		t.Fatalf("journal: %d lines, debits %d, credits %d, source %s", len(j.Lines), debit, credit, j.Source)
	}
	got := f.register(t, tid)
	wantRows := []registerRow{
		{"sales", "exempt", 0, 312000, 0, 0, 0, 1},
		{"sales", "reduced", 750, 349997, 0, 26250, 0, 1},
		{"sales", "standard", 1500, 1490900, 149090, 245999, 0, 1},
	}
	if len(got) != len(wantRows) {
		t.Fatalf("register %+v", got)
	}
	for i := range got {
		if got[i] != wantRows[i] {
			t.Fatalf("register row %d = %+v, want %+v", i, got[i], wantRows[i])
		}
	}
	evs := f.outbox(t, tid, finance.EventInvoiceApproved)
	if len(evs) != 1 || evs[0].Subject != inv.ID.String() {
		t.Fatalf("approved events %+v", evs)
	}
	var p map[string]any
	if err := json.Unmarshal(evs[0].Data, &p); err != nil || p["number"] != "INV/2026-27/000001" {
		t.Fatalf("event data %s", evs[0].Data)
	}
	if n := len(f.outbox(t, tid, finance.EventInvoiceSubmitted)); n != 1 {
		t.Fatalf("%d submitted events", n)
	}
}

func TestRatesAreAskedOncePerDistinctCategory(t *testing.T) {
	f := newInvoiceFixture(t)
	_, ctx := newTenantCtx(t)
	in := smallSale("2026-12-04", 1000)
	for range 9 {
		in.Lines = append(in.Lines, in.Lines[0])
	}
	in.Lines[3].VATCategory = "rice"
	in.BuyerWithholdsVAT = true
	f.mustCreate(t, ctx, in)
	// Two categories (the default and rice); VDS for two treatments.
	if vat, vds := f.rates.count(finance.RuleVAT), f.rates.count(finance.RuleVDS); vat != 2 || vds != 2 {
		t.Fatalf("vat.rate asked %d times, vds.rate %d; want 2 and 2", vat, vds)
	}
}

func TestPendingApprovalIsAppliedOnceByItsOutcome(t *testing.T) {
	f := newInvoiceFixture(t)
	tid, ctx := newTenantCtx(t)
	inv := f.mustSubmit(t, ctx, f.mustCreate(t, ctx, smallSale("2026-12-04", 200_000_00)).ID)
	if inv.Status != finance.StatusSubmitted || inv.ApprovalID == nil || *inv.ApprovalID != approvalID(inv.ID) {
		t.Fatalf("submitted = %s approval %v", inv.Status, inv.ApprovalID)
	}
	o := finance.ApprovalOutcome{ApprovalID: *inv.ApprovalID, DocumentID: inv.ID, Status: finance.ApprovalApproved,
		DecidedBy: "0190a0b0-0000-7000-8000-0000000000ff"}
	for range 3 {
		if err := f.svc.ApplyApproval(ctx, o); err != nil {
			t.Fatal(err)
		}
	}
	got, err := f.svc.Invoice(ctx, inv.ID)
	if err != nil || got.Status != finance.StatusApproved || got.Number != "INV/2026-27/000001" || got.ApprovedBy != o.DecidedBy {
		t.Fatalf("invoice = %+v, %v", got, err)
	}
	if n := len(f.outbox(t, tid, finance.EventJournalPosted)); n != 1 {
		t.Fatalf("%d journals posted for one approval", n)
	}
	stale := finance.ApprovalOutcome{ApprovalID: *inv.ApprovalID, DocumentID: inv.ID, Status: finance.ApprovalRejected}
	if err := f.svc.ApplyApproval(ctx, stale); err != nil {
		t.Fatal(err)
	}
	if again, _ := f.svc.Invoice(ctx, inv.ID); again.Status != finance.StatusApproved || again.Version != got.Version {
		t.Fatalf("a late rejection changed the approved invoice: %s v%d", again.Status, again.Version)
	}
}

func TestRejectedInvoiceReturnsToDraftAndIsSubmittedAgain(t *testing.T) {
	f := newInvoiceFixture(t)
	_, ctx := newTenantCtx(t)
	inv := f.mustSubmit(t, ctx, f.mustCreate(t, ctx, smallSale("2026-12-04", 200_000_00)).ID)
	err := f.svc.ApplyApproval(ctx, finance.ApprovalOutcome{ApprovalID: *inv.ApprovalID, DocumentID: inv.ID,
		Status: finance.ApprovalRejected, DecidedBy: "0190a0b0-0000-7000-8000-0000000000ee"})
	if err != nil {
		t.Fatal(err)
	}
	back, _ := f.svc.Invoice(ctx, inv.ID)
	if back.Status != finance.StatusDraft || back.Reason == "" || back.Number != "" {
		t.Fatalf("after rejection: %s %q %q", back.Status, back.Reason, back.Number)
	}
	in := smallSale("2026-12-04", 50_000_00)
	fixed, err := f.svc.UpdateInvoice(ctx, inv.ID, back.Version, in)
	if err != nil {
		t.Fatal(err)
	}
	if again := f.mustSubmit(t, ctx, fixed.ID); again.Status != finance.StatusApproved || again.Number != "INV/2026-27/000001" {
		t.Fatalf("resubmitted: %s %q", again.Status, again.Number)
	}
}

func TestApprovedInvoiceIsNeverEditedOrDeleted(t *testing.T) {
	f := newInvoiceFixture(t)
	tid, ctx := newTenantCtx(t)
	inv := f.mustSubmit(t, ctx, f.mustCreate(t, ctx, threeRateSale("2026-12-04")).ID)
	_, err := f.svc.UpdateInvoice(ctx, inv.ID, inv.Version, smallSale("2026-12-04", 100))
	wantField(t, err, errs.FailedPrecondition, "status")
	_, err = f.svc.CancelInvoice(ctx, inv.ID, 0, "wrong customer")
	wantField(t, err, errs.FailedPrecondition, "status")
	_, err = f.svc.SubmitInvoice(ctx, inv.ID, 0)
	wantField(t, err, errs.FailedPrecondition, "status")
	// Past the service, the database refuses too, naming the column.
	for _, tc := range []struct{ sql, field string }{
		{`UPDATE finance.invoices SET vat = vat + 1, total = total + 1, payable = payable + 1 WHERE id = $1`, "vat"},
		{`UPDATE finance.invoices SET number = 'INV/2026-27/000099' WHERE id = $1`, "number"},
		{`UPDATE finance.invoices SET lines = '[]' WHERE id = $1`, "lines"},
		{`UPDATE finance.invoices SET invoice_date = '2026-12-01' WHERE id = $1`, "invoiceDate"},
		{`UPDATE finance.invoices SET status = 'draft', number = NULL, journal_id = NULL WHERE id = $1`, "status"},
		{`DELETE FROM finance.invoices WHERE id = $1`, "status"},
	} {
		_, err := f.db.Admin.Exec(context.Background(), tc.sql, inv.ID)
		wantField(t, db.Translate(err), errs.InvalidArgument, tc.field)
	}
	after, _ := f.svc.Invoice(accountant(tid), inv.ID)
	if after.Version != inv.Version || after.Total != inv.Total || after.Number != inv.Number || len(after.Lines) != 3 {
		t.Fatalf("the approved invoice changed: %+v", after)
	}
}

func TestNegativeAmountsAreRefusedNamingTheField(t *testing.T) {
	f := newInvoiceFixture(t)
	_, ctx := newTenantCtx(t)
	in := smallSale("2026-12-04", -100)
	_, err := f.svc.CreateInvoice(ctx, in)
	wantField(t, err, errs.InvalidArgument, "lines[0].unitPrice")
	in = smallSale("2026-12-04", 100)
	in.Lines[0].Discount = bdt(-1)
	_, err = f.svc.CreateInvoice(ctx, in)
	wantField(t, err, errs.InvalidArgument, "lines[0].discount")
	in = smallSale("2026-12-04", 100)
	in.Lines[0].Discount = bdt(101)
	_, err = f.svc.CreateInvoice(ctx, in)
	wantField(t, err, errs.InvalidArgument, "lines[0].discount")
	in = smallSale("2026-12-04", 100)
	in.Lines[0].Quantity = "1.00001"
	_, err = f.svc.CreateInvoice(ctx, in)
	wantField(t, err, errs.InvalidArgument, "lines[0].quantity")
	list, _, err := f.svc.Invoices(ctx, finance.InvoiceFilter{})
	if err != nil || len(list) != 0 {
		t.Fatalf("refused invoices were stored: %d, %v", len(list), err)
	}
}

func TestTenantCannotReachAnotherTenantsInvoice(t *testing.T) {
	f := newInvoiceFixture(t)
	_, a := newTenantCtx(t)
	_, b := newTenantCtx(t)
	inv := f.mustCreate(t, a, smallSale("2026-12-04", 1000))
	if _, err := f.svc.Invoice(b, inv.ID); !errs.Is(err, errs.NotFound) {
		t.Fatalf("B read A's invoice: %v", err)
	}
	if _, err := f.svc.SubmitInvoice(b, inv.ID, 0); !errs.Is(err, errs.NotFound) {
		t.Fatalf("B submitted A's invoice: %v", err)
	}
	if _, err := f.svc.UpdateInvoice(b, inv.ID, 0, smallSale("2026-12-04", 5)); !errs.Is(err, errs.NotFound) {
		t.Fatalf("B edited A's invoice: %v", err)
	}
	if _, err := f.svc.CancelInvoice(b, inv.ID, 0, ""); !errs.Is(err, errs.NotFound) {
		t.Fatalf("B cancelled A's invoice: %v", err)
	}
	if _, err := f.svc.CreateNote(b, inv.ID, finance.KindCreditNote, smallSale("2026-12-04", 5)); !errs.Is(err, errs.NotFound) {
		t.Fatalf("B noted A's invoice: %v", err)
	}
	list, _, err := f.svc.Invoices(b, finance.InvoiceFilter{})
	if err != nil || len(list) != 0 {
		t.Fatalf("B lists %d invoices, %v", len(list), err)
	}
	if got, _ := f.svc.Invoice(a, inv.ID); got.Status != finance.StatusDraft || got.Version != 1 {
		t.Fatalf("A's invoice changed: %s v%d", got.Status, got.Version)
	}
	err = f.svc.ApplyApproval(b, finance.ApprovalOutcome{DocumentID: inv.ID, Status: finance.ApprovalApproved})
	if !errs.Is(err, errs.NotFound) {
		t.Fatalf("an outcome in B's name reached A's invoice: %v", err)
	}
}

func TestInvoiceDatedInAClosedPeriodIsNotSubmitted(t *testing.T) {
	f := newInvoiceFixture(t)
	_, ctx := newTenantCtx(t)
	draft := f.mustCreate(t, ctx, smallSale("2026-07-20", 1000))
	if _, err := f.svc.ClosePeriod(ctx, day("2026-07-01"), "July is filed"); err != nil {
		t.Fatal(err)
	}
	_, err := f.svc.SubmitInvoice(ctx, draft.ID, 0)
	wantField(t, err, errs.FailedPrecondition, "date")
	if got, _ := f.svc.Invoice(ctx, draft.ID); got.Status != finance.StatusDraft || got.Version != draft.Version {
		t.Fatalf("after the refusal: %s v%d", got.Status, got.Version)
	}
	if len(f.approvals.started) != 0 {
		t.Fatalf("an approval was started: %+v", f.approvals.started)
	}
}

func TestCancellingASubmittedInvoiceWithdrawsItsApproval(t *testing.T) {
	f := newInvoiceFixture(t)
	_, ctx := newTenantCtx(t)
	inv := f.mustSubmit(t, ctx, f.mustCreate(t, ctx, smallSale("2026-12-04", 200_000_00)).ID)
	if inv.Status != finance.StatusSubmitted || inv.ApprovalID == nil {
		t.Fatalf("submitted = %s approval %v", inv.Status, inv.ApprovalID)
	}
	got, err := f.svc.CancelInvoice(ctx, inv.ID, 0, "the customer withdrew the order")
	if err != nil || got.Status != finance.StatusCancelled {
		t.Fatalf("cancel: %+v, %v", got, err)
	}
	if w := f.approvals.withdrawals(); len(w) != 1 || w[0] != *inv.ApprovalID {
		t.Fatalf("withdrawn approvals %v, want [%s]", w, *inv.ApprovalID)
	}
	// An approval that still arrives changes nothing.
	o := finance.ApprovalOutcome{ApprovalID: *inv.ApprovalID, DocumentID: inv.ID, Status: finance.ApprovalApproved}
	if err := f.svc.ApplyApproval(ctx, o); err != nil {
		t.Fatal(err)
	}
	if again, _ := f.svc.Invoice(ctx, inv.ID); again.Status != finance.StatusCancelled || again.Number != "" {
		t.Fatalf("a late approval changed the cancelled invoice: %s %q", again.Status, again.Number)
	}
}
