package finance_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/finance"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

// accountsByCode returns the tenant's accounts by code, seeding the chart.
func accountsByCode(tb testing.TB, f *fixture, ctx context.Context) map[string]uuid.UUID {
	tb.Helper()
	accts, err := f.svc.ListAccounts(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	if len(accts) == 0 {
		// The first write seeds the chart.
		if _, err := f.svc.CreateJournal(ctx, finance.NewJournal{Date: day("2026-11-01"), Lines: nil}); err != nil {
			tb.Fatal(err)
		}
		if accts, err = f.svc.ListAccounts(ctx); err != nil {
			tb.Fatal(err)
		}
	}
	out := map[string]uuid.UUID{}
	for _, a := range accts {
		out[a.Code] = a.ID
	}
	return out
}

// postCash posts "cash sale": Dr cash, Cr sales, of amount poisha on date.
func postCash(tb testing.TB, f *fixture, ctx context.Context, acct map[string]uuid.UUID, date string, amount int64) finance.Journal {
	tb.Helper()
	j, err := f.svc.CreateJournal(ctx, finance.NewJournal{Date: day(date), Memo: "cash sale", Post: true, Lines: []finance.Line{
		{AccountID: acct["1110"], Debit: amount}, {AccountID: acct["4100"], Credit: amount}}})
	if err != nil {
		tb.Fatalf("post: %v", err)
	}
	return j
}

// balance is the net debit of account on the ledger's balances table.
func balance(tb testing.TB, f *fixture, ctx context.Context, account uuid.UUID) int64 {
	tb.Helper()
	var net int64
	err := f.db.App.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) error {
		return tx.QueryRow(ctx, `SELECT coalesce(sum(debit - credit), 0) FROM finance.account_balances WHERE account_id = $1`, account).Scan(&net)
	})
	if err != nil {
		tb.Fatal(err)
	}
	return net
}

func TestAPostedJournalMovesBalancesAndGetsANumber(t *testing.T) {
	f := newFixture(t)
	a := newTenant(t)
	ctx := accountant(a)
	acct := accountsByCode(t, f, ctx)
	j := postCash(t, f, ctx, acct, "2026-11-03", 1_234_550)
	if j.Status != finance.JournalPosted || j.Number != "JV/2026-27/000001" || j.Total != 1_234_550 {
		t.Fatalf("posted journal = %s %q total %d; want posted JV/2026-27/000001 total 1234550", j.Status, j.Number, j.Total)
	}
	if got := balance(t, f, ctx, acct["1110"]); got != 1_234_550 {
		t.Fatalf("cash balance %d, want 1234550", got)
	}
	if got := balance(t, f, ctx, acct["4100"]); got != -1_234_550 {
		t.Fatalf("sales balance %d, want -1234550", got)
	}
	if evs := f.outbox(t, a, finance.EventJournalPosted); len(evs) != 1 || evs[0].Subject != j.ID.String() {
		t.Fatalf("journal.posted events = %+v", evs)
	}
}

func TestBadJournalsAreRefusedNamingTheFieldAndChangeNothing(t *testing.T) {
	f := newFixture(t)
	a := newTenant(t)
	ctx := accountant(a)
	acct := accountsByCode(t, f, ctx)
	cases := []struct {
		name  string
		lines []finance.Line
		field string
	}{
		{"unbalanced by one poisha", []finance.Line{{AccountID: acct["1110"], Debit: 10001}, {AccountID: acct["4100"], Credit: 10000}}, "lines"},
		{"negative amount", []finance.Line{{AccountID: acct["1110"], Debit: -5}, {AccountID: acct["4100"], Credit: -5}}, "lines[0].debit"},
		{"debit and credit on one line", []finance.Line{{AccountID: acct["1110"], Debit: 5, Credit: 5}, {AccountID: acct["4100"], Credit: 0}}, "lines[0].debit"},
		{"one line", []finance.Line{{AccountID: acct["1110"], Debit: 5}}, "lines"},
		{"header account", []finance.Line{{AccountID: acct["1000"], Debit: 5}, {AccountID: acct["4100"], Credit: 5}}, "lines[0].accountId"},
		{"unknown account", []finance.Line{{AccountID: uuid.New(), Debit: 5}, {AccountID: acct["4100"], Credit: 5}}, "lines[0].accountId"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := f.svc.CreateJournal(ctx, finance.NewJournal{Date: day("2026-11-03"), Post: true, Lines: tc.lines})
			if !errs.Is(err, errs.InvalidArgument) || !slices.ContainsFunc(errs.As(err).Fields, func(fe errs.FieldError) bool { return fe.Field == tc.field }) {
				t.Fatalf("err = %v (fields %+v), want INVALID_ARGUMENT naming %s", err, errs.As(err).Fields, tc.field)
			}
		})
	}
	if got := balance(t, f, ctx, acct["1110"]); got != 0 {
		t.Fatalf("a refused journal moved cash by %d", got)
	}
	if js, err := f.svc.ListJournals(ctx, finance.JournalFilter{Status: finance.JournalPosted}); err != nil || len(js) != 0 {
		t.Fatalf("posted journals after refusals: %d, %v", len(js), err)
	}
}

