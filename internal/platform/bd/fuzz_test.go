package bd_test

import (
	"testing"

	"github.com/vextrus/vextrus/internal/platform/bd"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

// fuzzRoundTrip checks that parse never panics, refuses only with
// INVALID_ARGUMENT, and that what it accepts parses back from String and
// from its text encoding to the same value.
func fuzzRoundTrip[T interface {
	~string
	String() string
}](f *testing.F, parse func(string) (T, error), seeds ...string) {
	f.Helper()
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := parse(s)
		if err != nil {
			if !errs.Is(err, errs.InvalidArgument) {
				t.Fatalf("parse(%q) error %v is not INVALID_ARGUMENT", s, err)
			}
			return
		}
		back, err := parse(v.String())
		if err != nil || back != v {
			t.Fatalf("parse(%q) = %q; parse(String) = %q, %v", s, v, back, err)
		}
		if again, err := parse(string(v)); err != nil || again != v {
			t.Fatalf("parse(%q) = %q; parse of its text = %q, %v", s, v, again, err)
		}
	})
}

func FuzzParseBIN(f *testing.F) {
	fuzzRoundTrip(f, bd.ParseBIN, "000123456-0101", "12345678901", "০০০১২৩৪৫৬-০১০১", " - ", "")
}

func FuzzParseTIN(f *testing.F) {
	fuzzRoundTrip(f, bd.ParseTIN, "123456789012", "1234-5678-9012", "1234567890", "x")
}

func FuzzParseNID(f *testing.F) {
	fuzzRoundTrip(f, bd.ParseNID, "1234567890", "2690412345678", "19852690412345678", "18992690412345678", "99992690412345678")
}

func FuzzParseMobile(f *testing.F) {
	fuzzRoundTrip(f, bd.ParseMobile, "01712345678", "+8801712345678", "8801712345678", "008801712345678", "+88001712345678", "+", "880")
}

func FuzzParseHSCode(f *testing.F) {
	fuzzRoundTrip(f, bd.ParseHSCode, "0101.21.00", "85171300", "0101.21", "..")
}
