package graph

import (
	"context"
	"strings"
	"time"

	"github.com/vextrus/vextrus/internal/finance"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

// createPayment records and posts the payment of input.
func (r *Resolver) createPayment(ctx context.Context, input CreatePaymentInput) (*Payment, error) {
	n, err := fromCreatePaymentInput(input)
	if err != nil {
		return nil, err
	}
	p, err := r.Service.RecordPayment(ctx, n)
	if err != nil {
		return nil, asPaymentInput(err)
	}
	return &Payment{Payment: p}, nil
}

// allocatePayment allocates more of payment id.
func (r *Resolver) allocatePayment(ctx context.Context, id string, allocations []AllocationInput) (*Payment, error) {
	uid, err := parseID(id, "id")
	if err != nil {
		return nil, err
	}
	c := &errs.Collector{}
	as := fromAllocationInputs(c, "allocations", allocations)
	if err := c.Err(); err != nil {
		return nil, err
	}
	p, err := r.Service.Allocate(ctx, uid, as)
	if err != nil {
		return nil, err
	}
	return &Payment{Payment: p}, nil
}

// reconcilePayment matches payment id to the statement line of input.
func (r *Resolver) reconcilePayment(ctx context.Context, id string, input ReconcilePaymentInput) (*Payment, error) {
	uid, err := parseID(id, "id")
	if err != nil {
		return nil, err
	}
	st, err := parseID(input.BankStatementID, "input.bankStatementId")
	if err != nil {
		return nil, err
	}
	if _, err := r.Service.MatchStatementLine(ctx, st, input.Line, uid); err != nil {
		return nil, asArgument(err, "", fieldNames{"paymentId": "id", "statementId": "input.bankStatementId", "line": "input.line"})
	}
	return r.paymentEntity(ctx, id, "id")
}

// importBankStatement stores the statement csv for the money account.
func (r *Resolver) importBankStatement(ctx context.Context, bankAccountID string, name string, csv string) (*BankStatement, error) {
	acct, err := parseID(bankAccountID, "bankAccountId")
	if err != nil {
		return nil, err
	}
	st, err := r.Service.ImportStatement(ctx, acct, name, []byte(csv))
	if err != nil {
		return nil, asArgument(err, "", fieldNames{"accountId": "bankAccountId"})
	}
	return toGraphStatement(st), nil
}

// matchStatementLine reconciles a statement line with a payment.
func (r *Resolver) matchStatementLine(ctx context.Context, statementID string, line int, paymentID string) (*BankStatementLine, error) {
	st, err := parseID(statementID, "statementId")
	if err != nil {
		return nil, err
	}
	pay, err := parseID(paymentID, "paymentId")
	if err != nil {
		return nil, err
	}
	l, err := r.Service.MatchStatementLine(ctx, st, line, pay)
	if err != nil {
		return nil, err
	}
	return toGraphStatementLine(l), nil
}

// listPayments is a page of payments by the arguments.
func (r *Resolver) listPayments(ctx context.Context, kind *PaymentKind, status *PaymentStatus, partyID *string, from *time.Time, to *time.Time, first *int, after, sort *string) (*PaymentConnection, error) {
	f := finance.PaymentFilter{From: deref(from), To: deref(to), Limit: deref(first), Cursor: deref(after), Sort: deref(sort)}
	if kind != nil {
		f.Kind = finance.PaymentKind(strings.ToLower(string(*kind)))
	}
	if status != nil {
		f.Status = finance.PaymentRecorded
		if *status == PaymentStatusReversed {
			f.Status = finance.PaymentReversed
		}
	}
	var err error
	if f.PartyID, err = parseOptionalID(partyID, "partyId"); err != nil {
		return nil, err
	}
	page, err := r.Service.ListPayments(ctx, f)
	if err != nil {
		return nil, asArgument(err, "", fieldNames{"cursor": "after", "limit": "first"})
	}
	out := &PaymentConnection{Edges: make([]PaymentEdge, len(page.Items)), PageInfo: &PageInfo{HasNextPage: page.NextCursor != ""}}
	for i, p := range page.Items {
		out.Edges[i] = PaymentEdge{Cursor: finance.PaymentCursor(f, p), Node: &Payment{Payment: p, listed: true}}
	}
	if page.NextCursor != "" {
		out.PageInfo.EndCursor = &page.NextCursor
	}
	return out, nil
}
