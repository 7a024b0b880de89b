package finance_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/vextrus/vextrus/internal/finance"
)

// gqlPayment is a Payment as the tests read it.
type gqlPayment struct {
	ID, PaymentNumber, Kind, Status, PaymentMethod, PaymentDate string
	InvoiceID                                                   *string
	Amount, AllocatedAmount, UnallocatedAmount                  struct{ Amount string }
	Allocations                                                 []struct {
		InvoiceID string
		Amount    struct{ Amount string }
	}
	MobileWallet *struct{ Provider, MobileNumber, TransactionID string }
}

const createPayment = `mutation($in: CreatePaymentInput!) { createPayment(input: $in) { id paymentNumber kind status paymentMethod
	paymentDate invoiceId amount { amount } allocatedAmount { amount } unallocatedAmount { amount }
	allocations { invoiceId amount { amount } } mobileWallet { provider mobileNumber transactionId } } }`

func TestGraphQLPaymentsSettleInvoicesAndTheReportsShowIt(t *testing.T) {
	f := newInvoiceFixture(t)
	a, ctx := newTenantCtx(t)
	srv := serveGraph(t, f.fixture)
	api := srv.accountant(t, a)
	inv := f.mustSubmit(t, ctx, f.mustCreate(t, ctx, smallSale("2026-10-01", 10_000_00)).ID)
	if inv.Status != finance.StatusApproved {
		t.Fatalf("invoice: %s", inv.Status)
	}

	in := map[string]any{"partyId": customer.ID.String(), "invoiceId": inv.ID.String(), "amount": "4000", "paymentMethod": "MOBILE_WALLET",
		"paymentDate": "2026-11-15", "walletProvider": "BKASH", "mobileNumber": "01712-345678", "walletTransactionId": "BK9Z"}
	var paid gqlPayment
	decode(t, api.GraphQL(subgraph, createPayment, map[string]any{"in": in}).Data(t), "createPayment", &paid)
	if paid.Kind != "RECEIPT" || paid.Status != "COMPLETED" || paid.PaymentMethod != "MOBILE_WALLET" || paid.InvoiceID == nil ||
		*paid.InvoiceID != inv.ID.String() || paid.AllocatedAmount.Amount != "4000.00" || paid.UnallocatedAmount.Amount != "0.00" ||
		paid.MobileWallet == nil || paid.MobileWallet.Provider != "BKASH" || paid.MobileWallet.MobileNumber != "+8801712345678" {
		t.Fatalf("payment: %+v", paid)
	}
	var invoice struct {
		Status     string
		PaidAmount struct{ Amount string }
	}
	decode(t, api.GraphQL(subgraph, `query($id: ID!) { invoice(id: $id) { status paidAmount { amount } } }`,
		map[string]any{"id": inv.ID.String()}).Data(t), "invoice", &invoice)
	if invoice.Status != "PARTIALLY_PAID" || invoice.PaidAmount.Amount != "4000.00" {
		t.Fatalf("invoice after the payment: %+v", invoice)
	}

	// A second payment, an advance; newest first, any edge's cursor pages on.
	in = map[string]any{"partyId": customer.ID.String(), "amount": "500.50", "paymentMethod": "CASH", "paymentDate": "2026-11-20"}
	var advance gqlPayment
	decode(t, api.GraphQL(subgraph, createPayment, map[string]any{"in": in}).Data(t), "createPayment", &advance)
	const list = `query($after: String) { payments(first: 1, after: $after) { edges { cursor node { id invoiceId
		invoice { status } allocations { invoiceId invoice { id } } } } pageInfo { hasNextPage endCursor } } }`
	var page struct {
		Edges []struct {
			Cursor string
			Node   struct {
				gqlPayment
				Invoice     *struct{ Status string }
				Allocations []struct {
					InvoiceID string
					Invoice   struct{ ID string }
				}
			}
		}
		PageInfo struct{ HasNextPage bool }
	}
	decode(t, api.GraphQL(subgraph, list, nil).Data(t), "payments", &page)
	if len(page.Edges) != 1 || page.Edges[0].Node.ID != advance.ID || page.Edges[0].Node.InvoiceID != nil ||
		page.Edges[0].Node.Invoice != nil || !page.PageInfo.HasNextPage {
		t.Fatalf("first page: %+v", page)
	}
	decode(t, api.GraphQL(subgraph, list, map[string]any{"after": page.Edges[0].Cursor}).Data(t), "payments", &page)
	if len(page.Edges) != 1 {
		t.Fatalf("second page: %+v", page)
	}
	if n := page.Edges[0].Node; n.ID != paid.ID || len(n.Allocations) != 1 || n.Allocations[0].Invoice.ID != inv.ID.String() ||
		n.Invoice == nil || n.Invoice.Status != "PARTIALLY_PAID" || page.PageInfo.HasNextPage {
		t.Fatalf("second page: %+v", page)
	}

	const reports = `{
		trialBalance(input: {asOfDate: "2026-11-30"}) { asOfDate summary { totalDebits { amount } totalCredits { amount } isBalanced variance { amount } }
			entries { accountId accountCode accountType netBalance { amount } } }
		receivablesAgeing(asOfDate: "2026-11-30") { totals { total { amount } } rows { partyId documents } }
		vatSummary(month: "2026-10-01") { month outputVAT { amount } sales { treatment rate vatAmount { amount } } }
	}`
	var got struct {
		TrialBalance struct {
			AsOfDate string
			Summary  struct {
				TotalDebits, TotalCredits, Variance struct{ Amount string }
				IsBalanced                          bool
			}
			Entries []struct {
				AccountID, AccountCode, AccountType string
				NetBalance                          struct{ Amount string }
			}
		}
		ReceivablesAgeing struct {
			Totals struct{ Total struct{ Amount string } }
			Rows   []struct {
				PartyID   string
				Documents int
			}
		}
		VatSummary struct {
			Month     string
			OutputVAT struct{ Amount string }
			Sales     []struct {
				Treatment, Rate string
				VatAmount       struct{ Amount string }
			}
		}
	}
	data := api.GraphQL(subgraph, reports, nil).Data(t)
	decode(t, data, "trialBalance", &got.TrialBalance)
	decode(t, data, "receivablesAgeing", &got.ReceivablesAgeing)
	decode(t, data, "vatSummary", &got.VatSummary)
	tb := got.TrialBalance
	if tb.AsOfDate != "2026-11-30" || !tb.Summary.IsBalanced || tb.Summary.Variance.Amount != "0.00" ||
		tb.Summary.TotalDebits != tb.Summary.TotalCredits || len(tb.Entries) == 0 {
		t.Fatalf("trial balance: %s", data["trialBalance"])
	}
	i := slices.IndexFunc(tb.Entries, func(e struct {
		AccountID, AccountCode, AccountType string
		NetBalance                          struct{ Amount string }
	}) bool {
		return e.AccountCode == "1110"
	})
	if i < 0 || tb.Entries[i].NetBalance.Amount != "500.50" || tb.Entries[i].AccountType != "ASSET" {
		t.Fatalf("cash in the trial balance: %s", data["trialBalance"])
	}
	const ledger = `query($id: ID!) { generalLedger(accountId: $id, from: "2026-11-01", to: "2026-11-30") {
		account { accountCode } openingBalance { amount } closingBalance { amount } entries { date lineNumber balance { amount } } } }`
	var gl struct {
		Account                        struct{ AccountCode string }
		OpeningBalance, ClosingBalance struct{ Amount string }
		Entries                        []struct {
			Date       string
			LineNumber int
			Balance    struct{ Amount string }
		}
	}
	decode(t, api.GraphQL(subgraph, ledger, map[string]any{"id": tb.Entries[i].AccountID}).Data(t), "generalLedger", &gl)
	if gl.Account.AccountCode != "1110" || gl.OpeningBalance.Amount != "0.00" || gl.ClosingBalance.Amount != "500.50" ||
		len(gl.Entries) != 1 || gl.Entries[0].Date != "2026-11-20" || gl.Entries[0].Balance.Amount != "500.50" {
		t.Fatalf("cash ledger: %+v", gl)
	}
	// 10,000 + 15 % VAT, less the 4,000 paid.
	if ag := got.ReceivablesAgeing; ag.Totals.Total.Amount != "7500.00" || len(ag.Rows) != 1 || ag.Rows[0].PartyID != customer.ID.String() {
		t.Fatalf("ageing: %s", data["receivablesAgeing"])
	}
	if v := got.VatSummary; v.Month != "2026-10-01" || v.OutputVAT.Amount != "1500.00" || len(v.Sales) != 1 || v.Sales[0].Rate != "15" {
		t.Fatalf("VAT summary: %s", data["vatSummary"])
	}

	// Refusals name the input's fields; another tenant sees nothing.
	in = map[string]any{"partyId": customer.ID.String(), "amount": "10.005", "paymentMethod": "MOBILE_WALLET", "walletProvider": "NAGAD",
		"mobileNumber": "12345", "walletTransactionId": "X"}
	errors := api.GraphQL(subgraph, createPayment, map[string]any{"in": in}).GraphQLErrors()
	if len(errors) != 1 || errors[0].Code() != "INVALID_ARGUMENT" || !slices.Equal(errors[0].Fields(), []string{"input.amount"}) {
		t.Fatalf("sub-poisha payment: %+v", errors)
	}
	in["amount"] = "10"
	errors = api.GraphQL(subgraph, createPayment, map[string]any{"in": in}).GraphQLErrors()
	if len(errors) != 1 || errors[0].Code() != "INVALID_ARGUMENT" || !slices.Equal(errors[0].Fields(), []string{"input.mobileNumber"}) {
		t.Fatalf("a bad wallet number: %+v", errors)
	}
	apiB := srv.accountant(t, newTenant(t))
	if code, _ := apiB.GraphQL(subgraph, `query($id: ID!) { payment(id: $id) { id } }`, map[string]any{"id": paid.ID}).FirstError(); code != "NOT_FOUND" {
		t.Fatalf("B reads A's payment: %s", code)
	}
	var empty struct{ Edges []struct{ Node gqlPayment } }
	decode(t, apiB.GraphQL(subgraph, `{ payments { edges { node { id } } } }`, nil).Data(t), "payments", &empty)
	if len(empty.Edges) != 0 {
		t.Fatalf("B lists %d payments", len(empty.Edges))
	}
}

