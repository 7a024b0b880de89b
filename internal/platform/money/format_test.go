package money_test

import (
	"math"
	"testing"

	"github.com/vextrus/vextrus/internal/platform/money"
)

func TestFormatLakh(t *testing.T) {
	cases := []struct {
		name string
		a    money.Amount
		opts []money.FormatOption
		want string
	}{
		{"lakh grouping", bdt(123456789), nil, "12,34,567.89"},
		{"crore", bdt(1234567890), nil, "1,23,45,678.90"},
		{"hundreds of crores", bdt(98765432101234), nil, "9,87,65,43,21,012.34"},
		{"one lakh", bdt(10000000), nil, "1,00,000.00"},
		{"thousand", bdt(100000), nil, "1,000.00"},
		{"three digits stay plain", bdt(99999), nil, "999.99"},
		{"small value", bdt(5), nil, "0.05"},
		{"zero", bdt(0), nil, "0.00"},
		{"negative", bdt(-123456789), nil, "-12,34,567.89"},
		{"negative small", bdt(-5), nil, "-0.05"},
		{"min int64", bdt(math.MinInt64), nil, "-92,23,37,20,36,85,47,758.08"},
		{"with symbol", bdt(123456789), []money.FormatOption{money.WithSymbol()}, "৳12,34,567.89"},
		{"negative with symbol", bdt(-125050), []money.FormatOption{money.WithSymbol()}, "-৳1,250.50"},
		{"bengali digits", bdt(123456789), []money.FormatOption{money.WithBengaliDigits()}, "১২,৩৪,৫৬৭.৮৯"},
		{"bengali with symbol", bdt(-1234567890), []money.FormatOption{money.WithSymbol(), money.WithBengaliDigits()}, "-৳১,২৩,৪৫,৬৭৮.৯০"},
		{"dollars", money.New(1234567, money.USD), []money.FormatOption{money.WithSymbol()}, "$12,345.67"},
		{"yen has no decimals", money.New(1234567, money.JPY), nil, "12,34,567"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := money.FormatLakh(tc.a, tc.opts...); got != tc.want {
				t.Fatalf("FormatLakh(%v) = %q, want %q", tc.a, got, tc.want)
			}
		})
	}
}

func TestFormatLakhParsesBack(t *testing.T) {
	for _, minor := range []int64{0, 1, -1, 99999, 123456789, -98765432101234, math.MaxInt64, math.MinInt64} {
		text := money.FormatLakh(bdt(minor))
		got, err := money.Parse(text, money.BDT)
		if err != nil || got != bdt(minor) {
			t.Fatalf("Parse(FormatLakh(%d) = %q) = %v, %v", minor, text, got, err)
		}
	}
}
