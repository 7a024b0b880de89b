package finance_test

import (
	"testing"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/finance"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

func TestStatementImportWithABadRowChangesNothingAndNamesLineAndColumn(t *testing.T) {
	f := newFixture(t)
	tn := newTenant(t)
	bank := f.accountID(t, tn, "1120")
	cases := []struct {
		name, csv, field string
	}{
		{"bad amount", "date,description,reference,amount\n2026-12-01,Deposit,R1,100.00\n2026-12-02,Deposit,R2,12.345\n", "lines[3].amount"},
		{"bad date", "Date,Description,Reference,Amount\n2026-12-01,Deposit,R1,100.00\n31-31-2026,Deposit,R2,12\n", "lines[3].date"},
		{"debit and credit both given", "date,description,reference,debit,credit\n01/12/2026,Fee,F1,10.00,5.00\n", "lines[2].debit"},
		{"short row", "date,description,reference,amount\n2026-12-01,Deposit,R1,100.00\n2026-12-02,Deposit\n", "lines[3]"},
		{"no amount column", "date,description,reference\n2026-12-01,Deposit,R1\n", "header"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := f.svc.ImportStatement(accountant(tn), bank, "December", []byte(tc.csv))
			wantField(t, err, errs.InvalidArgument, tc.field)
		})
	}
	if n := f.count(t, `SELECT count(*) FROM finance.bank_statements`) + f.count(t, `SELECT count(*) FROM finance.bank_statement_lines`); n != 0 {
		t.Fatalf("%d statement rows stored after refusals", n)
	}
	_, err := f.svc.ImportStatement(accountant(tn), f.accountID(t, tn, "4100"), "", []byte("date,amount\n2026-12-01,5\n"))
	wantField(t, err, errs.InvalidArgument, "accountId")
}

func TestStatementProposalsRankTheExactReferenceFirst(t *testing.T) {
	f := newFixture(t)
	tn := newTenant(t)
	ctx := accountant(tn)
	record := func(kind finance.PaymentKind, date, amount, ref string) finance.Payment {
		t.Helper()
		p, err := f.svc.RecordPayment(ctx, finance.NewPayment{Kind: kind, PartyID: uuid.New(), Date: day(date),
			Method: finance.MethodBank, Amount: tk(amount), Reference: ref})
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	near := record(finance.Receipt, "2026-12-02", "15000", "")          // same day, no reference
	exact := record(finance.Receipt, "2026-12-04", "15000", "TRX-9911") // two days off, reference equal
	record(finance.Receipt, "2026-12-09", "15000", "TRX-9911")          // outside the window
	record(finance.Disbursement, "2026-12-02", "15000", "TRX-9911")     // money out, not in
	out := record(finance.Disbursement, "2026-12-03", "1200.50", "")

	csv := "date,description,reference,debit,credit\n" +
		"02/12/2026,BEFTN inward ACME LTD,TRX 9911,,\"15,000.00\"\n" +
		"03/12/2026,Cheque paid,,1200.50,\n" +
		"05/12/2026,Unknown deposit,,,77.00\n"
	st, err := f.svc.ImportStatement(ctx, f.accountID(t, tn, "1120"), "DBBL December", []byte(csv))
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Lines) != 3 || st.Lines[0].Amount != 1500000 || st.Lines[1].Amount != -120050 {
		t.Fatalf("lines = %+v", st.Lines)
	}
	props := st.Lines[0].Proposals
	if len(props) != 2 || props[0].PaymentID != exact.ID || props[0].MatchedOn != "reference" || props[1].PaymentID != near.ID ||
		props[0].Score <= props[1].Score {
		t.Fatalf("proposals of line 1 = %+v", props)
	}
	if p := st.Lines[1].Proposals; len(p) != 1 || p[0].PaymentID != out.ID {
		t.Fatalf("proposals of line 2 = %+v", p)
	}
	if p := st.Lines[2].Proposals; len(p) != 0 {
		t.Fatalf("proposals of line 3 = %+v", p)
	}

	if _, err := f.svc.MatchStatementLine(ctx, st.ID, 1, out.ID); !errs.Is(err, errs.InvalidArgument) {
		t.Fatalf("matching money out to money in: %v", err)
	}
	if _, err := f.svc.MatchStatementLine(ctx, st.ID, 1, exact.ID); err != nil {
		t.Fatal(err)
	}
	got, err := f.svc.Statement(ctx, st.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Lines[0].PaymentID == nil || *got.Lines[0].PaymentID != exact.ID || len(got.Lines[0].Proposals) != 0 {
		t.Fatalf("matched line = %+v", got.Lines[0])
	}
	p, err := f.svc.Payment(ctx, exact.ID)
	if err != nil || p.Reconciled == nil || p.Reconciled.Line != 1 {
		t.Fatalf("payment after match = %+v, %v", p.Reconciled, err)
	}
	if _, err := f.svc.ReversePayment(ctx, exact.ID, finance.ReversePayment{Reason: "x"}); !errs.Is(err, errs.FailedPrecondition) {
		t.Fatalf("reversing a reconciled payment: %v", err)
	}
	if _, err := f.svc.UnmatchStatementLine(ctx, st.ID, 1); err != nil {
		t.Fatal(err)
	}
	if p, _ := f.svc.Payment(ctx, exact.ID); p.Reconciled != nil {
		t.Fatalf("payment still reconciled after unmatch: %+v", p.Reconciled)
	}
	if _, err := f.svc.Statement(accountant(newTenant(t)), st.ID); !errs.Is(err, errs.NotFound) {
		t.Fatalf("another tenant reads the statement: %v", err)
	}
}

func TestMatchingADepositToAChequeInHandClearsIt(t *testing.T) {
	f := newFixture(t)
	tn := newTenant(t)
	ctx := accountant(tn)
	d := day("2026-12-01")
	p, err := f.svc.RecordPayment(ctx, finance.NewPayment{Kind: finance.Receipt, PartyID: uuid.New(), Date: d,
		Method: finance.MethodCheque, Amount: tk("5000"), Cheque: &finance.Cheque{Number: "0045127", Bank: "Sonali Bank", Date: &d}})
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.svc.ImportStatement(ctx, f.accountID(t, tn, "1120"), "", []byte("date,description,reference,amount\n"+
		"2026-12-03,Clearing,CHQ 0045127,5000\n"))
	if err != nil {
		t.Fatal(err)
	}
	if props := st.Lines[0].Proposals; len(props) != 1 || props[0].PaymentID != p.ID || props[0].MatchedOn != "reference" {
		t.Fatalf("proposals = %+v", props)
	}
	balances := func() map[string][2]int64 {
		t.Helper()
		tb, err := f.svc.TrialBalance(ctx, day("2026-12-31"), false)
		if err != nil {
			t.Fatal(err)
		}
		return tbByCode(tb)
	}
	if _, err := f.svc.MatchStatementLine(ctx, st.ID, 1, p.ID); err != nil {
		t.Fatal(err)
	}
	if b := balances(); b["1130"] != [2]int64{0, 0} || b["1120"] != [2]int64{500000, 0} {
		t.Fatalf("after clearing: cheques in hand %v, bank %v", b["1130"], b["1120"])
	}
	if _, err := f.svc.UnmatchStatementLine(ctx, st.ID, 1); err != nil {
		t.Fatal(err)
	}
	if b := balances(); b["1130"] != [2]int64{500000, 0} || b["1120"] != [2]int64{0, 0} {
		t.Fatalf("after unmatching: cheques in hand %v, bank %v", b["1130"], b["1120"])
	}
}