func TestTheDatabaseRefusesAnUnbalancedOrChangedLedgerWhateverWritesIt(t *testing.T) {
	f := newFixture(t)
	a := newTenant(t)
	ctx := accountant(a)
	acct := accountsByCode(t, f, ctx)
	j := postCash(t, f, ctx, acct, "2026-11-03", 500)
	id := uuid.New()
	raw := func(sql string, args ...any) error {
		return f.db.App.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
			_, err := tx.Exec(ctx, sql, args...)
			return err
		})
	}
	err := raw(`WITH j AS (INSERT INTO finance.journals (tenant_id, id, number, date, status, total, posted_at)
			VALUES (current_setting('app.tenant_id')::uuid, $1, 'X-1', '2026-11-03', 'posted', 700, now()))
		SELECT 1`, id)
	if err != nil {
		t.Fatalf("journal header: %v", err)
	}
	err = raw(`INSERT INTO finance.journal_lines (tenant_id, journal_id, line, account_id, date, debit, credit) VALUES
		(current_setting('app.tenant_id')::uuid, $1, 1, $2, '2026-11-03', 700, 0),
		(current_setting('app.tenant_id')::uuid, $1, 2, $3, '2026-11-03', 0, 699)`, id, acct["1110"], acct["4100"])
	if !errs.Is(db.Translate(err), errs.InvalidArgument) {
		t.Fatalf("unbalanced lines: %v, want refused", err)
	}
	if err := raw(`UPDATE finance.journal_lines SET debit = debit + 1 WHERE journal_id = $1`, j.ID); err == nil {
		t.Fatal("a posted line was changed")
	}
	if err := raw(`DELETE FROM finance.journal_lines WHERE journal_id = $1`, j.ID); err == nil {
		t.Fatal("a posted line was deleted")
	}
	if err := raw(`UPDATE finance.journals SET status = 'draft' WHERE id = $1`, j.ID); err == nil {
		t.Fatal("a posted journal went back to draft")
	}
	if got := balance(t, f, ctx, acct["1110"]); got != 500 {
		t.Fatalf("cash balance %d, want 500", got)
	}
}

