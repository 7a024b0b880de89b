package graph

import (
	"context"

	"github.com/vextrus/vextrus/internal/finance"
)

// parentAccount finds obj's parent in its chart.
func (r *Resolver) parentAccount(ctx context.Context, obj *ChartOfAccount) (*ChartOfAccount, error) {
	if obj.ParentID == nil {
		return nil, nil
	}
	c, err := r.chartOf(ctx, obj)
	if err != nil {
		return nil, err
	}
	for _, a := range c.accounts {
		if a.ID == *obj.ParentID {
			return inChart(ctx, a, c), nil
		}
	}
	return nil, nil
}

// children are the accounts directly under obj, in code order.
func (r *Resolver) children(ctx context.Context, obj *ChartOfAccount) ([]ChartOfAccount, error) {
	c, err := r.chartOf(ctx, obj)
	if err != nil {
		return nil, err
	}
	out := []ChartOfAccount{}
	for _, a := range c.accounts {
		if a.ParentID != nil && *a.ParentID == obj.ID {
			out = append(out, *inChart(ctx, a, c))
		}
	}
	return out, nil
}

// createAccount adds the account of input.
func (r *Resolver) createAccount(ctx context.Context, input CreateAccountInput) (*ChartOfAccount, error) {
	n, err := fromCreateAccountInput(input)
	if err != nil {
		return nil, err
	}
	a, err := r.Service.CreateAccount(ctx, n)
	if err != nil {
		return nil, asArgument(err, "input", accountFields)
	}
	return toGraphAccount(ctx, a), nil
}

// updateAccount applies input to account id.
func (r *Resolver) updateAccount(ctx context.Context, id string, input UpdateAccountInput, expectedVersion *int) (*ChartOfAccount, error) {
	uid, err := parseID(id, "id")
	if err != nil {
		return nil, err
	}
	parent, err := parseOptionalID(input.ParentAccountID, "input.parentAccountId")
	if err != nil {
		return nil, err
	}
	a, err := r.Service.UpdateAccount(ctx, uid, finance.AccountPatch{Name: input.AccountName, NameBn: input.AccountNameBn,
		ParentID: parent, Active: input.IsActive, ExpectedVersion: deref(expectedVersion)})
	if err != nil {
		return nil, asArgument(err, "input", accountFields)
	}
	return toGraphAccount(ctx, a), nil
}

// deactivateAccount makes account id inactive.
func (r *Resolver) deactivateAccount(ctx context.Context, id string, reason *string, expectedVersion *int) (*ChartOfAccount, error) {
	uid, err := parseID(id, "id")
	if err != nil {
		return nil, err
	}
	inactive := false
	a, err := r.Service.UpdateAccount(ctx, uid, finance.AccountPatch{Active: &inactive, ExpectedVersion: deref(expectedVersion)})
	if err != nil {
		return nil, asArgument(err, "", fieldNames{"active": "id"})
	}
	return toGraphAccount(ctx, a), nil
}

// listAccounts is the chart, optionally of one type or activity.
func (r *Resolver) listAccounts(ctx context.Context, accountType *AccountType, isActive *bool) ([]ChartOfAccount, error) {
	c, err := r.readChart(ctx)
	if err != nil {
		return nil, err
	}
	out := []ChartOfAccount{}
	for _, a := range c.accounts {
		g := inChart(ctx, a, c)
		if accountType != nil && g.AccountType() != *accountType || isActive != nil && a.Active != *isActive {
			continue
		}
		out = append(out, *g)
	}
	return out, nil
}
