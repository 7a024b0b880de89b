package finance_test

import (
	"testing"

	"github.com/vextrus/vextrus/internal/finance"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

func pct(tb testing.TB, s string) finance.Percent {
	tb.Helper()
	p, err := finance.ParsePercent(s)
	if err != nil {
		tb.Fatalf("percent %q: %v", s, err)
	}
	return p
}

func qty(tb testing.TB, s string) finance.Quantity {
	tb.Helper()
	q, err := finance.ParseQuantity("quantity", s)
	if err != nil {
		tb.Fatalf("quantity %q: %v", s, err)
	}
	return q
}

// TestLineTaxWorkedCases checks ComputeLine against figures an accountant
// works out by hand: amounts in poisha, each rounded once to the poisha,
// half away from zero.
func TestLineTaxWorkedCases(t *testing.T) {
	cases := []struct {
		name                         string
		qty                          string
		price, discount              int64
		treatment, vat, sd, specific string
		vds                          string
		want                         finance.LineAmounts
	}{
		// 1 × 100.00 = 100.00; VAT 15 % = 15.00.
		{name: "standard rate", qty: "1", price: 10000, treatment: "standard", vat: "15",
			want: finance.LineAmounts{Gross: 10000, Net: 10000, VAT: 1500}},
		// 1 × 0.10; VAT 15 % of 10 poisha = 1.5 poisha, half rounds up to 2.
		{name: "half a poisha of VAT rounds up", qty: "1", price: 10, treatment: "standard", vat: "15",
			want: finance.LineAmounts{Gross: 10, Net: 10, VAT: 2}},
		// 1 × 1.00; VAT 7.5 % of 100 poisha = 7.5 poisha, rounds up to 8.
		{name: "7.5 % on one taka is half a poisha over", qty: "1", price: 100, treatment: "reduced", vat: "7.5",
			want: finance.LineAmounts{Gross: 100, Net: 100, VAT: 8}},
		// 1 × 1,234.57; VAT 7.5 % = 9,259.275 poisha, rounds down to 92.59.
		{name: "7.5 % on an odd amount", qty: "1", price: 123457, treatment: "reduced", vat: "7.50",
			want: finance.LineAmounts{Gross: 123457, Net: 123457, VAT: 9259}},
		// 2.5 × 0.99 = 247.5 poisha, rounds up to 2.48; VAT 15 % = 37.2, rounds to 0.37.
		{name: "fractional quantity with half a poisha of gross", qty: "2.5", price: 99, treatment: "standard", vat: "15",
			want: finance.LineAmounts{Gross: 248, Net: 248, VAT: 37}},
		// 1.2345 × 10.01 = 1,235.7345 poisha → 12.36; VAT 15 % = 185.4 → 1.85.
		{name: "four-decimal quantity", qty: "1.2345", price: 1001, treatment: "standard", vat: "15",
			want: finance.LineAmounts{Gross: 1236, Net: 1236, VAT: 185}},
		// 10 × 25.00 = 250.00; SD 25 % = 62.50; VAT 15 % of 312.50 (SD included) = 46.875 → 46.88.
		{name: "SD then VAT on the SD-inclusive value", qty: "10", price: 2500, treatment: "standard", vat: "15", sd: "25",
			want: finance.LineAmounts{Gross: 25000, Net: 25000, SD: 6250, VAT: 4688}},
		// 3 × 333.33 = 999.99, less 9.99 discount = 990.00; VAT 15 % = 148.50.
		{name: "discount before tax", qty: "3", price: 33333, discount: 999, treatment: "standard", vat: "15",
			want: finance.LineAmounts{Gross: 99999, Discount: 999, Net: 99000, VAT: 14850}},
		// 5 × 80.00 = 400.00; exempt: no VAT.
		{name: "exempt", qty: "5", price: 8000, treatment: "exempt", vat: "0",
			want: finance.LineAmounts{Gross: 40000, Net: 40000}},
		// 100 × 12.34 = 1,234.00; zero-rated export: VAT 0.
		{name: "zero-rated", qty: "100", price: 1234, treatment: "zero_rated", vat: "0",
			want: finance.LineAmounts{Gross: 123400, Net: 123400}},
		// 4 × 50.00 = 200.00; specific VAT 3.50 a unit = 14.00.
		{name: "specific VAT per unit", qty: "4", price: 5000, treatment: "specific", specific: "350",
			want: finance.LineAmounts{Gross: 20000, Net: 20000, VAT: 1400}},
		// 1 × 1,000.00; VAT 15 % = 150.00, all of it withheld by the buyer.
		{name: "VDS withholds the whole VAT", qty: "1", price: 100000, treatment: "standard", vat: "15", vds: "100",
			want: finance.LineAmounts{Gross: 100000, Net: 100000, VAT: 15000, VDS: 15000}},
		// 1 × 0.33; VAT 7.5 % = 2.475 → 2 poisha; half of it withheld = 1 poisha exactly.
		{name: "VDS of a part of a small VAT", qty: "1", price: 33, treatment: "reduced", vat: "7.5", vds: "50",
			want: finance.LineAmounts{Gross: 33, Net: 33, VAT: 2, VDS: 1}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := finance.TaxRate{Treatment: tc.treatment}
			if tc.vat != "" {
				r.VAT = pct(t, tc.vat)
			}
			if tc.sd != "" {
				r.SD = pct(t, tc.sd)
			}
			if tc.vds != "" {
				r.VDS = pct(t, tc.vds)
			}
			if tc.specific != "" {
				r.Specific = 350
			}
			got, err := finance.ComputeLine(qty(t, tc.qty), tc.price, tc.discount, r)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Fatalf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

// TestThreeRateInvoiceAddsUpByHand is the case: lines at 15 %
// (with 10 % SD), 7.5 % and exempt.
//
//	A: 12 × 1,250.75 = 15,009.00 − 100.00 = 14,909.00; SD 10 % = 1,490.90;
//	   VAT 15 % of 16,399.90 = 2,459.985 → 2,459.99
//	B: 3.5 × 999.99 = 3,499.965 → 3,499.97; VAT 7.5 % = 262.49775 → 262.50
//	C: 50 × 62.40 = 3,120.00, exempt
//	subtotal 21,628.97, discount 100.00, net 21,528.97, SD 1,490.90,
//	VAT 2,722.49, total 25,742.36.
func TestThreeRateInvoiceAddsUpByHand(t *testing.T) {
	lines := []struct {
		qty             string
		price, discount int64
		rate            finance.TaxRate
	}{
		{"12", 125075, 10000, finance.TaxRate{Treatment: "standard", VAT: pct(t, "15"), SD: pct(t, "10")}},
		{"3.5", 99999, 0, finance.TaxRate{Treatment: "reduced", VAT: pct(t, "7.5")}},
		{"50", 6240, 0, finance.TaxRate{Treatment: "exempt"}},
	}
	var amounts []finance.LineAmounts
	for _, l := range lines {
		a, err := finance.ComputeLine(qty(t, l.qty), l.price, l.discount, l.rate)
		if err != nil {
			t.Fatal(err)
		}
		amounts = append(amounts, a)
	}
	want := []finance.LineAmounts{
		{Gross: 1500900, Discount: 10000, Net: 1490900, SD: 149090, VAT: 245999},
		{Gross: 349997, Net: 349997, VAT: 26250},
		{Gross: 312000, Net: 312000},
	}
	for i := range want {
		if amounts[i] != want[i] {
			t.Fatalf("line %d = %+v, want %+v", i+1, amounts[i], want[i])
		}
	}
	tot, err := finance.SumLines(amounts, 0)
	if err != nil {
		t.Fatal(err)
	}
	wantTot := finance.Totals{Subtotal: 2162897, Discount: 10000, Net: 2152897, SD: 149090, VAT: 272249,
		Total: 2574236, Payable: 2574236}
	if tot != wantTot {
		t.Fatalf("totals %+v, want %+v", tot, wantTot)
	}
}

func TestLineTaxRefusesNamingTheField(t *testing.T) {
	r := finance.TaxRate{Treatment: "standard", VAT: pct(t, "15")}
	cases := []struct {
		name            string
		price, discount int64
		field           string
	}{
		{"negative price", -1, 0, "unitPrice"},
		{"negative discount", 100, -1, "discount"},
		{"discount over gross", 100, 101, "discount"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := finance.ComputeLine(qty(t, "1"), tc.price, tc.discount, r)
			e := errs.As(err)
			if e.Code != errs.InvalidArgument || len(e.Fields) == 0 || e.Fields[0].Field != tc.field {
				t.Fatalf("err = %v, want INVALID_ARGUMENT naming %s", err, tc.field)
			}
		})
	}
	for _, bad := range []string{"0", "-1", "1.23456", "abc", "", "1."} {
		if _, err := finance.ParseQuantity("lines[0].quantity", bad); !errs.Is(err, errs.InvalidArgument) {
			t.Fatalf("quantity %q accepted", bad)
		}
	}
}