func TestPostingIntoAClosedPeriodIsRefusedNamingThePeriod(t *testing.T) {
	f := newFixture(t)
	a := newTenant(t)
	ctx := accountant(a)
	acct := accountsByCode(t, f, ctx)
	draft, err := f.svc.CreateJournal(ctx, finance.NewJournal{Date: day("2026-07-15"), Lines: []finance.Line{
		{AccountID: acct["1110"], Debit: 100}, {AccountID: acct["4100"], Credit: 100}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.ClosePeriod(ctx, day("2026-08-01"), ""); !errs.Is(err, errs.FailedPrecondition) {
		t.Fatalf("closing August before July: %v, want FAILED_PRECONDITION", err)
	}
	p, err := f.svc.ClosePeriod(ctx, day("2026-07-31"), "July reported")
	if err != nil || p.Status != finance.PeriodClosed || p.Number != 1 {
		t.Fatalf("close July: %+v, %v", p, err)
	}
	_, err = f.svc.PostJournal(ctx, draft.ID, 0)
	if !errs.Is(err, errs.FailedPrecondition) || !slices.ContainsFunc(errs.As(err).Fields, func(fe errs.FieldError) bool { return fe.Field == "date" }) {
		t.Fatalf("posting into July: %v, want FAILED_PRECONDITION naming date", err)
	}
	if want := "2026-27 P01 (July 2026)"; !strings.Contains(err.Error(), want) {
		t.Fatalf("error %q does not name %s", err, want)
	}
	if got := balance(t, f, ctx, acct["1110"]); got != 0 {
		t.Fatalf("refused posting moved cash by %d", got)
	}
	if _, err := f.svc.ReopenPeriod(ctx, day("2026-07-01"), ""); !errs.Is(err, errs.InvalidArgument) {
		t.Fatalf("reopen without a reason: %v", err)
	}
	if _, err := f.svc.ClosePeriod(ctx, day("2026-12-01"), ""); !errs.Is(err, errs.FailedPrecondition) {
		t.Fatalf("closing a period that has not ended: %v", err)
	}
	if _, err := f.svc.ReopenPeriod(ctx, day("2026-07-01"), "late supplier bill"); err != nil {
		t.Fatal(err)
	}
	if j, err := f.svc.PostJournal(ctx, draft.ID, 0); err != nil || j.Status != finance.JournalPosted {
		t.Fatalf("posting after reopening: %v", err)
	}
	if got := len(f.outbox(t, a, finance.EventPeriodClosed)); got != 1 {
		t.Fatalf("%d period.closed events, want 1", got)
	}
}

func TestClosingAndReopeningNeedTheirOwnPermissions(t *testing.T) {
	f := newFixture(t)
	a := newTenant(t)
	clerk := as(a, "clerk", finance.PermJournalWrite, finance.PermJournalPost, finance.PermPeriodRead)
	if _, err := f.svc.ClosePeriod(clerk, day("2026-07-01"), ""); !errs.Is(err, errs.PermissionDenied) {
		t.Fatalf("close without finance.period.close: %v", err)
	}
	closer := as(a, "closer", finance.PermPeriodClose)
	if _, err := f.svc.ClosePeriod(closer, day("2026-07-01"), ""); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.ReopenPeriod(closer, day("2026-07-01"), "mistake"); !errs.Is(err, errs.PermissionDenied) {
		t.Fatalf("reopen with only finance.period.close: %v", err)
	}
}

func TestAReversalUndoesAJournalWhichIsNeverEdited(t *testing.T) {
	f := newFixture(t)
	a := newTenant(t)
	ctx := accountant(a)
	acct := accountsByCode(t, f, ctx)
	j := postCash(t, f, ctx, acct, "2026-11-03", 9_999)
	memo := "changed"
	if _, err := f.svc.UpdateJournal(ctx, j.ID, finance.JournalPatch{Memo: &memo}); !errs.Is(err, errs.FailedPrecondition) {
		t.Fatalf("editing a posted journal: %v", err)
	}
	rev, err := f.svc.ReverseJournal(ctx, j.ID, day("2026-11-05"), "")
	if err != nil {
		t.Fatal(err)
	}
	if rev.Reverses == nil || *rev.Reverses != j.ID || rev.Source != finance.SourceReversal {
		t.Fatalf("reversal %+v does not point at %s", rev, j.ID)
	}
	orig, err := f.svc.GetJournal(ctx, j.ID)
	if err != nil || orig.Status != finance.JournalReversed || orig.ReversedBy == nil || *orig.ReversedBy != rev.ID {
		t.Fatalf("original after reversal: %+v, %v", orig, err)
	}
	if got := balance(t, f, ctx, acct["1110"]); got != 0 {
		t.Fatalf("cash after reversal %d, want 0", got)
	}
	if _, err := f.svc.ReverseJournal(ctx, j.ID, day("2026-11-05"), ""); !errs.Is(err, errs.FailedPrecondition) {
		t.Fatalf("second reversal: %v", err)
	}
}

func TestATenantNeverSeesOrPostsToAnotherTenantsLedger(t *testing.T) {
	f := newFixture(t)
	a, b := newTenant(t), newTenant(t)
	ctxA, ctxB := accountant(a), accountant(b)
	acctA := accountsByCode(t, f, ctxA)
	acctB := accountsByCode(t, f, ctxB)
	j := postCash(t, f, ctxA, acctA, "2026-11-03", 700)
	if _, err := f.svc.GetJournal(ctxB, j.ID); !errs.Is(err, errs.NotFound) {
		t.Fatalf("B reads A's journal: %v", err)
	}
	if js, err := f.svc.ListJournals(ctxB, finance.JournalFilter{}); err != nil || slices.ContainsFunc(js, func(x finance.Journal) bool { return x.ID == j.ID }) {
		t.Fatalf("B lists A's journal: %v", err)
	}
	if _, err := f.svc.Account(ctxB, acctA["1110"]); !errs.Is(err, errs.NotFound) {
		t.Fatalf("B reads A's account: %v", err)
	}
	_, err := f.svc.CreateJournal(ctxB, finance.NewJournal{Date: day("2026-11-03"), Post: true, Lines: []finance.Line{
		{AccountID: acctA["1110"], Debit: 5}, {AccountID: acctB["4100"], Credit: 5}}})
	if !errs.Is(err, errs.InvalidArgument) {
		t.Fatalf("B posts to A's account: %v, want refused", err)
	}
	if _, err := f.svc.ReverseJournal(ctxB, j.ID, day("2026-11-04"), ""); !errs.Is(err, errs.NotFound) {
		t.Fatalf("B reverses A's journal: %v", err)
	}
	if got := balance(t, f, ctxA, acctA["1110"]); got != 700 {
		t.Fatalf("A's cash %d, want 700", got)
	}
}
