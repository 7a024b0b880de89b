package finance

import (
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/bd"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/money"
)

// PaymentKind says which way a payment moves money.
type PaymentKind string

// The payment kinds: a receipt is money from a customer, settling sales
// invoices; a disbursement is money to a vendor, settling purchase bills.
const (
	Receipt      PaymentKind = "receipt"
	Disbursement PaymentKind = "disbursement"
)

// PaymentMethod is how the money moved.
type PaymentMethod string

// The payment methods.
const (
	MethodBank   PaymentMethod = "bank"   // bank transfer (BEFTN, RTGS, NPSB)
	MethodCheque PaymentMethod = "cheque" // a cheque: number, bank, date
	MethodCash   PaymentMethod = "cash"
	MethodWallet PaymentMethod = "wallet" // bKash, Nagad or Rocket
)

// The wallet providers and the role account each pays into or out of.
var walletRoles = map[string]Role{"bkash": RoleBKash, "nagad": RoleNagad, "rocket": RoleRocket}

// The payment statuses: a recorded payment posted its journal; a reversed
// one posted the reversing journal and gave its allocations back.
const (
	PaymentRecorded = "recorded"
	PaymentReversed = "reversed"
)

// Cheque is the cheque a payment was made by.
type Cheque struct {
	Number string
	Bank   string
	// Date is the date written on the cheque, which may be later than the
	// payment's (a post-dated cheque).
	Date *time.Time
}

// Wallet is the mobile wallet a payment was made through.
type Wallet struct {
	Provider      string    // bkash, nagad or rocket
	Number        bd.Mobile // the customer's or vendor's wallet
	TransactionID string    // the provider's TrxID
}

// Allocation is the part of a payment settling one invoice.
type Allocation struct {
	InvoiceID uuid.UUID
	Amount    money.Amount
}

// Payment is a recorded receipt or disbursement.
type Payment struct {
	ID        uuid.UUID
	Number    string
	Kind      PaymentKind
	Status    string
	PartyID   uuid.UUID
	Date      time.Time
	Method    PaymentMethod
	AccountID uuid.UUID
	Amount    money.Amount
	// Allocated is the part settled against invoices; the rest is an
	// advance the party holds with us (or we with the vendor).
	Allocated   money.Amount
	Reference   string
	Cheque      *Cheque
	Wallet      *Wallet
	Memo        string
	Allocations []Allocation
	JournalID   uuid.UUID
	// ReversalJournalID, ReversedOn and ReverseReason are set once reversed.
	ReversalJournalID *uuid.UUID
	ReversedOn        *time.Time
	ReverseReason     string
	// Reconciled names the bank statement line the payment was confirmed
	// against.
	Reconciled *StatementLineRef
	CreatedBy  string
	CreatedAt  time.Time
	UpdatedAt  time.Time
	Version    int
}

// Unallocated is the advance left on the payment.
func (p Payment) Unallocated() money.Amount {
	return money.New(p.Amount.Minor()-p.Allocated.Minor(), p.Amount.Currency())
}

// StatementLineRef names one line of an imported bank statement.
type StatementLineRef struct {
	StatementID uuid.UUID
	Line        int
}

// NewPayment is a payment to record.
type NewPayment struct {
	Kind    PaymentKind
	PartyID uuid.UUID
	// Date is the payment's accounting date; zero is the tenant's today.
	Date   time.Time
	Method PaymentMethod
	// AccountID is the money account; nil takes the role account of the
	// method (bank, cheques in hand for a received cheque, cash, the
	// wallet's). A chosen account must be an active asset account.
	AccountID   *uuid.UUID
	Amount      money.Amount
	Reference   string
	Cheque      *Cheque
	Wallet      *Wallet
	Memo        string
	Allocations []Allocation
}

