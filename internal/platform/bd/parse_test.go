package bd_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vextrus/vextrus/internal/platform/bd"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

// parser adapts each typed Parse function to strings so one table covers
// them all.
type parser struct {
	field string
	parse func(string) (string, error)
}

func adapt[T interface{ String() string }](field string, parse func(string) (T, error)) parser {
	return parser{field, func(s string) (string, error) {
		v, err := parse(s)
		return v.String(), err
	}}
}

var (
	pBIN    = adapt("bin", bd.ParseBIN)
	pTIN    = adapt("tin", bd.ParseTIN)
	pNID    = adapt("nid", bd.ParseNID)
	pMobile = adapt("mobile", bd.ParseMobile)
	pHS     = adapt("hsCode", bd.ParseHSCode)
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

func TestParseAccepts(t *testing.T) {
	cases := []struct {
		name string
		p    parser
		in   string
		want string
	}{
		{"bin plain", pBIN, "0001234560101", "0001234560101"},
		{"bin with dash", pBIN, "000123456-0101", "0001234560101"},
		{"bin with spaces", pBIN, " 0001 2345 6010 1 ", "0001234560101"},
		{"bin in bengali digits", pBIN, "০০০১২৩৪৫৬-০১০১", "0001234560101"},
		{"tin plain", pTIN, "123456789012", "123456789012"},
		{"tin grouped", pTIN, "1234-5678-9012", "123456789012"},
		{"nid 10 digits", pNID, "1234567890", "1234567890"},
		{"nid 13 digits", pNID, "2690412345678", "2690412345678"},
		{"nid 17 digits", pNID, "19852690412345678", "19852690412345678"},
		{"nid 17 digits born 1900", pNID, "19002690412345678", "19002690412345678"},
		{"nid with spaces", pNID, "123 456 7890", "1234567890"},
		{"mobile national", pMobile, "01712345678", "+8801712345678"},
		{"mobile national dashed", pMobile, "01712-345678", "+8801712345678"},
		{"mobile e164", pMobile, "+8801912345678", "+8801912345678"},
		{"mobile e164 spaced", pMobile, "+880 1512 345 678", "+8801512345678"},
		{"mobile without plus", pMobile, "8801812345678", "+8801812345678"},
		{"mobile international prefix", pMobile, "008801312345678", "+8801312345678"},
		{"mobile bengali digits", pMobile, "০১৬১২৩৪৫৬৭৮", "+8801612345678"},
		{"hs dotted", pHS, "0101.21.00", "01012100"},
		{"hs plain", pHS, "85171300", "85171300"},
		{"hs spaced", pHS, "8517 13 00", "85171300"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.p.parse(tc.in)
			if err != nil || got != tc.want {
				t.Fatalf("parse(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
			}
		})
	}
}

func TestParseRefuses(t *testing.T) {
	nextYear := strconv.Itoa(time.Now().In(bd.Dhaka()).Year() + 1)
	cases := []struct {
		name string
		p    parser
		in   string
		hint string
	}{
		{"bin empty", pBIN, "", "13-digit"},
		{"bin too short", pBIN, "000123456010", "13-digit"},
		{"bin too long", pBIN, "00012345601011", "13-digit"},
		{"bin old 11 digits", pBIN, "12345678901", "replaced"},
		{"bin letters", pBIN, "000123456O101", "13-digit"},
		{"bin slash", pBIN, "000123456/0101", "13-digit"},
		{"tin empty", pTIN, "", "12-digit e-TIN"},
		{"tin 11 digits", pTIN, "12345678901", "12-digit e-TIN"},
		{"tin old 10 digits", pTIN, "1234567890", "replaced"},
		{"tin letters", pTIN, "12345678901X", "12-digit e-TIN"},
		{"nid empty", pNID, "", "10, 13 or 17 digits"},
		{"nid 12 digits", pNID, "123456789012", "10, 13 or 17 digits"},
		{"nid 16 digits", pNID, "1985269041234567", "10, 13 or 17 digits"},
		{"nid letters", pNID, "12345A7890", "10, 13 or 17 digits"},
		{"nid 17 digits born 1899", pNID, "18992690412345678", "birth year"},
		{"nid 17 digits born next year", pNID, nextYear + "2690412345678", "birth year"},
		{"mobile empty", pMobile, "", "01[3-9]"},
		{"mobile prefix 012", pMobile, "01212345678", "01[3-9]"},
		{"mobile prefix 011", pMobile, "+8801112345678", "01[3-9]"},
		{"mobile too short", pMobile, "0171234567", "01[3-9]"},
		{"mobile too long", pMobile, "017123456789", "01[3-9]"},
		{"mobile landline", pMobile, "029876543", "01[3-9]"},
		{"mobile foreign country code", pMobile, "+911712345678", "+880"},
		{"mobile plus national", pMobile, "+01712345678", "+880"},
		{"mobile plus in the middle", pMobile, "01712+345678", "01[3-9]"},
		{"mobile extra zero after country code", pMobile, "+88001712345678", "01[3-9]"},
		{"mobile letters", pMobile, "0171234567a", "01[3-9]"},
		{"hs 6 digits", pHS, "0101.21", "8-digit"},
		{"hs 10 digits", pHS, "0101.21.00.10", "8-digit"},
		{"hs letters", pHS, "0101.2I.00", "8-digit"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.p.parse(tc.in)
			if err == nil {
				t.Fatalf("parse(%q) = %q, want an error", tc.in, got)
			}
			wantField(t, err, tc.p.field, tc.hint)
		})
	}
}
