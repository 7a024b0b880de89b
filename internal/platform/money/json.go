package money

import (
	"bytes"
	"encoding/json"

	"github.com/vextrus/vextrus/internal/platform/errs"
)

// wire is the API form of an amount (DESIGN §11).
type wire struct {
	Amount   json.RawMessage `json:"amount"`
	Currency string          `json:"currency"`
}

// MarshalJSON writes {"amount": "1250.50", "currency": "BDT"}: the amount is
// a decimal string so no client parses it into a float. The zero Amount,
// which has no currency, is written as null (an absent amount).
func (a Amount) MarshalJSON() ([]byte, error) {
	if a.cur == "" {
		return []byte("null"), nil
	}
	amount, err := json.Marshal(a.Decimal())
	if err != nil {
		return nil, err
	}
	return json.Marshal(wire{Amount: amount, Currency: string(a.cur)})
}

// UnmarshalJSON reads {"amount": "1250.50", "currency": "BDT"}. A JSON
// number for the amount is refused, because it may already have passed
// through a float on the client's side. null leaves a unchanged.
//
// Returns INVALID_ARGUMENT naming the field ("amount" or "currency") at
// fault.
func (a *Amount) UnmarshalJSON(data []byte) error {
	if bytes.Equal(bytes.TrimSpace(data), []byte("null")) {
		return nil
	}
	var w wire
	if err := json.Unmarshal(data, &w); err != nil {
		return errs.Field("amount", `must be an object such as {"amount": "1250.50", "currency": "BDT"}`)
	}
	c, err := ParseCurrency(w.Currency)
	if err != nil {
		return err
	}
	var s string
	switch {
	case len(w.Amount) == 0 || string(w.Amount) == "null":
		return errs.Field("amount", "is required")
	case w.Amount[0] != '"' || json.Unmarshal(w.Amount, &s) != nil:
		return errs.Field("amount", `must be a decimal string such as "1250.50", not a JSON number`)
	}
	v, err := Parse(s, c)
	if err != nil {
		return err
	}
	*a = v
	return nil
}
