package qty_test

import (
	"math/big"
	"strings"
	"testing"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/qty"
)

// FuzzParse checks Parse and ParseNonNegative: they never panic, refuse
// only with INVALID_ARGUMENT naming the field they were given, accept
// only decimals whose exact value the quantity holds, and what they
// accept formats with String to text that parses back to itself.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"2.5", "1", "0", "0.0001", "0.00001", "2.50000", " 3 ", "999999999999.9999",
		"9999999999999", "-1", "+1", "1.", ".5", "1e3", "১", "1,000", "", "00012.3400", "922337203685.4775"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, p := range []struct {
			name     string
			parse    func(string, string) (qty.Qty, error)
			positive bool
		}{{"Parse", qty.Parse, true}, {"ParseNonNegative", qty.ParseNonNegative, false}} {
			q, err := p.parse("lines[0].quantity", s)
			if err != nil {
				e := errs.As(err)
				if e.Code != errs.InvalidArgument || len(e.Fields) != 1 || e.Fields[0].Field != "lines[0].quantity" {
					t.Fatalf("%s(%q): %v, want INVALID_ARGUMENT naming lines[0].quantity", p.name, s, err)
				}
				continue
			}
			if q < 0 || (p.positive && q == 0) {
				t.Fatalf("%s(%q) = %d", p.name, s, q)
			}
			exact, ok := new(big.Rat).SetString(strings.TrimSpace(s))
			if !ok || exact.Mul(exact, big.NewRat(qty.Scale, 1)).Cmp(big.NewRat(int64(q), 1)) != 0 {
				t.Fatalf("%s(%q) = %d ten-thousandths, not the decimal's value", p.name, s, q)
			}
			back, err := p.parse("q", q.String())
			if err != nil || back != q {
				t.Fatalf("%s(%q) = %v; %s(%q) = %v, %v", p.name, s, q, p.name, q.String(), back, err)
			}
		}
	})
}
