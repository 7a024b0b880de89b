package graph

import (
	"context"
	"sync"
	"time"

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

// ChartOfAccount is the schema's ChartOfAccount over an account of the
// service.
type ChartOfAccount struct {
	finance.Account
	tenant string
	// chart is what the account was read with: the tenant's whole chart
	// when a list read it, so parentAccount, children and balance need no
	// further read per account.
	chart *chart
}

// chart is the tenant's chart as one request read it, and the balances
// of its accounts, read once when the first is asked.
type chart struct {
	accounts []finance.Account
	once     sync.Once
	balances map[uuid.UUID]int64
	err      error
}

// endOfTime dates the trial balance that holds every posting.
var endOfTime = time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)

// balance is account id's net balance on its normal side over every
// posting, reading all balances of the tenant once.
func (c *chart) balance(ctx context.Context, s *finance.Service, id uuid.UUID) (int64, error) {
	c.once.Do(func() {
		tb, err := s.TrialBalance(ctx, endOfTime, false)
		if err != nil {
			c.err = err
			return
		}
		c.balances = make(map[uuid.UUID]int64, len(tb.Rows))
		for _, r := range tb.Rows {
			c.balances[r.AccountID] = r.Balance
		}
	})
	return c.balances[id], c.err
}

// IsEntity marks ChartOfAccount a federation entity.
func (ChartOfAccount) IsEntity() {}

// AccountType is the account's class in the original's names.
func (a *ChartOfAccount) AccountType() AccountType { return toGraphType[a.Type] }

// Currency is the ledger's.
func (a *ChartOfAccount) Currency() string { return ledgerCurrency }

// ControlText is receivable or payable, null for other accounts.
func (a *ChartOfAccount) ControlText() *string { return optional(string(a.Control)) }

// RoleText is the role the platform posts by, null when none.
func (a *ChartOfAccount) RoleText() *string { return optional(string(a.Role)) }

// TenantID is the caller's tenant, whose chart it is.
func (a *ChartOfAccount) TenantID() string { return a.tenant }

// toGraphAccount is a read alone; its relatives and balance are read
// when asked.
func toGraphAccount(ctx context.Context, a finance.Account) *ChartOfAccount {
	t, _ := tenant.From(ctx)
	return &ChartOfAccount{Account: a, tenant: t.String(), chart: &chart{}}
}

// chartOf gives the chart a belongs to: the one it was read with, else
// the tenant's, read now.
func (r *Resolver) chartOf(ctx context.Context, a *ChartOfAccount) (*chart, error) {
	if a.chart.accounts != nil {
		return a.chart, nil
	}
	all, err := r.Service.ListAccounts(ctx)
	if err != nil {
		return nil, err
	}
	return &chart{accounts: all}, nil
}

// readChart reads the tenant's chart for one request.
func (r *Resolver) readChart(ctx context.Context) (*chart, error) {
	all, err := r.Service.ListAccounts(ctx)
	if err != nil {
		return nil, err
	}
	return &chart{accounts: all}, nil
}

// inChart is a of c, whose relatives and balance are read from c.
func inChart(ctx context.Context, a finance.Account, c *chart) *ChartOfAccount {
	out := toGraphAccount(ctx, a)
	out.chart = c
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
func (r *Resolver) accountByCode(ctx context.Context, code string) (*ChartOfAccount, error) {
	c, err := r.readChart(ctx)
	if err != nil {
		return nil, err
	}
	for _, a := range c.accounts {
		if a.Code == code {
			return inChart(ctx, a, c), nil
		}
	}
	return nil, errs.E(errs.NotFound, "no account with code %q", code)
}

// account reads account id, naming argument name when it is not a UUID.
func (r *Resolver) account(ctx context.Context, id, name string) (*ChartOfAccount, error) {
	uid, err := parseID(id, name)
	if err != nil {
		return nil, err
	}
	a, err := r.Service.Account(ctx, uid)
	if err != nil {
		return nil, err
	}
	return toGraphAccount(ctx, a), nil
}
