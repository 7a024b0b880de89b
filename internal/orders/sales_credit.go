package orders

import (
	"context"
	"fmt"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/money"
)

// checkCredit runs o's credit check with the caller's credential: the
// customer's limit from master data, its position from finance and the
// decision of credit.check. A customer without a limit is not checked.
// Returns FAILED_PRECONDITION naming customerId when master data now
// blocks the customer.
func (s *Service) checkCredit(ctx context.Context, o SalesOrder, by string) (CreditCheck, error) {
	check := CreditCheck{Amount: o.Amount, CheckedBy: by, CheckedAt: s.now().UTC()}
	if s.catalog == nil {
		return CreditCheck{}, errs.E(errs.FailedPrecondition, "the orders service has no master data to read credit limits from")
	}
	party, err := s.catalog.Customer(ctx, o.CustomerID)
	switch {
	case errs.Is(err, errs.NotFound):
		return CreditCheck{}, salesRefused("customerId", "customer %s is no longer in master data", o.CustomerID)
	case err != nil:
		return CreditCheck{}, fmt.Errorf("master data customer: %w", err)
	case party.Blocked != "":
		return CreditCheck{}, salesRefused("customerId", "customer %s is %s in master data; no order may be confirmed for it",
			party.Name, party.Blocked)
	case party.CreditLimit == nil:
		check.Decision, check.Reason = CreditApprove, "the customer has no credit limit"
		return check, nil
	}
	cur := money.Currency(o.Currency)
	limit := *party.CreditLimit
	if limit.Currency() != cur {
		return CreditCheck{}, salesRefused("customerId", "the customer's credit limit is in %s, the order in %s", limit.Currency(), cur)
	}
	if s.credit == nil {
		return CreditCheck{}, errs.E(errs.FailedPrecondition, "the orders service has no credit check to confirm orders with")
	}
	pos, err := s.credit.Position(ctx, o.CustomerID)
	if err != nil {
		return CreditCheck{}, err
	}
	if pos.Outstanding.Currency() != cur {
		return CreditCheck{}, errs.E(errs.FailedPrecondition, "finance answers the customer's outstanding in %s, the order is in %s",
			pos.Outstanding.Currency(), cur)
	}
	d, err := s.credit.Check(ctx, money.New(o.Amount, cur), pos.Outstanding, limit, pos.OverdueDays)
	if err != nil {
		return CreditCheck{}, err
	}
	l := limit.Minor()
	check.CreditLimit, check.Outstanding, check.OverdueDays = &l, pos.Outstanding.Minor(), pos.OverdueDays
	check.Decision, check.Reason, check.Available = d.Decision, d.Reason, d.Available.Minor()
	return check, nil
}

// salesRefused is a FAILED_PRECONDITION naming field.
func salesRefused(field, format string, args ...any) *errs.Error {
	e := errs.E(errs.FailedPrecondition, format, args...)
	e.Fields = []errs.FieldError{{Field: field, Message: e.Message}}
	return e
}
