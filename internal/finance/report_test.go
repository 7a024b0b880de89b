package finance_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/finance"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

// threePostings records, in tenant ctx's books: a cash receipt of
// 1000.00 on 2026-11-10, a bank disbursement of 250.50 on 2026-11-20 and a
// bank receipt of 300.00 on 2026-12-01.
func threePostings(t *testing.T, f *fixture, ctx context.Context) {
	t.Helper()
	for _, n := range []finance.NewPayment{
		{Kind: finance.Receipt, Date: day("2026-11-10"), Method: finance.MethodCash, Amount: tk("1000")},
		{Kind: finance.Disbursement, Date: day("2026-11-20"), Method: finance.MethodBank, Amount: tk("250.50")},
		{Kind: finance.Receipt, Date: day("2026-12-01"), Method: finance.MethodBank, Amount: tk("300")},
	} {
		n.PartyID = uuid.New()
		if _, err := f.svc.RecordPayment(ctx, n); err != nil {
			t.Fatal(err)
		}
	}
}

// tbByCode is a trial balance's rows as code → [debit, credit].
func tbByCode(tb finance.TrialBalance) map[string][2]int64 {
	out := map[string][2]int64{}
	for _, r := range tb.Rows {
		out[r.Code] = [2]int64{r.Debit, r.Credit}
	}
	return out
}

func TestTrialBalanceBalancesAndMatchesTheHandFigures(t *testing.T) {
	f := newFixture(t)
	tn := newTenant(t)
	ctx := accountant(tn)
	threePostings(t, f, ctx)
	cases := []struct {
		asOf        string
		want        map[string][2]int64
		total       int64
		description string
	}{
		{"2026-11-09", map[string][2]int64{}, 0, "before any posting"},
		{"2026-11-20", map[string][2]int64{"1110": {100000, 0}, "1120": {0, 25050}, "1200": {0, 100000}, "2100": {25050, 0}}, 125050,
			"on the day of the second posting, the bank overdrawn"},
		{"2026-12-31", map[string][2]int64{"1110": {100000, 0}, "1120": {4950, 0}, "1200": {0, 130000}, "2100": {25050, 0}}, 130000,
			"after every posting"},
	}
	for _, tc := range cases {
		t.Run(tc.description, func(t *testing.T) {
			tb, err := f.svc.TrialBalance(ctx, day(tc.asOf), false)
			if err != nil {
				t.Fatal(err)
			}
			got := tbByCode(tb)
			if len(got) != len(tc.want) {
				t.Fatalf("rows = %v, want %v", got, tc.want)
			}
			for code, w := range tc.want {
				if got[code] != w {
					t.Fatalf("account %s = %v, want %v (all %v)", code, got[code], w, got)
				}
			}
			if tb.TotalDebit != tc.total || tb.TotalCredit != tc.total {
				t.Fatalf("totals %d / %d, want %d", tb.TotalDebit, tb.TotalCredit, tc.total)
			}
		})
	}
	// A second posting on a day already posted to moves that day's balance
	// and its month's.
	if _, err := f.svc.RecordPayment(ctx, finance.NewPayment{Kind: finance.Receipt, PartyID: uuid.New(), Date: day("2026-11-10"),
		Method: finance.MethodCash, Amount: tk("1")}); err != nil {
		t.Fatal(err)
	}
	for asOf, want := range map[string][2]int64{"2026-11-10": {100100, 0}, "2026-11-30": {100100, 0}, "2026-12-31": {100100, 0}} {
		tb, err := f.svc.TrialBalance(ctx, day(asOf), false)
		if err != nil {
			t.Fatal(err)
		}
		if got := tbByCode(tb)["1110"]; got != want || tb.TotalDebit != tb.TotalCredit {
			t.Fatalf("cash as of %s = %v, want %v (totals %d/%d)", asOf, got, want, tb.TotalDebit, tb.TotalCredit)
		}
	}
	all, err := f.svc.TrialBalance(ctx, day("2026-12-31"), true)
	if err != nil {
		t.Fatal(err)
	}
	accts, _ := f.svc.ListAccounts(ctx)
	postable := 0
	for _, a := range accts {
		if !a.Header {
			postable++
		}
	}
	if len(all.Rows) != postable || all.TotalDebit != 130100 {
		t.Fatalf("all accounts: %d rows of %d postable, debit %d", len(all.Rows), postable, all.TotalDebit)
	}
	for _, r := range all.Rows {
		if r.Code == "1200" && r.Balance != -130100 {
			t.Fatalf("receivables on their normal side = %d", r.Balance)
		}
	}
	_, err = f.svc.TrialBalance(ctx, time.Time{}, false)
	wantField(t, err, errs.InvalidArgument, "asOf")
	_, err = f.svc.TrialBalance(as(tn, "u", finance.PermPaymentRead), day("2026-12-31"), false)
	wantCode(t, err, errs.PermissionDenied)
}

