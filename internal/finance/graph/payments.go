package graph

import (
	"context"
	"strconv"
	"strings"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/finance"
	"github.com/vextrus/vextrus/internal/platform/bd"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

// Payment is the schema's Payment over a payment of the service.
type Payment struct {
	finance.Payment
	// listed marks a payment read from a list, without its allocations.
	listed bool
}

// IsEntity marks Payment a federation entity.
func (Payment) IsEntity() {}

// PaymentKind is receipt or disbursement.
func (p *Payment) PaymentKind() PaymentKind { return PaymentKind(upper(string(p.Kind))) }

// PaymentStatus is COMPLETED once recorded, or REVERSED.
func (p *Payment) PaymentStatus() PaymentStatus {
	if p.Status == finance.PaymentReversed {
		return PaymentStatusReversed
	}
	return PaymentStatusCompleted
}

// PaymentMethod is how the money moved, in the original's names.
func (p *Payment) PaymentMethod() PaymentMethod { return toGraphMethod[p.Method] }

// ReferenceText is the bank's or payer's reference, null when none.
func (p *Payment) ReferenceText() *string { return optional(p.Reference) }

// CheckNumber is the cheque's number, null for other methods.
func (p *Payment) CheckNumber() *string {
	if p.Cheque == nil {
		return nil
	}
	return optional(p.Cheque.Number)
}

// ChequeRef is the cheque, null for other methods.
func (p *Payment) ChequeRef() *Cheque {
	if p.Cheque == nil {
		return nil
	}
	return &Cheque{Number: p.Cheque.Number, Bank: p.Cheque.Bank, Date: p.Cheque.Date}
}

// MobileWallet is the wallet, null for other methods.
func (p *Payment) MobileWallet() *MobileWallet {
	if p.Wallet == nil {
		return nil
	}
	return &MobileWallet{Provider: MobileWalletProvider(upper(p.Wallet.Provider)), MobileNumber: string(p.Wallet.Number),
		TransactionID: p.Wallet.TransactionID}
}

// DescriptionText is the memo, null when none.
func (p *Payment) DescriptionText() *string { return optional(p.Memo) }

// ReversalReason is why it was reversed, null when it was not.
func (p *Payment) ReversalReason() *string { return optional(p.ReverseReason) }

// IsReconciled reports whether a statement line confirmed it.
func (p *Payment) IsReconciled() bool { return p.Reconciled != nil }

// BankStatementID is the statement that confirmed it.
func (p *Payment) BankStatementID() *uuid.UUID {
	if p.Reconciled == nil {
		return nil
	}
	return &p.Reconciled.StatementID
}

// BankStatementLine is the statement line that confirmed it.
func (p *Payment) BankStatementLine() *int {
	if p.Reconciled == nil {
		return nil
	}
	return &p.Reconciled.Line
}

// CreatedByID is who recorded it.
func (p *Payment) CreatedByID() *string { return optional(p.CreatedBy) }

var toGraphMethod = map[finance.PaymentMethod]PaymentMethod{
	finance.MethodBank: PaymentMethodBankTransfer, finance.MethodCheque: PaymentMethodCheck,
	finance.MethodCash: PaymentMethodCash, finance.MethodWallet: PaymentMethodMobileWallet,
}

func fromGraphMethod(m PaymentMethod) finance.PaymentMethod {
	for k, v := range toGraphMethod {
		if v == m {
			return k
		}
	}
	return finance.PaymentMethod(m)
}

func toGraphAllocations(as []finance.Allocation) []PaymentAllocation {
	out := make([]PaymentAllocation, len(as))
	for i, a := range as {
		amount := a.Amount
		out[i] = PaymentAllocation{InvoiceID: a.InvoiceID.String(), Amount: &amount}
	}
	return out
}

// paymentFields are the payment input's names for the service's fields.
var paymentFields = fieldNames{"method": "paymentMethod", "date": "paymentDate", "accountId": "bankAccountId",
	"memo": "description", "cheque": "checkNumber", "number": "checkNumber", "bank": "checkBank",
	"wallet": "walletProvider", "provider": "walletProvider", "transactionId": "walletTransactionId"}

// paymentField names the service's field f as CreatePaymentInput does:
// cheque.number is input.checkNumber, wallet.number input.mobileNumber.
func paymentField(f string) string {
	switch f {
	case "cheque.date":
		return "input.checkDate"
	case "wallet.number":
		return "input.mobileNumber"
	}
	last := f[strings.LastIndex(f, ".")+1:]
	if strings.HasPrefix(f, "cheque.") || strings.HasPrefix(f, "wallet.") {
		f = last
	}
	return paymentFields.path(f, "input")
}

// asPaymentInput names err's fields as CreatePaymentInput does.
func asPaymentInput(err error) error { return renameFields(err, paymentField) }

// fromAllocationInputs reads allocations, naming field[i].<name> at fault.
func fromAllocationInputs(c *errs.Collector, field string, in []AllocationInput) []finance.Allocation {
	out := make([]finance.Allocation, len(in))
	for i, a := range in {
		f := field + "[" + strconv.Itoa(i) + "]."
		id, err := parseID(a.InvoiceID, f+"invoiceId")
		c.Merge("", err)
		out[i] = finance.Allocation{InvoiceID: id, Amount: readTaka(c, f+"amount", &a.Amount)}
	}
	return out
}

// fromCreatePaymentInput builds the payment of in. Returns
// INVALID_ARGUMENT naming input fields.
func fromCreatePaymentInput(in CreatePaymentInput) (finance.NewPayment, error) {
	c := &errs.Collector{}
	n := finance.NewPayment{Kind: finance.Receipt, Date: deref(in.PaymentDate), Method: fromGraphMethod(in.PaymentMethod),
		Reference: deref(in.Reference), Memo: deref(in.Description)}
	if in.Kind != nil {
		n.Kind = finance.PaymentKind(strings.ToLower(string(*in.Kind)))
	}
	party, err := parseID(in.PartyID, "input.partyId")
	c.Merge("", err)
	n.PartyID = party
	n.AccountID, err = parseOptionalID(in.BankAccountID, "input.bankAccountId")
	c.Merge("", err)
	c.Check(in.Currency == nil || *in.Currency == ledgerCurrency, "input.currency", "the ledger is kept in %s", ledgerCurrency)
	n.Amount = readTaka(c, "input.amount", &in.Amount)
	if in.CheckNumber != nil || in.CheckBank != nil || in.CheckDate != nil {
		n.Cheque = &finance.Cheque{Number: deref(in.CheckNumber), Bank: deref(in.CheckBank), Date: in.CheckDate}
	}
	if in.WalletProvider != nil || in.MobileNumber != nil || in.WalletTransactionID != nil {
		n.Wallet = &finance.Wallet{Number: bd.Mobile(deref(in.MobileNumber)), TransactionID: deref(in.WalletTransactionID)}
		if in.WalletProvider != nil {
			n.Wallet.Provider = strings.ToLower(string(*in.WalletProvider))
		}
	}
	n.Allocations = fromAllocationInputs(c, "input.allocations", in.Allocations)
	if in.InvoiceID != nil {
		c.Check(len(in.Allocations) == 0, "input.invoiceId", "give invoiceId or allocations, not both")
		id, err := parseID(*in.InvoiceID, "input.invoiceId")
		c.Merge("", err)
		n.Allocations = []finance.Allocation{{InvoiceID: id, Amount: n.Amount}}
	}
	return n, c.Err()
}

// paymentEntity reads payment id, naming argument name when it is not a
// UUID.
func (r *Resolver) paymentEntity(ctx context.Context, id, name string) (*Payment, error) {
	uid, err := parseID(id, name)
	if err != nil {
		return nil, err
	}
	p, err := r.Service.Payment(ctx, uid)
	if err != nil {
		return nil, err
	}
	return &Payment{Payment: p}, nil
}

// allocations gives p's allocations, reading a listed payment's.
func (r *Resolver) allocations(ctx context.Context, p *Payment) ([]PaymentAllocation, error) {
	if !p.listed {
		return toGraphAllocations(p.Allocations), nil
	}
	full, err := r.Service.Payment(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	return toGraphAllocations(full.Allocations), nil
}
