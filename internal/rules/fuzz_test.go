package rules_test

import (
	"context"
	"math/big"
	"strings"
	"testing"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/rules"
)

// FuzzTable feeds arbitrary expressions and arbitrary JSON inputs through
// compile and evaluate: nothing panics, every failure carries a client
// code (bad rule or bad input, never INTERNAL), and no evaluation spends
// more than the cost limit.
func FuzzTable(f *testing.F) {
	seeds := [][2]string{
		{`amount > 100000`, `{"category":"x","amount":"150000"}`},
		{`tags.all(a, tags.all(b, tags.all(c, a + b + c != "")))`, `{"category":"x","amount":"1","tags":["a","b"]}`},
		{`tags.exists(t, t.matches("^(a+)+$"))`, `{"category":"aaaaaaaaaaaaaaaaaaaaaaaaaaaa!","amount":"1","tags":["aaaaaaaaaaaaaaaaaaaaaaaaaaaa!"]}`},
		{`size(tags.map(x, tags.map(y, x + y))) > 0`, `{"category":"x","amount":"1","tags":["a","b","c"]}`},
		{`amount * amount * amount * amount > 1`, `{"category":"x","amount":"922337203685477"}`},
		{`amount / (amount - amount) > 0`, `{"category":"x","amount":"5"}`},
		{`9223372036854775807 + 1 > 0`, `{"category":"x","amount":"1"}`},
		{`decimal(category) > 0`, `{"category":"1e5","amount":"1"}`},
		{`invoiceDate > date(category)`, `{"category":"2024-02-30","amount":"1","invoiceDate":"2024-03-01"}`},
		{`category.size() > 3 && export`, `{"category":"পণ্য","amount":"-0.0001","export":true}`},
		{`[1,2,3].map(x, [1,2,3].map(y, x * y)).size() == 3`, `[1,2]`},
		{`round(amount, 5) > 0`, `{"category":"x","amount":1e400}`},
		{`)(`, `{"category":null,"amount":"1"}`},
		{`category + `, `not json`},
		{`"a".repeat(100000) != ""`, `{"category":"x","amount":"1"}`},
	}
	for _, s := range seeds {
		f.Add(s[0], s[1])
	}
	limits := rules.DefaultLimits()
	f.Fuzz(func(t *testing.T, expr, input string) {
		specs := []rules.VersionSpec{
			spec(rules.First, row(expr, `1`, `1`, `"a"`), row(`true`, `2`, `2`, `"b"`)),
			spec(rules.Collect, row(`true`, `1`, `1`, expr)),
		}
		for _, s := range specs {
			tbl, err := rules.Compile(taxInput, taxOutput, s, limits)
			if err != nil {
				if c := errs.CodeOf(err); c != errs.InvalidArgument {
					t.Fatalf("compile %q: %v, want INVALID_ARGUMENT", expr, err)
				}
				continue
			}
			in, err := rules.DecodeInput([]byte(input))
			if err != nil {
				if errs.CodeOf(err) != errs.InvalidArgument {
					t.Fatalf("decode %q: %v", input, err)
				}
				continue
			}
			res, err := tbl.Evaluate(context.Background(), in)
			if c := errs.CodeOf(err); err != nil && c != errs.InvalidArgument && c != errs.FailedPrecondition {
				t.Fatalf("evaluate %q on %q: %v", expr, input, err)
			}
			if err == nil && res.Cost > limits.EvalCost {
				t.Fatalf("evaluate %q on %q cost %d, above the limit %d", expr, input, res.Cost, limits.EvalCost)
			}
		}
	})
}

// FuzzParseDecimal checks the decimal rule inputs are read with: it
// never panics, refuses with an error rather than a wrong value, holds
// the decimal's exact value, and String gives text that parses back to
// the same Decimal.
func FuzzParseDecimal(f *testing.F) {
	for _, s := range []string{"150000", "-0.0001", "+1.5", "0.00010", "922337203685477.5807", "922337203685477.5808",
		"-922337203685477.5808", "-0", "1.", ".5", "1e5", "1,000", "১", "", "-", "00001.1000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := rules.ParseDecimal(s)
		if err != nil {
			return
		}
		exact, ok := new(big.Rat).SetString(strings.TrimPrefix(s, "+"))
		if !ok || exact.Mul(exact, big.NewRat(rules.DecimalScale, 1)).Cmp(big.NewRat(int64(d), 1)) != 0 {
			t.Fatalf("ParseDecimal(%q) = %d ten-thousandths, not the decimal's value", s, int64(d))
		}
		back, err := rules.ParseDecimal(d.String())
		if err != nil || back != d {
			t.Fatalf("ParseDecimal(%q) = %v; ParseDecimal(%q) = %v, %v", s, d, d.String(), back, err)
		}
	})
}
