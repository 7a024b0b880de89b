package finance

import (
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/money"
)

// ChequeJSON is a cheque as REST speaks it.
type ChequeJSON struct {
	Number string `json:"number"`
	Bank   string `json:"bank"`
	Date   string `json:"date"`
}

// WalletJSON is a mobile wallet payment's details as REST speaks them.
type WalletJSON struct {
	Provider      string `json:"provider"`
	Number        string `json:"number"`
	TransactionID string `json:"transactionId"`
}

// AllocationJSON is an allocation as REST answers it.
type AllocationJSON struct {
	InvoiceID uuid.UUID    `json:"invoiceId"`
	Amount    money.Amount `json:"amount"`
}

// StatementLineRefJSON names the statement line a payment is reconciled with.
type StatementLineRefJSON struct {
	StatementID uuid.UUID `json:"statementId"`
	Line        int       `json:"line"`
}

// PaymentJSON is a payment as REST answers it.
type PaymentJSON struct {
	ID                uuid.UUID             `json:"id"`
	Number            string                `json:"number"`
	Kind              string                `json:"kind"`
	Status            string                `json:"status"`
	PartyID           uuid.UUID             `json:"partyId"`
	Date              string                `json:"date"`
	Method            string                `json:"method"`
	AccountID         uuid.UUID             `json:"accountId"`
	Amount            money.Amount          `json:"amount"`
	Allocated         money.Amount          `json:"allocated"`
	Unallocated       money.Amount          `json:"unallocated"`
	Reference         string                `json:"reference"`
	Cheque            *ChequeJSON           `json:"cheque"`
	Wallet            *WalletJSON           `json:"wallet"`
	Memo              string                `json:"memo"`
	Allocations       []AllocationJSON      `json:"allocations"`
	JournalID         uuid.UUID             `json:"journalId"`
	ReversalJournalID *uuid.UUID            `json:"reversalJournalId"`
	ReversedOn        *string               `json:"reversedOn"`
	ReverseReason     string                `json:"reverseReason"`
	Reconciled        *StatementLineRefJSON `json:"reconciled"`
	CreatedBy         string                `json:"createdBy"`
	CreatedAt         time.Time             `json:"createdAt"`
	UpdatedAt         time.Time             `json:"updatedAt"`
	Version           int                   `json:"version"`
}

// ToPaymentJSON converts p.
func ToPaymentJSON(p Payment) PaymentJSON {
	out := PaymentJSON{ID: p.ID, Number: p.Number, Kind: string(p.Kind), Status: p.Status, PartyID: p.PartyID,
		Date: p.Date.Format(DateLayout), Method: string(p.Method), AccountID: p.AccountID, Amount: p.Amount, Allocated: p.Allocated,
		Unallocated: p.Unallocated(), Reference: p.Reference, Memo: p.Memo, Allocations: []AllocationJSON{}, JournalID: p.JournalID,
		ReversalJournalID: p.ReversalJournalID, ReverseReason: p.ReverseReason, CreatedBy: p.CreatedBy,
		CreatedAt: p.CreatedAt.UTC(), UpdatedAt: p.UpdatedAt.UTC(), Version: p.Version}
	if p.Cheque != nil {
		out.Cheque = &ChequeJSON{Number: p.Cheque.Number, Bank: p.Cheque.Bank}
		if p.Cheque.Date != nil {
			out.Cheque.Date = p.Cheque.Date.Format(DateLayout)
		}
	}
	if p.Wallet != nil {
		out.Wallet = &WalletJSON{Provider: p.Wallet.Provider, Number: p.Wallet.Number.String(), TransactionID: p.Wallet.TransactionID}
	}
	for _, a := range p.Allocations {
		out.Allocations = append(out.Allocations, AllocationJSON(a))
	}
	if p.ReversedOn != nil {
		d := p.ReversedOn.Format(DateLayout)
		out.ReversedOn = &d
	}
	if p.Reconciled != nil {
		out.Reconciled = &StatementLineRefJSON{StatementID: p.Reconciled.StatementID, Line: p.Reconciled.Line}
	}
	return out
}
