package money_test

import (
	"testing"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/money"
)

// FuzzParse checks that Parse never panics, refuses only with
// INVALID_ARGUMENT, and that whatever it accepts survives Decimal → Parse and
// FormatLakh → Parse unchanged.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"1250.50", "-3", "1,25,000.75", "0.05", "-0", "1e3", ".5",
		"92233720368547758.07", "-92233720368547758.08", "92233720368547758.08", "1,2,3", "", "+", "১২"} {
		f.Add(s, uint8(0))
	}
	f.Add("1250", uint8(3))
	f.Add("1.5", uint8(4))
	curs := []money.Currency{money.BDT, money.USD, money.EUR, money.JPY, money.KWD}
	f.Fuzz(func(t *testing.T, s string, pick uint8) {
		c := curs[int(pick)%len(curs)]
		a, err := money.Parse(s, c)
		if err != nil {
			if !errs.Is(err, errs.InvalidArgument) {
				t.Fatalf("Parse(%q) error %v is not INVALID_ARGUMENT", s, err)
			}
			return
		}
		for _, text := range []string{a.String(), money.FormatLakh(a)} {
			back, err := money.Parse(text, c)
			if err != nil || back != a {
				t.Fatalf("Parse(%q) = %v; Parse(%q) = %v, %v", s, a, text, back, err)
			}
		}
	})
}
