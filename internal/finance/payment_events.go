package finance

import (
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/money"
)

// EventPaymentAllocated is appended when more of a payment's advance is
// settled against invoices after it was recorded.
const EventPaymentAllocated = "vextrus.finance.payment.allocated.v1"

// PaymentAllocationJSON is one allocation in the payment events.
type PaymentAllocationJSON struct {
	InvoiceID string       `json:"invoiceId"`
	Amount    money.Amount `json:"amount"`
}

// RecordedPayment is the payload of vextrus.finance.payment.recorded.v1.
type RecordedPayment struct {
	PaymentID   string                  `json:"paymentId"`
	Number      string                  `json:"number"`
	Kind        string                  `json:"kind"`
	Method      string                  `json:"method"`
	Date        string                  `json:"date"`
	PartyID     string                  `json:"partyId"`
	AccountID   string                  `json:"accountId"`
	Amount      money.Amount            `json:"amount"`
	Allocated   money.Amount            `json:"allocated"`
	Allocations []PaymentAllocationJSON `json:"allocations"`
	JournalID   string                  `json:"journalId"`
}

// ReversedPayment is the payload of vextrus.finance.payment.reversed.v1.
type ReversedPayment struct {
	PaymentID         string                  `json:"paymentId"`
	Number            string                  `json:"number"`
	Kind              string                  `json:"kind"`
	PartyID           string                  `json:"partyId"`
	Date              string                  `json:"date"`
	Amount            money.Amount            `json:"amount"`
	Released          []PaymentAllocationJSON `json:"released"`
	ReversalJournalID string                  `json:"reversalJournalId"`
	Reason            string                  `json:"reason"`
}

// AllocatedPayment is the payload of vextrus.finance.payment.allocated.v1.
type AllocatedPayment struct {
	PaymentID   string                  `json:"paymentId"`
	Number      string                  `json:"number"`
	Kind        string                  `json:"kind"`
	PartyID     string                  `json:"partyId"`
	Allocations []PaymentAllocationJSON `json:"allocations"`
	Allocated   money.Amount            `json:"allocated"`
	Unallocated money.Amount            `json:"unallocated"`
}

func allocationsJSON(as []Allocation) []PaymentAllocationJSON {
	out := make([]PaymentAllocationJSON, len(as))
	for i, a := range as {
		out[i] = PaymentAllocationJSON{InvoiceID: a.InvoiceID.String(), Amount: a.Amount}
	}
	return out
}

func paymentRecordedEvent(p *Payment) events.Draft {
	return events.Draft{Type: EventPaymentRecorded, Subject: p.ID.String(), Data: RecordedPayment{
		PaymentID: p.ID.String(), Number: p.Number, Kind: string(p.Kind), Method: string(p.Method), Date: p.Date.Format(DateLayout),
		PartyID: p.PartyID.String(), AccountID: p.AccountID.String(), Amount: p.Amount, Allocated: p.Allocated,
		Allocations: allocationsJSON(p.Allocations), JournalID: p.JournalID.String()}}
}

func paymentReversedEvent(p *Payment) events.Draft {
	return events.Draft{Type: EventPaymentReversed, Subject: p.ID.String(), Data: ReversedPayment{
		PaymentID: p.ID.String(), Number: p.Number, Kind: string(p.Kind), PartyID: p.PartyID.String(),
		Date: p.ReversedOn.Format(DateLayout), Amount: p.Amount, Released: allocationsJSON(p.Allocations),
		ReversalJournalID: p.ReversalJournalID.String(), Reason: p.ReverseReason}}
}

func paymentAllocatedEvent(p *Payment, as []Allocation) events.Draft {
	return events.Draft{Type: EventPaymentAllocated, Subject: p.ID.String(), Data: AllocatedPayment{
		PaymentID: p.ID.String(), Number: p.Number, Kind: string(p.Kind), PartyID: p.PartyID.String(),
		Allocations: allocationsJSON(as), Allocated: p.Allocated, Unallocated: p.Unallocated()}}
}
