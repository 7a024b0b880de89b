package finance_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/finance"
	"github.com/vextrus/vextrus/internal/platform/bd"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/money"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// tk is the amount of taka s ("1250.50").
func tk(s string) money.Amount {
	a, err := money.Parse(s, money.BDT)
	if err != nil {
		panic(err)
	}
	return a
}

// wantField fails unless err is code and names field.
func wantField(tb testing.TB, err error, code errs.Code, field string) {
	tb.Helper()
	wantCode(tb, err, code)
	for _, f := range errs.As(err).Fields {
		if f.Field == field {
			return
		}
	}
	tb.Fatalf("error %v does not name %s (fields %+v)", err, field, errs.As(err).Fields)
}

// wantCode fails unless err carries code.
func wantCode(tb testing.TB, err error, code errs.Code) {
	tb.Helper()
	if !errs.Is(err, code) {
		tb.Fatalf("error = %v, want %s", err, code)
	}
}

// postedLine is a ledger line as the test reads it from the database.
type postedLine struct {
	Code          string
	Debit, Credit int64
	Party         *uuid.UUID
}

// journalLines reads the posted lines of journal id of tenant t, bypassing
// row-level security.
func (f *fixture) journalLines(tb testing.TB, t tenant.ID, id uuid.UUID) []postedLine {
	tb.Helper()
	rows, err := f.db.Admin.Query(context.Background(), `SELECT a.code, l.debit, l.credit, l.party_id FROM finance.journal_lines l
		JOIN finance.accounts a ON a.tenant_id = l.tenant_id AND a.id = l.account_id
		WHERE l.tenant_id = $1 AND l.journal_id = $2 ORDER BY l.line`, t.UUID(), id)
	if err != nil {
		tb.Fatal(err)
	}
	defer rows.Close()
	var out []postedLine
	for rows.Next() {
		var l postedLine
		if err := rows.Scan(&l.Code, &l.Debit, &l.Credit, &l.Party); err != nil {
			tb.Fatal(err)
		}
		out = append(out, l)
	}
	return out
}

func (f *fixture) count(tb testing.TB, q string, args ...any) int {
	tb.Helper()
	var n int
	if err := f.db.Admin.QueryRow(context.Background(), q, args...).Scan(&n); err != nil {
		tb.Fatal(err)
	}
	return n
}

func TestReceiptPostsMoneyAgainstReceivable(t *testing.T) {
	f := newFixture(t)
	tn := newTenant(t)
	ctx := accountant(tn)
	party := uuid.New()
	p, err := f.svc.RecordPayment(ctx, finance.NewPayment{Kind: finance.Receipt, PartyID: party, Date: day("2026-12-01"),
		Method: finance.MethodBank, Amount: tk("11500.00"), Reference: "BEFTN-778812"})
	if err != nil {
		t.Fatal(err)
	}
	if p.Number != "RV/2026-27/000001" || p.Status != finance.PaymentRecorded || !p.Unallocated().Equal(tk("11500")) {
		t.Fatalf("payment = %+v", p)
	}
	lines := f.journalLines(t, tn, p.JournalID)
	want := []postedLine{{Code: "1120", Debit: 1150000}, {Code: "1200", Credit: 1150000, Party: &party}}
	if len(lines) != 2 || lines[0].Code != want[0].Code || lines[0].Debit != want[0].Debit || lines[1].Code != want[1].Code ||
		lines[1].Credit != want[1].Credit || lines[1].Party == nil || *lines[1].Party != party {
		t.Fatalf("journal lines = %+v, want %+v", lines, want)
	}
	evs := f.outbox(t, tn, finance.EventPaymentRecorded)
	if len(evs) != 1 || evs[0].Subject != p.ID.String() {
		t.Fatalf("payment.recorded events = %+v", evs)
	}
	var data finance.RecordedPayment
	if err := json.Unmarshal(evs[0].Data, &data); err != nil || !data.Amount.Equal(tk("11500")) || data.Kind != "receipt" {
		t.Fatalf("payment.recorded data = %s (%v)", evs[0].Data, err)
	}
	got, err := f.svc.Payment(ctx, p.ID)
	if err != nil || got.Number != p.Number || got.Reference != "BEFTN-778812" || got.AccountID != p.AccountID {
		t.Fatalf("Payment = %+v, %v", got, err)
	}
}

func TestDisbursementByWalletPostsPayableAgainstTheWallet(t *testing.T) {
	f := newFixture(t)
	tn := newTenant(t)
	party := uuid.New()
	p, err := f.svc.RecordPayment(accountant(tn), finance.NewPayment{Kind: finance.Disbursement, PartyID: party,
		Date: day("2026-12-02"), Method: finance.MethodWallet, Amount: tk("2500.75"),
		Wallet: &finance.Wallet{Provider: "nagad", Number: "01812-345678", TransactionID: "NG7X1Q2W"}})
	if err != nil {
		t.Fatal(err)
	}
	if p.Number != "PV/2026-27/000001" || p.Wallet.Number != bd.Mobile("+8801812345678") {
		t.Fatalf("payment = %+v wallet %+v", p, p.Wallet)
	}
	lines := f.journalLines(t, tn, p.JournalID)
	if len(lines) != 2 || lines[0].Code != "2100" || lines[0].Debit != 250075 || lines[0].Party == nil ||
		lines[1].Code != "1152" || lines[1].Credit != 250075 {
		t.Fatalf("journal lines = %+v", lines)
	}
}

