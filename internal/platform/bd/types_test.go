package bd_test

import (
	"encoding/json"
	"testing"

	"github.com/vextrus/vextrus/internal/platform/bd"
)

func TestOperator(t *testing.T) {
	cases := map[string]bd.Operator{
		"01312345678": bd.Grameenphone,
		"01712345678": bd.Grameenphone,
		"01412345678": bd.Banglalink,
		"01912345678": bd.Banglalink,
		"01512345678": bd.Teletalk,
		"01612345678": bd.Robi,
		"01812345678": bd.Robi,
	}
	for in, want := range cases {
		m, err := bd.ParseMobile(in)
		if err != nil {
			t.Fatal(err)
		}
		if got := m.Operator(); got != want {
			t.Errorf("%s: Operator = %q, want %q", in, got, want)
		}
		if m.National() != in {
			t.Errorf("National = %q, want %q", m.National(), in)
		}
	}
	if got := bd.Mobile("").Operator(); got != "" {
		t.Errorf("zero Mobile has operator %q", got)
	}
}

func TestHSCodeParts(t *testing.T) {
	h, err := bd.ParseHSCode("8517.13.00")
	if err != nil {
		t.Fatal(err)
	}
	if h.Formatted() != "8517.13.00" || h.Chapter() != "85" || h.Heading() != "8517" {
		t.Fatalf("Formatted %q, Chapter %q, Heading %q", h.Formatted(), h.Chapter(), h.Heading())
	}
}

func TestJSON(t *testing.T) {
	type vendor struct {
		BIN    bd.BIN    `json:"bin"`
		TIN    bd.TIN    `json:"tin"`
		NID    bd.NID    `json:"nid"`
		Mobile bd.Mobile `json:"mobile"`
		HS     bd.HSCode `json:"hsCode"`
	}
	t.Run("normalises on the way in and writes the normal form", func(t *testing.T) {
		in := `{"bin":"000123456-0101","tin":"1234 5678 9012","nid":"1234567890","mobile":"01712-345678","hsCode":"0101.21.00"}`
		var v vendor
		if err := json.Unmarshal([]byte(in), &v); err != nil {
			t.Fatal(err)
		}
		out, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		want := `{"bin":"0001234560101","tin":"123456789012","nid":"1234567890","mobile":"+8801712345678","hsCode":"01012100"}`
		if string(out) != want {
			t.Fatalf("got %s, want %s", out, want)
		}
	})
	t.Run("empty strings are the zero values", func(t *testing.T) {
		var v vendor
		if err := json.Unmarshal([]byte(`{"bin":"","tin":"","nid":"","mobile":"","hsCode":""}`), &v); err != nil {
			t.Fatal(err)
		}
		if v != (vendor{}) {
			t.Fatalf("got %+v", v)
		}
	})
	for field, in := range map[string]string{
		"bin":    `{"bin":"12345"}`,
		"tin":    `{"tin":"12345"}`,
		"nid":    `{"nid":"12345"}`,
		"mobile": `{"mobile":"12345"}`,
		"hsCode": `{"hsCode":"12345"}`,
	} {
		t.Run("refuses bad "+field, func(t *testing.T) {
			var v vendor
			wantField(t, json.Unmarshal([]byte(in), &v), field, "must be")
		})
	}
}

func TestBengaliDigits(t *testing.T) {
	cases := []struct{ ascii, bengali string }{
		{"0123456789", "০১২৩৪৫৬৭৮৯"},
		{"12,34,567.89", "১২,৩৪,৫৬৭.৮৯"},
		{"Mushak-6.3 No. 2025/07", "Mushak-৬.৩ No. ২০২৫/০৭"},
		{"", ""},
	}
	for _, tc := range cases {
		if got := bd.ToBengaliDigits(tc.ascii); got != tc.bengali {
			t.Errorf("ToBengaliDigits(%q) = %q, want %q", tc.ascii, got, tc.bengali)
		}
		if got := bd.FromBengaliDigits(tc.bengali); got != tc.ascii {
			t.Errorf("FromBengaliDigits(%q) = %q, want %q", tc.bengali, got, tc.ascii)
		}
	}
}
