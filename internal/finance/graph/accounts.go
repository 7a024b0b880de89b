package graph

import (
	"context"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/finance"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// ledgerCurrency is the currency the books are kept in.
const ledgerCurrency = "BDT"

// accountFields are the account input's names for the service's fields.
var accountFields = fieldNames{"code": "accountCode", "name": "accountName", "nameBn": "accountNameBn",
	"type": "accountType", "parentId": "parentAccountId", "active": "isActive"}

var toGraphType = map[finance.AccountType]AccountType{
	finance.Asset: AccountTypeAsset, finance.Liability: AccountTypeLiability, finance.Equity: AccountTypeEquity,
	finance.Income: AccountTypeRevenue, finance.Expense: AccountTypeExpense,
}

func fromGraphType(t AccountType) finance.AccountType {
	for k, v := range toGraphType {
		if v == t {
			return k
		}
	}
	return finance.AccountType(t)
}

func toGraphAccount(ctx context.Context, a finance.Account) *ChartOfAccount {
	t, _ := tenant.From(ctx)
	out := &ChartOfAccount{ID: a.ID.String(), AccountCode: a.Code, AccountName: a.Name, AccountNameBn: a.NameBn,
		AccountType: toGraphType[a.Type], Currency: ledgerCurrency, IsActive: a.Active, IsHeader: a.Header,
		Control: optional(string(a.Control)), Role: optional(string(a.Role)), Used: a.Used, Version: a.Version,
		TenantID: t.String(), CreatedAt: a.CreatedAt, UpdatedAt: a.UpdatedAt}
	if a.ParentID != nil {
		p := a.ParentID.String()
		out.ParentAccountID = &p
	}
	return out
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// parseID reads the UUID s of argument or input field name. Returns
// INVALID_ARGUMENT naming it.
func parseID(s, name string) (uuid.UUID, error) {
	id, err := uuid.Parse(s)
	if err != nil {
		return uuid.Nil, errs.Field(name, "must be a UUID")
	}
	return id, nil
}

// parseOptionalID is parseID of a nullable value.
func parseOptionalID(s *string, name string) (*uuid.UUID, error) {
	if s == nil {
		return nil, nil
	}
	id, err := parseID(*s, name)
	return &id, err
}

// fromCreateAccountInput builds the account of in. Returns
// INVALID_ARGUMENT naming input fields.
func fromCreateAccountInput(in CreateAccountInput) (finance.NewAccount, error) {
	c := &errs.Collector{}
	parent, err := parseOptionalID(in.ParentAccountID, "input.parentAccountId")
	c.Merge("", err)
	c.Check(in.Currency == nil || *in.Currency == ledgerCurrency, "input.currency", "the ledger is kept in %s", ledgerCurrency)
	n := finance.NewAccount{Code: in.AccountCode, Name: in.AccountName, NameBn: deref(in.AccountNameBn),
		Type: fromGraphType(in.AccountType), ParentID: parent, Control: finance.Control(deref(in.Control)), Header: deref(in.IsHeader)}
	return n, c.Err()
}

// accountByCode finds the account with code in the caller's chart.
// Returns NOT_FOUND naming the code.
func (r *Resolver) accountByCode(ctx context.Context, code string) (finance.Account, error) {
	all, err := r.Service.ListAccounts(ctx)
	if err != nil {
		return finance.Account{}, err
	}
	for _, a := range all {
		if a.Code == code {
			return a, nil
		}
	}
	return finance.Account{}, errs.E(errs.NotFound, "no account with code %q", code)
}
