package finance_test

import (
	"slices"
	"testing"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/finance"
)

// gqlJournal is a JournalEntry as the tests read it.
type gqlJournal struct {
	ID, JournalDate, JournalType, Status, Description string
	JournalNumber, OriginalJournalID                  *string
	IsReversing                                       bool
	Version                                           int
	TotalDebit, TotalCredit                           struct{ Amount, Currency string }
	Lines                                             []struct {
		LineNumber                int
		AccountID                 string
		Account                   struct{ AccountCode string }
		DebitAmount, CreditAmount struct{ Amount string }
	}
}

const journalFields = `id journalNumber journalDate journalType status description isReversing originalJournalId version
	totalDebit { amount currency } totalCredit { amount currency } lines { lineNumber accountId debitAmount { amount } creditAmount { amount } }`

const createJournal = `mutation($in: CreateJournalInput!) { createJournal(input: $in) { ` + journalFields + ` } }`

// cashSale is CreateJournalInput of a cash sale of amount taka on date.
func cashSale(acct map[string]uuid.UUID, date, amount string, post bool) map[string]any {
	return map[string]any{"journalDate": date, "description": "cash sale", "autoPost": post, "lines": []map[string]any{
		{"accountId": acct["1110"].String(), "debitAmount": amount},
		{"accountId": acct["4100"].String(), "creditAmount": amount}}}
}

func TestGraphQLPostsAJournalThroughAMutation(t *testing.T) {
	f := newFixture(t)
	a := newTenant(t)
	acct := accountsByCode(t, f, accountant(a))
	api := serveGraph(t, f).accountant(t, a)

	var posted gqlJournal
	data := api.GraphQL(subgraph, createJournal, map[string]any{"in": cashSale(acct, "2026-11-20", "1250.50", true)}).Data(t)
	decode(t, data, "createJournal", &posted)
	if posted.Status != "POSTED" || posted.JournalNumber == nil || posted.JournalType != "GENERAL" || posted.JournalDate != "2026-11-20" ||
		posted.TotalDebit.Amount != "1250.50" || posted.TotalCredit.Amount != "1250.50" || posted.TotalDebit.Currency != "BDT" ||
		len(posted.Lines) != 2 || posted.Lines[1].CreditAmount.Amount != "1250.50" || posted.Lines[1].DebitAmount.Amount != "0.00" {
		t.Fatalf("posted: %s", data["createJournal"])
	}
	if got := len(f.outbox(t, a, finance.EventJournalPosted)); got != 1 {
		t.Fatalf("%d journal.posted events, want 1", got)
	}
	// The original's balance: every posting, on the account's normal side.
	const balances = `{ chartOfAccounts(isActive: true) { accountCode balance { amount currency } } }`
	var chart []struct {
		AccountCode string
		Balance     struct{ Amount, Currency string }
	}
	decode(t, api.GraphQL(subgraph, balances, nil).Data(t), "chartOfAccounts", &chart)
	for _, want := range []struct{ code, amount string }{{"1110", "1250.50"}, {"4100", "1250.50"}, {"1120", "0.00"}} {
		i := slices.IndexFunc(chart, func(a struct {
			AccountCode string
			Balance     struct{ Amount, Currency string }
		}) bool {
			return a.AccountCode == want.code
		})
		if i < 0 || chart[i].Balance.Amount != want.amount || chart[i].Balance.Currency != "BDT" {
			t.Fatalf("balance of %s: want %s in %+v", want.code, want.amount, chart)
		}
	}
	clerk := serveGraph(t, f).client(t, a, "clerk", finance.PermAccountRead)
	if code, _ := clerk.GraphQL(subgraph, balances, nil).FirstError(); code != "PERMISSION_DENIED" {
		t.Fatalf("a balance without finance.report.read: %s", code)
	}

	// A draft, a line appended, posted, then reversed.
	in := cashSale(acct, "2026-11-21", "100", false)
	in["lines"] = in["lines"].([]map[string]any)[:1]
	var draft gqlJournal
	decode(t, api.GraphQL(subgraph, createJournal, map[string]any{"in": in}).Data(t), "createJournal", &draft)
	if draft.Status != "DRAFT" || draft.JournalNumber != nil || draft.TotalDebit.Amount != "100.00" || draft.TotalCredit.Amount != "0.00" {
		t.Fatalf("draft: %+v", draft)
	}
	const add = `mutation($id: ID!, $acct: ID!) { addJournalLine(journalId: $id, input: {accountId: $acct, creditAmount: "100"}) { version lines { lineNumber } } }`
	var added gqlJournal
	decode(t, api.GraphQL(subgraph, add, map[string]any{"id": draft.ID, "acct": acct["4100"].String()}).Data(t), "addJournalLine", &added)
	if added.Version != 2 || len(added.Lines) != 2 || added.Lines[1].LineNumber != 2 {
		t.Fatalf("added a line: %+v", added)
	}
	const post = `mutation($id: ID!, $v: Int) { postJournal(id: $id, expectedVersion: $v) { status journalNumber } }`
	if code, _ := api.GraphQL(subgraph, post, map[string]any{"id": draft.ID, "v": 1}).FirstError(); code != "CONFLICT" {
		t.Fatalf("posting a stale version: %s", code)
	}
	var second gqlJournal
	decode(t, api.GraphQL(subgraph, post, map[string]any{"id": draft.ID, "v": 2}).Data(t), "postJournal", &second)
	if second.Status != "POSTED" || second.JournalNumber == nil || *second.JournalNumber == *posted.JournalNumber {
		t.Fatalf("posted draft: %+v", second)
	}
	const reverse = `mutation($id: ID!) { reverseJournal(id: $id, reversingDate: "2026-11-30") { ` + journalFields + ` } }`
	var rev gqlJournal
	decode(t, api.GraphQL(subgraph, reverse, map[string]any{"id": posted.ID}).Data(t), "reverseJournal", &rev)
	if !rev.IsReversing || rev.JournalType != "REVERSING" || rev.OriginalJournalID == nil || *rev.OriginalJournalID != posted.ID ||
		rev.Lines[0].CreditAmount.Amount != "1250.50" {
		t.Fatalf("reversal: %+v", rev)
	}

	// Newest first, lines read for posted journals of the list too.
	const list = `query($after: String) { journals(status: POSTED, first: 2, after: $after) {
		edges { cursor node { id status lines { lineNumber account { accountCode } } } } pageInfo { hasNextPage endCursor } } }`
	var page struct {
		Edges []struct {
			Cursor string
			Node   gqlJournal
		}
		PageInfo struct {
			HasNextPage bool
			EndCursor   *string
		}
	}
	decode(t, api.GraphQL(subgraph, list, nil).Data(t), "journals", &page)
	if len(page.Edges) != 2 || !page.PageInfo.HasNextPage || page.Edges[0].Node.ID != rev.ID || len(page.Edges[1].Node.Lines) != 2 ||
		page.Edges[1].Node.Lines[0].Account.AccountCode != "1110" {
		t.Fatalf("first page: %+v", page)
	}
	decode(t, api.GraphQL(subgraph, list, map[string]any{"after": *page.PageInfo.EndCursor}).Data(t), "journals", &page)
	if len(page.Edges) != 0 || page.PageInfo.HasNextPage {
		// The original was marked REVERSED, so two journals are POSTED.
		t.Fatalf("second page: %+v", page)
	}
}