func TestGraphQLReconcilesAPaymentAgainstAnImportedStatement(t *testing.T) {
	f := newFixture(t)
	a := newTenant(t)
	acct := accountsByCode(t, f, accountant(a))
	api := serveGraph(t, f).accountant(t, a)
	in := map[string]any{"partyId": customer.ID.String(), "amount": "15000", "paymentMethod": "BANK_TRANSFER",
		"paymentDate": "2026-12-02", "reference": "TRX-9911"}
	var paid gqlPayment
	decode(t, api.GraphQL(subgraph, createPayment, map[string]any{"in": in}).Data(t), "createPayment", &paid)

	const importCSV = `mutation($acct: ID!, $csv: String!) { importBankStatement(bankAccountId: $acct, name: "DBBL December", csv: $csv) {
		id name starts ends lines { line date amount { amount } paymentId proposals { paymentId matchedOn paymentMethod } } } }`
	csv := "date,description,reference,debit,credit\n02/12/2026,BEFTN inward ACME LTD,TRX 9911,,\"15,000.00\"\n03/12/2026,Cheque paid,,1200.50,\n"
	var st struct {
		ID, Name, Starts, Ends string
		Lines                  []struct {
			Line      int
			Date      string
			Amount    struct{ Amount string }
			PaymentID *string
			Proposals []struct{ PaymentID, MatchedOn, PaymentMethod string }
		}
	}
	decode(t, api.GraphQL(subgraph, importCSV, map[string]any{"acct": acct["1120"].String(), "csv": csv}).Data(t), "importBankStatement", &st)
	if st.Starts != "2026-12-02" || len(st.Lines) != 2 || st.Lines[1].Amount.Amount != "-1200.50" || len(st.Lines[0].Proposals) != 1 ||
		st.Lines[0].Proposals[0].PaymentID != paid.ID || st.Lines[0].Proposals[0].PaymentMethod != "BANK_TRANSFER" {
		t.Fatalf("statement: %+v", st)
	}
	errors := api.GraphQL(subgraph, importCSV, map[string]any{"acct": acct["1120"].String(), "csv": "date,amount\nnot a date,1\n"}).GraphQLErrors()
	if len(errors) != 1 || errors[0].Code() != "INVALID_ARGUMENT" || len(errors[0].Fields()) == 0 {
		t.Fatalf("a bad CSV: %+v", errors)
	}

	const reconcile = `mutation($id: ID!, $st: ID!) { reconcilePayment(id: $id, input: {bankStatementId: $st, line: 1}) {
		reconciled bankStatementId bankStatementLine } }`
	var rec struct {
		Reconciled        bool
		BankStatementID   string
		BankStatementLine int
	}
	decode(t, api.GraphQL(subgraph, reconcile, map[string]any{"id": paid.ID, "st": st.ID}).Data(t), "reconcilePayment", &rec)
	if !rec.Reconciled || rec.BankStatementID != st.ID || rec.BankStatementLine != 1 {
		t.Fatalf("reconciled: %+v", rec)
	}
	const reverse = `mutation($id: ID!) { reversePayment(id: $id, input: {reason: "recalled"}) { status } }`
	if code, _ := api.GraphQL(subgraph, reverse, map[string]any{"id": paid.ID}).FirstError(); code != "FAILED_PRECONDITION" {
		t.Fatalf("reversing a reconciled payment: %s", code)
	}
	const unmatch = `mutation($st: ID!) { unmatchStatementLine(statementId: $st, line: 1) { paymentId } }`
	if data := api.GraphQL(subgraph, unmatch, map[string]any{"st": st.ID}).Data(t); string(data["unmatchStatementLine"]) != `{"paymentId":null}` {
		t.Fatalf("unmatched: %s", data["unmatchStatementLine"])
	}
	const read = `query($st: ID!) { bankStatement(id: $st) { lines { paymentId proposals { paymentId } } } }`
	if data := api.GraphQL(subgraph, read, map[string]any{"st": st.ID}).Data(t); !strings.Contains(string(data["bankStatement"]),
		`{"paymentId":null,"proposals":[{"paymentId":"`+paid.ID+`"}]}`) {
		t.Fatalf("the statement after unmatching: %s", data["bankStatement"])
	}
	var reversed struct{ Status string }
	decode(t, api.GraphQL(subgraph, reverse, map[string]any{"id": paid.ID}).Data(t), "reversePayment", &reversed)
	if reversed.Status != "REVERSED" {
		t.Fatalf("reversed: %+v", reversed)
	}
}
