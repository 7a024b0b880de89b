package finance

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/money"
)

// EventPaymentAllocated is appended when more of a payment's advance is
// settled against invoices after it was recorded.
const EventPaymentAllocated = "vextrus.finance.payment.allocated.v1"

// PaymentAllocationJSON is one allocation in the payment events: the
// invoice, the amount, the invoice's status after the event (approved,
// partially_paid or paid) and, for a bill that names one, its purchase
// order, so the orders service can close an order whose bills are paid
// without calling finance.
type PaymentAllocationJSON struct {
	InvoiceID       string       `json:"invoiceId"`
	Amount          money.Amount `json:"amount"`
	InvoiceStatus   string       `json:"invoiceStatus,omitempty"`
	PurchaseOrderID string       `json:"purchaseOrderId,omitempty"`
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

// invoiceState is what the payment events tell of a settled invoice.
type invoiceState struct {
	status        string
	purchaseOrder *uuid.UUID
}

// settledStates reads the status and purchase order of as's invoices, as
// tx left them.
func settledStates(ctx context.Context, tx *db.Tx, as []Allocation) (map[uuid.UUID]invoiceState, error) {
	out := map[uuid.UUID]invoiceState{}
	if len(as) == 0 {
		return out, nil
	}
	ids := make([]uuid.UUID, len(as))
	for i, a := range as {
		ids[i] = a.InvoiceID
	}
	rows, err := tx.Query(ctx, `SELECT id, status, purchase_order_id FROM finance.invoices WHERE id = ANY($1)`, ids)
	if err != nil {
		return nil, fmt.Errorf("read settled invoices: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id uuid.UUID
		var st invoiceState
		if err := rows.Scan(&id, &st.status, &st.purchaseOrder); err != nil {
			return nil, fmt.Errorf("read settled invoices: %w", err)
		}
		out[id] = st
	}
	return out, rows.Err()
}

func allocationsJSON(as []Allocation, states map[uuid.UUID]invoiceState) []PaymentAllocationJSON {
	out := make([]PaymentAllocationJSON, len(as))
	for i, a := range as {
		out[i] = PaymentAllocationJSON{InvoiceID: a.InvoiceID.String(), Amount: a.Amount}
		if st, ok := states[a.InvoiceID]; ok {
			out[i].InvoiceStatus = st.status
			if st.purchaseOrder != nil {
				out[i].PurchaseOrderID = st.purchaseOrder.String()
			}
		}
	}
	return out
}

func paymentRecordedEvent(ctx context.Context, tx *db.Tx, p *Payment) (events.Draft, error) {
	states, err := settledStates(ctx, tx, p.Allocations)
	return events.Draft{Type: EventPaymentRecorded, Subject: p.ID.String(), Data: RecordedPayment{
		PaymentID: p.ID.String(), Number: p.Number, Kind: string(p.Kind), Method: string(p.Method), Date: p.Date.Format(DateLayout),
		PartyID: p.PartyID.String(), AccountID: p.AccountID.String(), Amount: p.Amount, Allocated: p.Allocated,
		Allocations: allocationsJSON(p.Allocations, states), JournalID: p.JournalID.String()}}, err
}

func paymentReversedEvent(ctx context.Context, tx *db.Tx, p *Payment) (events.Draft, error) {
	states, err := settledStates(ctx, tx, p.Allocations)
	return events.Draft{Type: EventPaymentReversed, Subject: p.ID.String(), Data: ReversedPayment{
		PaymentID: p.ID.String(), Number: p.Number, Kind: string(p.Kind), PartyID: p.PartyID.String(),
		Date: p.ReversedOn.Format(DateLayout), Amount: p.Amount, Released: allocationsJSON(p.Allocations, states),
		ReversalJournalID: p.ReversalJournalID.String(), Reason: p.ReverseReason}}, err
}

func paymentAllocatedEvent(ctx context.Context, tx *db.Tx, p *Payment, as []Allocation) (events.Draft, error) {
	states, err := settledStates(ctx, tx, as)
	return events.Draft{Type: EventPaymentAllocated, Subject: p.ID.String(), Data: AllocatedPayment{
		PaymentID: p.ID.String(), Number: p.Number, Kind: string(p.Kind), PartyID: p.PartyID.String(),
		Allocations: allocationsJSON(as, states), Allocated: p.Allocated, Unallocated: p.Unallocated()}}, err
}