func TestGeneralLedgerRunsTheBalanceAcrossPages(t *testing.T) {
	f := newFixture(t)
	tn := newTenant(t)
	ctx := accountant(tn)
	threePostings(t, f, ctx)
	bank := f.accountID(t, tn, "1120")
	q := finance.LedgerQuery{AccountID: bank, From: day("2026-11-15"), To: day("2026-12-31"), Limit: 1}
	first, err := f.svc.GeneralLedger(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if first.Opening != 0 || first.Closing != 4950 || first.TotalDebit != 30000 || first.TotalCredit != 25050 || len(first.Entries) != 1 ||
		first.Entries[0].Credit != 25050 || first.Entries[0].Balance != -25050 || first.NextCursor == "" || first.Entries[0].JournalNumber == "" {
		t.Fatalf("first page = %+v", first)
	}
	q.Cursor = first.NextCursor
	second, err := f.svc.GeneralLedger(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if len(second.Entries) != 1 || second.Entries[0].Debit != 30000 || second.Entries[0].Balance != 4950 || second.NextCursor != "" {
		t.Fatalf("second page = %+v", second)
	}
	late, err := f.svc.GeneralLedger(ctx, finance.LedgerQuery{AccountID: bank, From: day("2026-11-25"), To: day("2026-12-31")})
	if err != nil {
		t.Fatal(err)
	}
	if late.Opening != -25050 || len(late.Entries) != 1 || late.Entries[0].Balance != 4950 {
		t.Fatalf("ledger from 2026-11-25 = %+v", late)
	}
	dec, err := f.svc.GeneralLedger(ctx, finance.LedgerQuery{AccountID: bank, From: day("2026-12-01"), To: day("2026-12-31")})
	if err != nil {
		t.Fatal(err)
	}
	if dec.Opening != -25050 || dec.Closing != 4950 || len(dec.Entries) != 1 || dec.Entries[0].Balance != 4950 {
		t.Fatalf("ledger of December, November's balance brought forward = %+v", dec)
	}
	_, err = f.svc.GeneralLedger(ctx, finance.LedgerQuery{AccountID: bank, From: day("2026-12-31"), To: day("2026-12-01")})
	wantField(t, err, errs.InvalidArgument, "to")
	_, err = f.svc.GeneralLedger(ctx, finance.LedgerQuery{AccountID: bank, From: day("2026-12-01"), To: day("2026-12-31"), Cursor: "x"})
	wantField(t, err, errs.InvalidArgument, "cursor")
}

func TestTenantCannotSeeAnotherTenantsReports(t *testing.T) {
	f := newFixture(t)
	a, b := newTenant(t), newTenant(t)
	threePostings(t, f, accountant(a))
	tb, err := f.svc.TrialBalance(accountant(b), day("2026-12-31"), false)
	if err != nil || len(tb.Rows) != 0 || tb.TotalDebit != 0 {
		t.Fatalf("B's trial balance = %+v, %v", tb, err)
	}
	bank := f.accountID(t, a, "1120")
	if _, err := f.svc.GeneralLedger(accountant(b), finance.LedgerQuery{AccountID: bank, From: day("2026-11-01"),
		To: day("2026-12-31")}); !errs.Is(err, errs.NotFound) {
		t.Fatalf("B reads A's ledger: %v", err)
	}
}
