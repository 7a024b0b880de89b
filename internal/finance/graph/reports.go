package graph

import (
	"context"
	"strconv"
	"time"

	"github.com/vextrus/vextrus/internal/finance"
)

func toGraphTrialBalance(tb finance.TrialBalance) *TrialBalance {
	out := &TrialBalance{AsOfDate: tb.AsOf, Entries: make([]TrialBalanceEntry, len(tb.Rows)),
		Summary: &TrialBalanceSummary{TotalDebits: taka(tb.TotalDebit), TotalCredits: taka(tb.TotalCredit),
			IsBalanced: tb.TotalDebit == tb.TotalCredit, Variance: taka(tb.TotalDebit - tb.TotalCredit), AccountCount: len(tb.Rows)}}
	for i, r := range tb.Rows {
		out.Entries[i] = TrialBalanceEntry{AccountID: r.AccountID.String(), AccountCode: r.Code, AccountName: r.Name,
			AccountType: toGraphType[r.Type], DebitBalance: taka(r.Debit), CreditBalance: taka(r.Credit), NetBalance: taka(r.Balance)}
	}
	return out
}

func toGraphLedger(ctx context.Context, l finance.Ledger) *GeneralLedger {
	out := &GeneralLedger{Account: toGraphAccount(ctx, l.Account), From: l.From, To: l.To, OpeningBalance: taka(l.Opening),
		ClosingBalance: taka(l.Closing), TotalDebit: taka(l.TotalDebit), TotalCredit: taka(l.TotalCredit),
		Entries: make([]GeneralLedgerEntry, len(l.Entries)), NextCursor: optional(l.NextCursor)}
	for i, e := range l.Entries {
		out.Entries[i] = GeneralLedgerEntry{Date: e.Date, JournalID: e.JournalID.String(), JournalNumber: e.JournalNumber,
			LineNumber: e.Line, Description: e.Memo, DebitAmount: taka(e.Debit), CreditAmount: taka(e.Credit), Balance: taka(e.Balance)}
		if e.PartyID != nil {
			p := e.PartyID.String()
			out.Entries[i].PartyID = &p
		}
	}
	return out
}

func toGraphBuckets(b finance.AgeingBuckets) *AgeingBuckets {
	return &AgeingBuckets{Current: taka(b.Current), Days1To30: taka(b.Days1To30), Days31To60: taka(b.Days31To60),
		Days61To90: taka(b.Days61To90), Over90: taka(b.Over90), Total: taka(b.Total)}
}

func toGraphAgeing(a finance.Ageing) *AgeingReport {
	out := &AgeingReport{AsOfDate: a.AsOf, Rows: make([]AgeingRow, len(a.Rows)), Totals: toGraphBuckets(a.Totals)}
	for i, r := range a.Rows {
		out.Rows[i] = AgeingRow{PartyID: r.PartyID.String(), PartyName: r.PartyName, Documents: r.Documents,
			Buckets: toGraphBuckets(r.AgeingBuckets)}
	}
	return out
}

func toGraphRegister(rows []finance.VATRegisterRow) []VatRegisterRow {
	out := make([]VatRegisterRow, len(rows))
	for i, r := range rows {
		out[i] = VatRegisterRow{Treatment: r.Treatment, Rate: percentOfBP(r.RateBP), Value: taka(r.Value),
			SupplementaryDuty: taka(r.SD), VatAmount: taka(r.VAT), VatDeductedAtSource: taka(r.VDS), Documents: r.Documents}
	}
	return out
}

// percentOfBP writes basis points as a percent: 750 is "7.5".
func percentOfBP(bp int) string {
	s := strconv.Itoa(bp / 100)
	if frac := bp % 100; frac != 0 {
		s += "." + strconv.Itoa(frac/10)
		if frac%10 != 0 {
			s += strconv.Itoa(frac % 10)
		}
	}
	return s
}

func toGraphVAT(v finance.VATSummary) *VatSummary {
	out := &VatSummary{Month: v.Month, Sales: toGraphRegister(v.Sales), Purchases: toGraphRegister(v.Purchases),
		SalesValue: taka(v.SalesValue), OutputVat: taka(v.OutputVAT), SalesSd: taka(v.SalesSD), VdsByCustomers: taka(v.VDSByCustomers),
		PurchaseValue: taka(v.PurchaseValue), InputVat: taka(v.InputVAT), PurchaseSd: taka(v.PurchaseSD),
		VdsDeducted: taka(v.VDSDeducted), NetVat: taka(v.NetVAT), Accounts: make([]VatAccount, len(v.Accounts))}
	for i, a := range v.Accounts {
		out.Accounts[i] = VatAccount{Role: string(a.Role), AccountID: a.AccountID.String(), AccountCode: a.Code, AccountName: a.Name,
			Debit: taka(a.Debit), Credit: taka(a.Credit), ClosingBalance: taka(a.Closing)}
	}
	return out
}

func toGraphStatementLine(l finance.StatementLine) *BankStatementLine {
	out := &BankStatementLine{Line: l.Line, Date: l.Date, Description: l.Description, Reference: l.Reference, Amount: taka(l.Amount),
		MatchedBy: optional(l.MatchedBy), MatchedAt: l.MatchedAt, Proposals: make([]PaymentProposal, len(l.Proposals))}
	if l.PaymentID != nil {
		p := l.PaymentID.String()
		out.PaymentID = &p
	}
	for i, p := range l.Proposals {
		out.Proposals[i] = PaymentProposal{PaymentID: p.PaymentID.String(), PaymentNumber: p.Number, PaymentDate: p.Date,
			Kind: PaymentKind(upper(string(p.Kind))), PaymentMethod: toGraphMethod[p.Method], Score: p.Score, MatchedOn: optional(p.MatchedOn)}
	}
	return out
}

func toGraphStatement(st finance.Statement) *BankStatement {
	out := &BankStatement{ID: st.ID.String(), BankAccountID: st.AccountID.String(), Name: st.Name, Starts: st.Starts, Ends: st.Ends,
		Lines: make([]BankStatementLine, len(st.Lines)), ImportedBy: optional(st.ImportedBy), ImportedAt: st.ImportedAt}
	for i, l := range st.Lines {
		out.Lines[i] = *toGraphStatementLine(l)
	}
	return out
}

// statement reads statement id, naming argument name when it is not a
// UUID.
func (r *Resolver) statement(ctx context.Context, id, name string) (*BankStatement, error) {
	uid, err := parseID(id, name)
	if err != nil {
		return nil, err
	}
	st, err := r.Service.Statement(ctx, uid)
	if err != nil {
		return nil, err
	}
	return toGraphStatement(st), nil
}

// generalLedger is a page of an account's ledger.
func (r *Resolver) generalLedger(ctx context.Context, accountID string, from time.Time, to time.Time, first *int, after *string) (*GeneralLedger, error) {
	acct, err := parseID(accountID, "accountId")
	if err != nil {
		return nil, err
	}
	l, err := r.Service.GeneralLedger(ctx, finance.LedgerQuery{AccountID: acct, From: from, To: to, Limit: deref(first), Cursor: deref(after)})
	if err != nil {
		return nil, asArgument(err, "", fieldNames{"limit": "first", "cursor": "after"})
	}
	return toGraphLedger(ctx, l), nil
}
