package orders

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/money"
	"github.com/vextrus/vextrus/internal/platform/svcclient"
	"github.com/vextrus/vextrus/internal/rules/rulesclient"
)

// RuleCreditCheck is the rule set that decides a sales order's credit
// check (rules' seed: approve within the limit, review up to 10 % over,
// block beyond or when invoices are long overdue).
const RuleCreditCheck = "credit.check"

// The credit check's decisions.
const (
	CreditApprove = "approve"
	CreditReview  = "review"
	CreditBlock   = "block"
)

// FinanceCredit is Credit over finance's REST API (the customer's
// outstanding receivables) and the rules engine's (credit.check), both
// with the caller's credential: the caller needs finance's read of
// receivables and the rules' evaluate permission.
type FinanceCredit struct {
	Finance *svcclient.Client
	Rules   *svcclient.Client
}

// Position asks finance what customer owes
// (GET /api/v1/finance/customers/{id}/outstanding).
func (c FinanceCredit) Position(ctx context.Context, customer uuid.UUID) (CreditPosition, error) {
	var ans struct {
		CustomerID  string       `json:"customerId"`
		Outstanding money.Amount `json:"outstanding"`
		OverdueDays int          `json:"overdueDays"`
	}
	path := "/api/v1/finance/customers/" + customer.String() + "/outstanding"
	if err := c.Finance.Do(ctx, http.MethodGet, path, nil, &ans); err != nil {
		return CreditPosition{}, fmt.Errorf("customer's outstanding: %w", err)
	}
	out := CreditPosition{Outstanding: ans.Outstanding, OverdueDays: ans.OverdueDays}
	if out.Outstanding.Currency() == "" {
		out.Outstanding = money.Zero(money.BDT)
	}
	return out, nil
}

// Check asks credit.check for the decision on an order of amount to a
// customer owing outstanding against limit. Returns FAILED_PRECONDITION
// when the tenant has no such rule set or it answers no known decision.
func (c FinanceCredit) Check(ctx context.Context, amount, outstanding, limit money.Amount, overdueDays int) (CreditDecision, error) {
	in := map[string]any{"amount": amount.Decimal(), "outstanding": outstanding.Decimal(),
		"creditLimit": limit.Decimal(), "overdueDays": overdueDays}
	out, err := rulesclient.Client{HTTP: c.Rules}.Evaluate(ctx, RuleCreditCheck, time.Time{}, in)
	if err != nil {
		return CreditDecision{}, rulesclient.Explain(RuleCreditCheck, err)
	}
	return creditDecision(out, amount.Currency())
}

// creditDecision reads credit.check's outputs: decision, available (a
// decimal, negative when over the limit) and reason.
func creditDecision(out map[string]any, cur money.Currency) (CreditDecision, error) {
	var d CreditDecision
	d.Decision, _ = out["decision"].(string)
	d.Reason, _ = out["reason"].(string)
	switch d.Decision {
	case CreditApprove, CreditReview, CreditBlock:
	default:
		return CreditDecision{}, errs.E(errs.FailedPrecondition, "%s answers decision %q; approve, review or block is expected",
			RuleCreditCheck, d.Decision)
	}
	d.Available = money.Zero(cur)
	if s, ok := out["available"].(string); ok && s != "" {
		a, err := money.Parse(s, cur)
		if err != nil {
			return CreditDecision{}, errs.E(errs.FailedPrecondition, "%s answers available = %q; an amount is expected",
				RuleCreditCheck, s)
		}
		d.Available = a
	}
	return d, nil
}