func TestPaymentRefusesBadInputNamingTheField(t *testing.T) {
	f := newFixture(t)
	tn := newTenant(t)
	ctx := accountant(tn)
	ok := func() finance.NewPayment {
		return finance.NewPayment{Kind: finance.Receipt, PartyID: uuid.New(), Date: day("2026-12-01"), Method: finance.MethodBank,
			Amount: tk("100")}
	}
	cases := []struct {
		name  string
		edit  func(*finance.NewPayment)
		field string
	}{
		{"wallet payment without a transaction id", func(n *finance.NewPayment) {
			n.Method, n.Wallet = finance.MethodWallet, &finance.Wallet{Provider: "bkash", Number: "01712345678"}
		}, "wallet.transactionId"},
		{"wallet number that is not a Bangladeshi mobile", func(n *finance.NewPayment) {
			n.Method, n.Wallet = finance.MethodWallet, &finance.Wallet{Provider: "bkash", Number: "01212345678", TransactionID: "X1"}
		}, "wallet.number"},
		{"unknown wallet provider", func(n *finance.NewPayment) {
			n.Method, n.Wallet = finance.MethodWallet, &finance.Wallet{Provider: "upay", Number: "01712345678", TransactionID: "X1"}
		}, "wallet.provider"},
		{"negative amount", func(n *finance.NewPayment) { n.Amount = tk("-5") }, "amount"},
		{"zero amount", func(n *finance.NewPayment) { n.Amount = tk("0") }, "amount"},
		{"cheque without its number", func(n *finance.NewPayment) {
			d := day("2026-12-05")
			n.Method, n.Cheque = finance.MethodCheque, &finance.Cheque{Bank: "Sonali Bank", Date: &d}
		}, "cheque.number"},
		{"no party", func(n *finance.NewPayment) { n.PartyID = uuid.Nil }, "partyId"},
		{"unknown method", func(n *finance.NewPayment) { n.Method = "barter" }, "method"},
		{"allocations over the amount", func(n *finance.NewPayment) {
			n.Allocations = []finance.Allocation{{InvoiceID: uuid.New(), Amount: tk("60")}, {InvoiceID: uuid.New(), Amount: tk("40.01")}}
		}, "allocations"},
		{"a liability as the money account", func(n *finance.NewPayment) { id := f.accountID(t, tn, "2100"); n.AccountID = &id }, "accountId"},
	}
	for _, tc := range cases {
		t.Run("refuses "+tc.name, func(t *testing.T) {
			n := ok()
			tc.edit(&n)
			_, err := f.svc.RecordPayment(ctx, n)
			wantField(t, err, errs.InvalidArgument, tc.field)
		})
	}
	if n := f.count(t, `SELECT count(*) FROM finance.payments`); n != 0 {
		t.Fatalf("%d payments stored after refusals", n)
	}
	if n := f.count(t, `SELECT count(*) FROM finance.journal_lines`); n != 0 {
		t.Fatalf("%d journal lines posted after refusals", n)
	}
	t.Run("sub-poisha amounts never parse", func(t *testing.T) {
		_, err := money.Parse("10.005", money.BDT)
		wantField(t, err, errs.InvalidArgument, "amount")
	})
}

// accountID is the id of the account with code in tenant t's chart,
// seeding the chart first.
func (f *fixture) accountID(tb testing.TB, t tenant.ID, code string) uuid.UUID {
	tb.Helper()
	accts, err := f.svc.ListAccounts(accountant(t))
	if err != nil {
		tb.Fatal(err)
	}
	if len(accts) == 0 {
		// A tenant's chart is seeded on its first write.
		if _, err := f.svc.CreateAccount(accountant(t), finance.NewAccount{Code: "1199", Name: "Petty cash", Type: finance.Asset}); err != nil {
			tb.Fatal(err)
		}
		if accts, err = f.svc.ListAccounts(accountant(t)); err != nil {
			tb.Fatal(err)
		}
	}
	for _, a := range accts {
		if a.Code == code {
			return a.ID
		}
	}
	tb.Fatalf("no account %s", code)
	return uuid.Nil
}

