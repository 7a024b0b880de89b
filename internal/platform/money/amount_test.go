package money_test

import (
	"errors"
	"math"
	"testing"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/money"
)

func bdt(minor int64) money.Amount { return money.New(minor, money.BDT) }

// wantErr fails unless err is INVALID_ARGUMENT wrapping cause (when given).
func wantErr(tb testing.TB, err, cause error) {
	tb.Helper()
	if !errs.Is(err, errs.InvalidArgument) {
		tb.Fatalf("error = %v, want INVALID_ARGUMENT", err)
	}
	if cause != nil && !errors.Is(err, cause) {
		tb.Fatalf("error = %v, want it to wrap %v", err, cause)
	}
}

func TestArithmetic(t *testing.T) {
	type op func(a, b money.Amount) (money.Amount, error)
	add := func(a, b money.Amount) (money.Amount, error) { return a.Add(b) }
	sub := func(a, b money.Amount) (money.Amount, error) { return a.Sub(b) }
	cases := []struct {
		name  string
		op    op
		a, b  money.Amount
		want  money.Amount
		cause error
	}{
		{"adds poisha", add, bdt(125050), bdt(99), bdt(125149), nil},
		{"adds negatives", add, bdt(-5), bdt(-7), bdt(-12), nil},
		{"subtracts below zero", sub, bdt(100), bdt(250), bdt(-150), nil},
		{"add reaches max exactly", add, bdt(math.MaxInt64 - 1), bdt(1), bdt(math.MaxInt64), nil},
		{"add refuses overflow", add, bdt(math.MaxInt64), bdt(1), money.Amount{}, money.ErrOverflow},
		{"add refuses negative overflow", add, bdt(math.MinInt64), bdt(-1), money.Amount{}, money.ErrOverflow},
		{"sub refuses overflow", sub, bdt(math.MinInt64), bdt(1), money.Amount{}, money.ErrOverflow},
		{"sub refuses overflow upwards", sub, bdt(math.MaxInt64), bdt(-1), money.Amount{}, money.ErrOverflow},
		{"sub reaches min exactly", sub, bdt(math.MinInt64 + 1), bdt(1), bdt(math.MinInt64), nil},
		{"add refuses mixed currencies", add, bdt(1), money.New(1, money.USD), money.Amount{}, money.ErrCurrencyMismatch},
		{"sub refuses mixed currencies", sub, money.New(1, money.EUR), bdt(1), money.Amount{}, money.ErrCurrencyMismatch},
		{"add refuses an amount without currency", add, bdt(1), money.Amount{}, money.Amount{}, money.ErrCurrencyMismatch},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.op(tc.a, tc.b)
			if tc.cause != nil {
				wantErr(t, err, tc.cause)
				return
			}
			if err != nil || !got.Equal(tc.want) {
				t.Fatalf("got %v %v, %v; want %v", got, got.Currency(), err, tc.want)
			}
		})
	}
}

func TestNegMulCmp(t *testing.T) {
	t.Run("negates", func(t *testing.T) {
		got, err := bdt(125050).Neg()
		if err != nil || got != bdt(-125050) {
			t.Fatalf("Neg = %v, %v", got, err)
		}
	})
	t.Run("neg refuses min int64", func(t *testing.T) {
		_, err := bdt(math.MinInt64).Neg()
		wantErr(t, err, money.ErrOverflow)
	})
	t.Run("multiplies by quantity", func(t *testing.T) {
		got, err := bdt(-125050).Mul(12)
		if err != nil || got != bdt(-1500600) {
			t.Fatalf("Mul = %v, %v", got, err)
		}
	})
	t.Run("mul refuses overflow", func(t *testing.T) {
		_, err := bdt(math.MaxInt64/2 + 1).Mul(2)
		wantErr(t, err, money.ErrOverflow)
		_, err = bdt(math.MinInt64).Mul(-1)
		wantErr(t, err, money.ErrOverflow)
	})
	t.Run("compares", func(t *testing.T) {
		if c, err := bdt(5).Cmp(bdt(7)); err != nil || c != -1 {
			t.Fatalf("Cmp = %d, %v", c, err)
		}
		_, err := bdt(5).Cmp(money.New(5, money.USD))
		wantErr(t, err, money.ErrCurrencyMismatch)
	})
	t.Run("sums", func(t *testing.T) {
		got, err := money.Sum(money.BDT, bdt(1), bdt(2), bdt(-10))
		if err != nil || got != bdt(-7) {
			t.Fatalf("Sum = %v, %v", got, err)
		}
		if got, err := money.Sum(money.USD); err != nil || got != money.Zero(money.USD) {
			t.Fatalf("empty Sum = %v, %v", got, err)
		}
		_, err = money.Sum(money.BDT, bdt(1), money.New(1, money.EUR))
		wantErr(t, err, money.ErrCurrencyMismatch)
	})
}
