package money_test

import (
	"math"
	"strings"
	"testing"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/money"
)

// wantField fails unless err is INVALID_ARGUMENT on field with a message
// containing every hint.
func wantField(tb testing.TB, err error, field string, hints ...string) {
	tb.Helper()
	if !errs.Is(err, errs.InvalidArgument) {
		tb.Fatalf("error = %v, want INVALID_ARGUMENT", err)
	}
	e := errs.As(err)
	if len(e.Fields) != 1 || e.Fields[0].Field != field {
		tb.Fatalf("fields = %+v, want one on %q", e.Fields, field)
	}
	for _, h := range hints {
		if !strings.Contains(e.Fields[0].Message, h) {
			tb.Fatalf("message %q does not mention %q", e.Fields[0].Message, h)
		}
	}
}

func TestParse(t *testing.T) {
	cases := []struct {
		in    string
		cur   money.Currency
		minor int64
		dec   string
	}{
		{"1250.50", money.BDT, 125050, "1250.50"},
		{"1250.5", money.BDT, 125050, "1250.50"},
		{"-3", money.BDT, -300, "-3.00"},
		{"+3", money.BDT, 300, "3.00"},
		{"1,25,000.75", money.BDT, 12500075, "125000.75"},
		{"12,34,567.89", money.BDT, 123456789, "1234567.89"},
		{"1,234,567.89", money.BDT, 123456789, "1234567.89"},
		{"  0.05 ", money.BDT, 5, "0.05"},
		{"-0.05", money.BDT, -5, "-0.05"},
		{"-0", money.BDT, 0, "0.00"},
		{"007", money.BDT, 700, "7.00"},
		{"92233720368547758.07", money.BDT, math.MaxInt64, "92233720368547758.07"},
		{"-92233720368547758.08", money.BDT, math.MinInt64, "-92233720368547758.08"},
		{"1250", money.JPY, 1250, "1250"},
		{"1.5", money.KWD, 1500, "1.500"},
		{"10.99", money.USD, 1099, "10.99"},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			a, err := money.Parse(tc.in, tc.cur)
			if err != nil {
				t.Fatal(err)
			}
			if a.Minor() != tc.minor || a.Currency() != tc.cur {
				t.Fatalf("Parse(%q) = %d %s, want %d %s", tc.in, a.Minor(), a.Currency(), tc.minor, tc.cur)
			}
			if a.Decimal() != tc.dec || a.String() != tc.dec {
				t.Fatalf("Decimal = %q, String = %q, want %q", a.Decimal(), a.String(), tc.dec)
			}
		})
	}
}

func TestParseRefuses(t *testing.T) {
	cases := []struct {
		name, in string
		cur      money.Currency
		field    string
		hint     string
	}{
		{"empty", "", money.BDT, "amount", "1250.50"},
		{"sign only", "-", money.BDT, "amount", "decimal number"},
		{"letters", "12a.00", money.BDT, "amount", "decimal number"},
		{"float exponent", "1e3", money.BDT, "amount", "decimal number"},
		{"leading point", ".5", money.BDT, "amount", "decimal number"},
		{"trailing point", "5.", money.BDT, "amount", "decimal number"},
		{"two points", "1.2.3", money.BDT, "amount", "decimal number"},
		{"double sign", "--5", money.BDT, "amount", "decimal number"},
		{"comma in decimals", "1.2,5", money.BDT, "amount", "decimal number"},
		{"misplaced comma", "1,2,3", money.BDT, "amount", "decimal number"},
		{"short last group", "12,34", money.BDT, "amount", "decimal number"},
		{"mixed grouping", "1,23,456,789", money.BDT, "amount", "decimal number"},
		{"oversized first group", "123,45,678", money.BDT, "amount", "decimal number"},
		{"leading comma", ",123", money.BDT, "amount", "decimal number"},
		{"inner space", "1 250", money.BDT, "amount", "decimal number"},
		{"too many decimals", "1250.505", money.BDT, "amount", "at most 2 decimals"},
		{"trailing zero decimal still too many", "1.000", money.USD, "amount", "at most 2"},
		{"decimals for JPY", "1.5", money.JPY, "amount", "no decimals"},
		{"too large", "92233720368547758.08", money.BDT, "amount", "out of range"},
		{"too small", "-92233720368547758.09", money.BDT, "amount", "out of range"},
		{"huge", strings.Repeat("9", 40), money.BDT, "amount", "out of range"},
		{"unknown currency", "1.00", money.Currency("XYZ"), "currency", "ISO 4217"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := money.Parse(tc.in, tc.cur)
			wantField(t, err, tc.field, tc.hint)
		})
	}
}

func TestParseCurrency(t *testing.T) {
	if c, err := money.ParseCurrency(" bdt "); err != nil || c != money.BDT {
		t.Fatalf("ParseCurrency = %q, %v", c, err)
	}
	_, err := money.ParseCurrency("TAKA")
	wantField(t, err, "currency", "BDT")
	if money.BDT.Exponent() != 2 || money.USD.Exponent() != 2 || money.EUR.Exponent() != 2 || money.JPY.Exponent() != 0 {
		t.Fatal("wrong minor-unit exponents")
	}
}