func TestPaymentReversalPostsTheOppositeJournal(t *testing.T) {
	f := newFixture(t)
	tn := newTenant(t)
	ctx := accountant(tn)
	d := day("2026-12-01")
	p, err := f.svc.RecordPayment(ctx, finance.NewPayment{Kind: finance.Receipt, PartyID: uuid.New(), Date: d,
		Method: finance.MethodCheque, Amount: tk("5000"), Cheque: &finance.Cheque{Number: "0045127", Bank: "Dutch-Bangla Bank", Date: &d}})
	if err != nil {
		t.Fatal(err)
	}
	if lines := f.journalLines(t, tn, p.JournalID); lines[0].Code != "1130" {
		t.Fatalf("a received cheque goes to cheques in hand, got %+v", lines)
	}
	_, err = f.svc.ReversePayment(ctx, p.ID, finance.ReversePayment{Date: day("2026-12-03")})
	wantField(t, err, errs.InvalidArgument, "reason")
	r, err := f.svc.ReversePayment(ctx, p.ID, finance.ReversePayment{Date: day("2026-12-03"), Reason: "cheque dishonoured"})
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != finance.PaymentReversed || r.ReversalJournalID == nil {
		t.Fatalf("reversed payment = %+v", r)
	}
	lines := f.journalLines(t, tn, *r.ReversalJournalID)
	if len(lines) != 2 || lines[0].Code != "1130" || lines[0].Credit != 500000 || lines[1].Code != "1200" || lines[1].Debit != 500000 {
		t.Fatalf("reversal lines = %+v", lines)
	}
	if evs := f.outbox(t, tn, finance.EventPaymentReversed); len(evs) != 1 {
		t.Fatalf("payment.reversed events = %+v", evs)
	}
	_, err = f.svc.ReversePayment(ctx, p.ID, finance.ReversePayment{Reason: "again"})
	wantCode(t, err, errs.FailedPrecondition)
}

func TestTenantCannotSeeAnotherTenantsPayments(t *testing.T) {
	f := newFixture(t)
	a, b := newTenant(t), newTenant(t)
	p, err := f.svc.RecordPayment(accountant(a), finance.NewPayment{Kind: finance.Receipt, PartyID: uuid.New(),
		Date: day("2026-12-01"), Method: finance.MethodCash, Amount: tk("10")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Payment(accountant(b), p.ID); !errs.Is(err, errs.NotFound) {
		t.Fatalf("B reads A's payment: %v", err)
	}
	page, err := f.svc.ListPayments(accountant(b), finance.PaymentFilter{})
	if err != nil || len(page.Items) != 0 {
		t.Fatalf("B lists %d payments (%v)", len(page.Items), err)
	}
	if _, err := f.svc.ReversePayment(accountant(b), p.ID, finance.ReversePayment{Reason: "x"}); !errs.Is(err, errs.NotFound) {
		t.Fatalf("B reverses A's payment: %v", err)
	}
	if _, err := f.svc.Payment(as(a, "u1", finance.PermReportRead), p.ID); !errs.Is(err, errs.PermissionDenied) {
		t.Fatalf("a caller without finance.payment.read: %v", err)
	}
}

func TestListPaymentsPagesNewestFirst(t *testing.T) {
	f := newFixture(t)
	tn := newTenant(t)
	ctx := accountant(tn)
	for _, d := range []string{"2026-11-01", "2026-11-03", "2026-11-02"} {
		if _, err := f.svc.RecordPayment(ctx, finance.NewPayment{Kind: finance.Receipt, PartyID: uuid.New(), Date: day(d),
			Method: finance.MethodCash, Amount: tk("1")}); err != nil {
			t.Fatal(err)
		}
	}
	var dates []string
	cursor := ""
	for range 3 {
		page, err := f.svc.ListPayments(ctx, finance.PaymentFilter{Limit: 2, Cursor: cursor})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range page.Items {
			dates = append(dates, p.Date.Format("2006-01-02"))
		}
		if cursor = page.NextCursor; cursor == "" {
			break
		}
	}
	if len(dates) != 3 || dates[0] != "2026-11-03" || dates[1] != "2026-11-02" || dates[2] != "2026-11-01" {
		t.Fatalf("dates = %v", dates)
	}
	_, err := f.svc.ListPayments(ctx, finance.PaymentFilter{Cursor: "nonsense"})
	wantField(t, err, errs.InvalidArgument, "cursor")
}

func TestPaymentIntoAClosedPeriodIsRefusedAndTakesNoNumber(t *testing.T) {
	f := newFixture(t)
	tn := newTenant(t)
	ctx := accountant(tn)
	for _, d := range []string{"2026-07-01", "2026-08-01", "2026-09-01", "2026-10-01"} {
		if _, err := f.svc.ClosePeriod(ctx, day(d), "closed in order"); err != nil {
			t.Fatal(err)
		}
	}
	n := finance.NewPayment{Kind: finance.Disbursement, PartyID: uuid.New(), Date: day("2026-10-31"), Method: finance.MethodCash,
		Amount: tk("75")}
	_, err := f.svc.RecordPayment(ctx, n)
	wantField(t, err, errs.FailedPrecondition, "date")
	n.Date = day("2026-11-01")
	p, err := f.svc.RecordPayment(ctx, n)
	if err != nil {
		t.Fatal(err)
	}
	if p.Number != "PV/2026-27/000001" {
		t.Fatalf("the refused payment took a number: the next is %s", p.Number)
	}
}