// validate checks n alone, naming each bad field; the database work
// (accounts, invoices) checks the rest.
func (n *NewPayment) validate() error {
	c := &errs.Collector{}
	c.Check(n.Kind == Receipt || n.Kind == Disbursement, "kind", "must be receipt or disbursement")
	c.Check(n.PartyID != uuid.Nil, "partyId", "is required")
	checkAmount(c, "amount", n.Amount)
	n.Reference = strings.TrimSpace(n.Reference)
	c.Check(len(n.Reference) <= 100, "reference", "must be at most 100 characters")
	c.Check(len(n.Memo) <= 500, "memo", "must be at most 500 characters")
	switch n.Method {
	case MethodBank, MethodCash:
		c.Check(n.Cheque == nil, "cheque", "is only for the cheque method")
		c.Check(n.Wallet == nil, "wallet", "is only for the wallet method")
	case MethodCheque:
		c.Check(n.Wallet == nil, "wallet", "is only for the wallet method")
		if n.Cheque == nil {
			c.Add("cheque", "is required for a cheque payment: number, bank and date")
			break
		}
		n.Cheque.Number, n.Cheque.Bank = strings.TrimSpace(n.Cheque.Number), strings.TrimSpace(n.Cheque.Bank)
		c.Check(n.Cheque.Number != "" && len(n.Cheque.Number) <= 40, "cheque.number", "is required, at most 40 characters")
		c.Check(n.Cheque.Bank != "" && len(n.Cheque.Bank) <= 100, "cheque.bank", "is required, at most 100 characters")
		c.Check(n.Cheque.Date != nil, "cheque.date", "is required")
	case MethodWallet:
		c.Check(n.Cheque == nil, "cheque", "is only for the cheque method")
		if n.Wallet == nil {
			c.Add("wallet", "is required for a wallet payment: provider, wallet number and transaction id")
			break
		}
		n.Wallet.TransactionID = strings.TrimSpace(n.Wallet.TransactionID)
		_, ok := walletRoles[n.Wallet.Provider]
		c.Check(ok, "wallet.provider", "must be bkash, nagad or rocket")
		if _, err := bd.ParseMobile(string(n.Wallet.Number)); err != nil {
			c.Add("wallet.number", "must be a Bangladeshi mobile number such as 01712345678")
		}
		c.Check(n.Wallet.TransactionID != "" && len(n.Wallet.TransactionID) <= 60, "wallet.transactionId",
			"is required, at most 60 characters")
	default:
		c.Add("method", "must be bank, cheque, cash or wallet")
	}
	checkAllocations(c, n.Allocations, n.Amount)
	return c.Err()
}

// checkAmount refuses an amount that is absent, not in taka, or not
// positive. Sub-poisha amounts never reach here: money.Parse refuses them.
func checkAmount(c *errs.Collector, field string, a money.Amount) {
	switch {
	case a.Currency() == "":
		c.Add(field, "is required")
	case a.Currency() != money.BDT:
		c.Add(field, "must be in BDT; the ledger keeps taka")
	case a.Sign() <= 0:
		c.Add(field, "must be more than zero")
	}
}

// checkAllocations refuses allocations that name no invoice, repeat one,
// are not positive, or together pass limit, naming the field.
func checkAllocations(c *errs.Collector, as []Allocation, limit money.Amount) {
	seen := map[uuid.UUID]bool{}
	var sum int64
	for i, a := range as {
		f := "allocations[" + strconv.Itoa(i) + "]"
		c.Check(a.InvoiceID != uuid.Nil, f+".invoiceId", "is required")
		c.Check(!seen[a.InvoiceID], f+".invoiceId", "allocates to the same invoice twice")
		seen[a.InvoiceID] = true
		checkAmount(c, f+".amount", a.Amount)
		if a.Amount.Sign() > 0 {
			sum += a.Amount.Minor()
		}
	}
	if limit.Sign() > 0 && sum > limit.Minor() {
		c.Add("allocations", "allocate %s in all, more than the %s available", money.New(sum, money.BDT), limit)
	}
}

// moneyAccountRole is the role account a method pays into or out of when
// the payment names none.
func moneyAccountRole(kind PaymentKind, method PaymentMethod, w *Wallet) Role {
	switch method {
	case MethodCash:
		return RoleCash
	case MethodCheque:
		if kind == Receipt {
			return RoleChequesInHand
		}
		return RoleBank
	case MethodWallet:
		return walletRoles[w.Provider]
	}
	return RoleBank
}
