package money_test

import (
	"encoding/json"
	"testing"

	"github.com/vextrus/vextrus/internal/platform/money"
)

func TestJSON(t *testing.T) {
	type invoice struct {
		Total money.Amount `json:"total"`
		Paid  money.Amount `json:"paid"`
	}
	t.Run("writes decimal string", func(t *testing.T) {
		b, err := json.Marshal(invoice{Total: bdt(-125050)})
		if err != nil {
			t.Fatal(err)
		}
		want := `{"total":{"amount":"-1250.50","currency":"BDT"},"paid":null}`
		if string(b) != want {
			t.Fatalf("got %s, want %s", b, want)
		}
	})
	t.Run("reads what it writes", func(t *testing.T) {
		var got invoice
		in := `{"total":{"amount":"1,25,000.75","currency":"bdt"},"paid":null}`
		if err := json.Unmarshal([]byte(in), &got); err != nil {
			t.Fatal(err)
		}
		if got.Total != bdt(12500075) || got.Paid != (money.Amount{}) {
			t.Fatalf("got %+v", got)
		}
	})
	refusals := []struct {
		name, in, field, hint string
	}{
		{"json number", `{"amount": 1250.50, "currency": "BDT"}`, "amount", "not a JSON number"},
		{"json integer", `{"amount": 1250, "currency": "BDT"}`, "amount", "not a JSON number"},
		{"missing amount", `{"currency": "BDT"}`, "amount", "required"},
		{"bad decimal", `{"amount": "12.345", "currency": "BDT"}`, "amount", "at most 2"},
		{"missing currency", `{"amount": "1.00"}`, "currency", "ISO 4217"},
		{"unknown currency", `{"amount": "1.00", "currency": "TK"}`, "currency", "ISO 4217"},
		{"not an object", `"1250.50"`, "amount", "object"},
	}
	for _, tc := range refusals {
		t.Run("refuses "+tc.name, func(t *testing.T) {
			var a money.Amount
			err := json.Unmarshal([]byte(tc.in), &a)
			wantField(t, err, tc.field, tc.hint)
		})
	}
}
