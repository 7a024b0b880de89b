package money_test

import (
	"math"
	"testing"

	"github.com/vextrus/vextrus/internal/platform/money"
)

func TestMulBasisPoints(t *testing.T) {
	cases := []struct {
		name  string
		minor int64
		bp    int64
		r     money.Rounding
		want  int64
	}{
		{"15% VAT exact", 100000, 1500, money.VATRounding, 15000},
		{"15% VAT rounds half up", 10, 1500, money.HalfUp, 2}, // 1.5 poisha
		{"half-up rounds negative half away from zero", -10, 1500, money.HalfUp, -2},
		{"half-even rounds 1.5 up to even", 10, 1500, money.HalfEven, 2},  // 1.5 -> 2
		{"half-even rounds 2.5 down to even", 50, 500, money.HalfEven, 2}, // 2.5 -> 2
		{"half-even negative half to even", -50, 500, money.HalfEven, -2}, // -2.5 -> -2
		{"half-up on 2.5", 50, 500, money.HalfUp, 3},
		{"below half goes down", 14, 1000, money.HalfUp, 1},                 // 1.4
		{"above half goes up under half-even", 16, 1000, money.HalfEven, 2}, // 1.6
		{"toward zero drops fraction", 19, 1000, money.TowardZero, 1},       // 1.9
		{"toward zero on negatives", -19, 1000, money.TowardZero, -1},
		{"7.5% VAT on 1250.50", 125050, 750, money.HalfUp, 9379}, // 9378.75
		{"negative rate", 10000, -500, money.HalfUp, -500},
		{"rate above 100%", 10000, 25000, money.HalfUp, 25000},
		{"huge amount via 128-bit intermediate", math.MaxInt64, 10000, money.HalfUp, math.MaxInt64},
		{"min int64 at 100%", math.MinInt64, 10000, money.HalfUp, math.MinInt64},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := bdt(tc.minor).MulBasisPoints(tc.bp, tc.r)
			if err != nil || got != bdt(tc.want) {
				t.Fatalf("%d × %d bp (%v) = %v, %v; want minor %d", tc.minor, tc.bp, tc.r, got.Minor(), err, tc.want)
			}
		})
	}
}

func TestMulFracRefuses(t *testing.T) {
	t.Run("overflow", func(t *testing.T) {
		_, err := bdt(math.MaxInt64).MulBasisPoints(10001, money.HalfUp)
		wantErr(t, err, money.ErrOverflow)
		_, err = bdt(math.MinInt64).MulBasisPoints(-10000, money.HalfUp)
		wantErr(t, err, money.ErrOverflow)
	})
	t.Run("non-positive denominator", func(t *testing.T) {
		_, err := bdt(100).MulFrac(1, 0, money.HalfUp)
		wantErr(t, err, nil)
	})
	t.Run("unknown rounding", func(t *testing.T) {
		_, err := bdt(100).MulFrac(1, 3, money.Rounding(9))
		wantErr(t, err, nil)
	})
	t.Run("exact decimal rate", func(t *testing.T) {
		got, err := bdt(100).MulFrac(1, 3, money.HalfUp) // 33.33...
		if err != nil || got != bdt(33) {
			t.Fatalf("100 / 3 = %v, %v", got, err)
		}
	})
}