func TestGraphQLRefusedJournalsNameTheFieldInExtensions(t *testing.T) {
	f := newFixture(t)
	a := newTenant(t)
	acct := accountsByCode(t, f, accountant(a))
	api := serveGraph(t, f).accountant(t, a)
	before, err := f.svc.ListJournals(accountant(a), finance.JournalFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for name, tc := range map[string]struct {
		in     map[string]any
		code   string
		fields []string
	}{
		"unbalanced": {in: func() map[string]any {
			in := cashSale(acct, "2026-11-20", "100", true)
			in["lines"].([]map[string]any)[1]["creditAmount"] = "99.99"
			return in
		}(), code: "INVALID_ARGUMENT", fields: []string{"input.lines"}},
		"sub-poisha and negative": {in: func() map[string]any {
			in := cashSale(acct, "2026-11-20", "100.005", true)
			in["lines"].([]map[string]any)[1]["creditAmount"] = "-100"
			return in
		}(), code: "INVALID_ARGUMENT", fields: []string{"input.lines[0].debitAmount", "input.lines[1].creditAmount"}},
		"both sides": {in: func() map[string]any {
			in := cashSale(acct, "2026-11-20", "100", true)
			in["lines"].([]map[string]any)[0]["creditAmount"] = "100"
			return in
		}(), code: "INVALID_ARGUMENT", fields: []string{"input.lines[0].debitAmount"}},
		"not a date":    {in: cashSale(acct, "20/11/2026", "100", true), code: "INVALID_ARGUMENT", fields: []string{"journalDate"}},
		"closed period": {in: cashSale(acct, "2026-07-10", "100", true), code: "FAILED_PRECONDITION", fields: []string{"input.journalDate"}},
	} {
		t.Run(name, func(t *testing.T) {
			if name == "closed period" {
				const closeJuly = `mutation { closeFiscalPeriod(date: "2026-07-31", reason: "July filed") { name status } }`
				if data := api.GraphQL(subgraph, closeJuly, nil).Data(t); string(data["closeFiscalPeriod"]) != `{"name":"2026-27 P01 (July 2026)","status":"CLOSED"}` {
					t.Fatalf("close July: %s", data["closeFiscalPeriod"])
				}
			}
			errors := api.GraphQL(subgraph, createJournal, map[string]any{"in": tc.in}).GraphQLErrors()
			if len(errors) != 1 || errors[0].Code() != tc.code || !slices.Equal(errors[0].Fields(), tc.fields) {
				t.Fatalf("errors: %+v, want %s naming %v", errors, tc.code, tc.fields)
			}
		})
	}
	js, err := f.svc.ListJournals(accountant(a), finance.JournalFilter{})
	if err != nil || len(js) != len(before) {
		t.Fatalf("journals after refusals: %d (%v)", len(js), err)
	}
	var periods []struct {
		Number int
		Status string
	}
	decode(t, api.GraphQL(subgraph, `{ fiscalPeriods(date: "2026-12-04") { number status } }`, nil).Data(t), "fiscalPeriods", &periods)
	if len(periods) != 12 || periods[0].Status != "CLOSED" || periods[1].Status != "OPEN" {
		t.Fatalf("periods: %+v", periods)
	}
}

func TestGraphQLTenantsNeverReadOrPostToAnotherLedger(t *testing.T) {
	f := newFixture(t)
	a, b := newTenant(t), newTenant(t)
	acctA := accountsByCode(t, f, accountant(a))
	srv := serveGraph(t, f)
	apiA, apiB := srv.accountant(t, a), srv.accountant(t, b)
	var draft gqlJournal
	decode(t, apiA.GraphQL(subgraph, createJournal, map[string]any{"in": cashSale(acctA, "2026-11-20", "10", false)}).Data(t),
		"createJournal", &draft)

	vars := map[string]any{"id": draft.ID}
	for name, q := range map[string]string{
		"read":    `query($id: ID!) { journal(id: $id) { id } }`,
		"post":    `mutation($id: ID!) { postJournal(id: $id) { id } }`,
		"update":  `mutation($id: ID!) { updateJournal(id: $id, input: {description: "B's"}) { id } }`,
		"delete":  `mutation($id: ID!) { deleteJournal(id: $id) }`,
		"reverse": `mutation($id: ID!) { reverseJournal(id: $id) { id } }`,
		"entity":  `query($id: ID!) { _entities(representations: [{__typename: "JournalEntry", id: $id}]) { ... on JournalEntry { id } } }`,
	} {
		if code, _ := apiB.GraphQL(subgraph, q, vars).FirstError(); code != "NOT_FOUND" {
			t.Errorf("B's %s of A's journal: %s", name, code)
		}
	}
	// B posting to A's accounts finds no such accounts in its own chart.
	errors := apiB.GraphQL(subgraph, createJournal, map[string]any{"in": cashSale(acctA, "2026-11-20", "10", true)}).GraphQLErrors()
	if len(errors) != 1 || errors[0].Code() != "INVALID_ARGUMENT" ||
		!slices.Equal(errors[0].Fields(), []string{"input.lines[0].accountId", "input.lines[1].accountId"}) {
		t.Fatalf("B posts to A's accounts: %+v", errors)
	}
	var list struct{ Edges []struct{ Node gqlJournal } }
	decode(t, apiB.GraphQL(subgraph, `{ journals { edges { node { id } } } }`, nil).Data(t), "journals", &list)
	if len(list.Edges) != 0 {
		t.Fatalf("B lists %d journals", len(list.Edges))
	}
	if j, err := f.svc.GetJournal(accountant(a), uuid.MustParse(draft.ID)); err != nil || j.Status != finance.JournalDraft || j.Memo != "cash sale" {
		t.Fatalf("A's draft after B's attempts: %+v (%v)", j, err)
	}
	reader := srv.client(t, a, "auditor", finance.PermJournalRead)
	if code, _ := reader.GraphQL(subgraph, createJournal, map[string]any{"in": cashSale(acctA, "2026-11-20", "10", false)}).FirstError(); code != "PERMISSION_DENIED" {
		t.Fatalf("a reader prepares a journal: %s", code)
	}
}
