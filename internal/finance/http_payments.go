package finance

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/bd"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/httpx"
	"github.com/vextrus/vextrus/internal/platform/money"
)

// paymentRoutes are the REST routes of payments and bank statements.
func (s *Service) paymentRoutes() map[string]httpx.HandlerFunc {
	return map[string]httpx.HandlerFunc{
		"POST " + Base + "/payments":                                  s.handleRecordPayment,
		"GET " + Base + "/payments":                                   s.handlePayments,
		"GET " + Base + "/payments/{id}":                              s.handlePayment,
		"POST " + Base + "/payments/{id}/allocate":                    s.handleAllocate,
		"POST " + Base + "/payments/{id}/reverse":                     s.handleReversePayment,
		"POST " + Base + "/bank-statements":                           s.handleImportStatement,
		"GET " + Base + "/bank-statements/{id}":                       s.handleStatement,
		"POST " + Base + "/bank-statements/{id}/lines/{line}/match":   s.handleMatchLine,
		"POST " + Base + "/bank-statements/{id}/lines/{line}/unmatch": s.handleUnmatchLine,
	}
}

// allocationIn is an allocation as REST takes it.
type allocationIn struct {
	InvoiceID uuid.UUID       `json:"invoiceId"`
	Amount    json.RawMessage `json:"amount"`
}

// paymentIn is the body of POST /payments.
type paymentIn struct {
	Kind        string          `json:"kind"`
	PartyID     uuid.UUID       `json:"partyId"`
	Date        string          `json:"date"`
	Method      string          `json:"method"`
	AccountID   *uuid.UUID      `json:"accountId"`
	Amount      json.RawMessage `json:"amount"`
	Reference   string          `json:"reference"`
	Cheque      *ChequeJSON     `json:"cheque"`
	Wallet      *WalletJSON     `json:"wallet"`
	Memo        string          `json:"memo"`
	Allocations []allocationIn  `json:"allocations"`
}

// amountIn reads a money object in field's name: its own problems
// ("amount", "currency") come back under field.
func amountIn(c *errs.Collector, field string, raw json.RawMessage) money.Amount {
	var a money.Amount
	if len(raw) == 0 {
		return a
	}
	if err := a.UnmarshalJSON(raw); err != nil {
		for _, f := range errs.As(err).Fields {
			name := field
			if f.Field == "currency" {
				name += ".currency"
			}
			c.Add(name, "%s", f.Message)
		}
		if len(errs.As(err).Fields) == 0 {
			c.Add(field, "must be an object such as {\"amount\": \"1250.50\", \"currency\": \"BDT\"}")
		}
	}
	return a
}

func allocationsIn(c *errs.Collector, in []allocationIn) []Allocation {
	out := make([]Allocation, len(in))
	for i, a := range in {
		out[i] = Allocation{InvoiceID: a.InvoiceID, Amount: amountIn(c, "allocations["+strconv.Itoa(i)+"].amount", a.Amount)}
	}
	return out
}

func (in paymentIn) toNewPayment() (NewPayment, error) {
	c := &errs.Collector{}
	n := NewPayment{Kind: PaymentKind(in.Kind), PartyID: in.PartyID, Method: PaymentMethod(in.Method), AccountID: in.AccountID,
		Reference: in.Reference, Memo: in.Memo}
	n.Amount = amountIn(c, "amount", in.Amount)
	if d, err := httpx.ParseDate("date", in.Date); err != nil {
		c.Merge("", err)
	} else {
		n.Date = d
	}
	if in.Cheque != nil {
		n.Cheque = &Cheque{Number: in.Cheque.Number, Bank: in.Cheque.Bank}
		if d, err := httpx.ParseDate("cheque.date", in.Cheque.Date); err != nil {
			c.Merge("", err)
		} else if !d.IsZero() {
			n.Cheque.Date = &d
		}
	}
	if in.Wallet != nil {
		n.Wallet = &Wallet{Provider: in.Wallet.Provider, Number: bd.Mobile(in.Wallet.Number), TransactionID: in.Wallet.TransactionID}
	}
	n.Allocations = allocationsIn(c, in.Allocations)
	return n, c.Err()
}

func (s *Service) handleRecordPayment(w http.ResponseWriter, r *http.Request) error {
	var in paymentIn
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	n, err := in.toNewPayment()
	if err != nil {
		return err
	}
	p, err := s.RecordPayment(r.Context(), n)
	if err != nil {
		return err
	}
	w.Header().Set("Location", Base+"/payments/"+p.ID.String())
	httpx.WriteJSON(w, http.StatusCreated, ToPaymentJSON(p))
	return nil
}

func (s *Service) handlePayment(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	p, err := s.Payment(r.Context(), id)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, ToPaymentJSON(p))
	return nil
}

func (s *Service) handlePayments(w http.ResponseWriter, r *http.Request) error {
	q := httpx.ReadQuery(r)
	f := PaymentFilter{Kind: PaymentKind(q.Enum("kind", "", string(Receipt), string(Disbursement))),
		Status: q.Enum("status", "", PaymentRecorded, PaymentReversed), Limit: q.Limit(50, 500), Cursor: q.Cursor(), Sort: q.String("sort")}
	party, from, to := q.String("partyId"), q.String("from"), q.String("to")
	if err := q.Err(); err != nil {
		return err
	}
	c := &errs.Collector{}
	if party != "" {
		id, err := uuid.Parse(party)
		c.Check(err == nil, "partyId", "must be a UUID")
		f.PartyID = &id
	}
	var err error
	if f.From, err = httpx.ParseDate("from", from); err != nil {
		c.Merge("", err)
	}
	if f.To, err = httpx.ParseDate("to", to); err != nil {
		c.Merge("", err)
	}
	if err := c.Err(); err != nil {
		return err
	}
	page, err := s.ListPayments(r.Context(), f)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, httpx.PageOf(page.Items, ToPaymentJSON, page.NextCursor))
	return nil
}

func (s *Service) handleAllocate(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	var in struct {
		Allocations []allocationIn `json:"allocations"`
	}
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	c := &errs.Collector{}
	as := allocationsIn(c, in.Allocations)
	if err := c.Err(); err != nil {
		return err
	}
	p, err := s.Allocate(r.Context(), id, as)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, ToPaymentJSON(p))
	return nil
}

func (s *Service) handleReversePayment(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	var in struct {
		Date   string `json:"date"`
		Reason string `json:"reason"`
	}
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	d, err := httpx.ParseDate("date", in.Date)
	if err != nil {
		return err
	}
	p, err := s.ReversePayment(r.Context(), id, ReversePayment{Date: d, Reason: in.Reason})
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, ToPaymentJSON(p))
	return nil
}
