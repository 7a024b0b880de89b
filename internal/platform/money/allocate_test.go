package money_test

import (
	"math"
	"math/big"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/vextrus/vextrus/internal/platform/money"
)

func minors(parts []money.Amount) []int64 {
	out := make([]int64, len(parts))
	for i, p := range parts {
		out[i] = p.Minor()
	}
	return out
}

func TestAllocate(t *testing.T) {
	cases := []struct {
		name   string
		minor  int64
		ratios []int64
		want   []int64
	}{
		{"even split", 300, []int64{1, 1, 1}, []int64{100, 100, 100}},
		{"one poisha goes to the first of equal remainders", 100, []int64{1, 1, 1}, []int64{34, 33, 33}},
		{"largest remainder wins", 100, []int64{30, 70}, []int64{30, 70}},
		{"70/20/10 of 5 poisha", 5, []int64{70, 20, 10}, []int64{4, 1, 0}}, // 3.5, 1.0, 0.5
		{"negative mirrors positive", -100, []int64{1, 1, 1}, []int64{-34, -33, -33}},
		{"zero ratio gets nothing", 101, []int64{1, 0, 1}, []int64{51, 0, 50}},
		{"zero amount", 0, []int64{3, 4}, []int64{0, 0}},
		{"min int64 in halves", math.MinInt64, []int64{1, 1}, []int64{math.MinInt64 / 2, math.MinInt64 / 2}},
		{"max int64 with huge ratios", math.MaxInt64, []int64{math.MaxInt64 - 1, 1}, []int64{math.MaxInt64 - 1, 1}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			parts, err := bdt(tc.minor).Allocate(tc.ratios...)
			if err != nil {
				t.Fatal(err)
			}
			if got := minors(parts); !slices.Equal(got, tc.want) {
				t.Fatalf("Allocate(%d, %v) = %v, want %v", tc.minor, tc.ratios, got, tc.want)
			}
			for _, p := range parts {
				if p.Currency() != money.BDT {
					t.Fatalf("part %v lost its currency", p)
				}
			}
		})
	}
}

func TestAllocateRefuses(t *testing.T) {
	for name, ratios := range map[string][]int64{
		"no ratios":          nil,
		"negative ratio":     {1, -1},
		"all zero":           {0, 0},
		"ratio sum overflow": {math.MaxInt64, 1},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := bdt(100).Allocate(ratios...)
			wantErr(t, err, nil)
		})
	}
	t.Run("split into zero parts", func(t *testing.T) {
		_, err := bdt(100).Split(0)
		wantErr(t, err, nil)
	})
}

func TestSplit(t *testing.T) {
	parts, err := bdt(-1000).Split(3)
	if err != nil {
		t.Fatal(err)
	}
	if got := minors(parts); !slices.Equal(got, []int64{-334, -333, -333}) {
		t.Fatalf("Split(-10.00, 3) = %v", got)
	}
}

// TestAllocateConservesEveryPoisha checks on many random amounts and ratios
// that the parts sum to the whole, each part is within one poisha of its
// exact share, and the sign follows the amount.
func TestAllocateConservesEveryPoisha(t *testing.T) {
	rng := rand.New(rand.NewPCG(20250701, 6))
	for i := range 20000 {
		var minor int64
		switch i % 4 {
		case 0:
			minor = rng.Int64N(1_000_000) - 500_000
		case 1:
			minor = int64(rng.Uint64()) // full range including the extremes' neighbours
		default:
			minor = rng.Int64N(1<<40) - 1<<39
		}
		ratios := make([]int64, 1+rng.IntN(12))
		for j := range ratios {
			switch rng.IntN(4) {
			case 0:
				ratios[j] = 0
			case 1:
				ratios[j] = rng.Int64N(math.MaxInt64 / 16)
			default:
				ratios[j] = rng.Int64N(10_000)
			}
		}
		ratios[rng.IntN(len(ratios))]++ // never all zero
		parts, err := bdt(minor).Allocate(ratios...)
		if err != nil {
			t.Fatalf("Allocate(%d, %v): %v", minor, ratios, err)
		}
		if len(parts) != len(ratios) {
			t.Fatalf("Allocate(%d, %v) gave %d parts", minor, ratios, len(parts))
		}
		sum, err := money.Sum(money.BDT, parts...)
		if err != nil || sum.Minor() != minor {
			t.Fatalf("Allocate(%d, %v) = %v sums to %v (%v)", minor, ratios, minors(parts), sum, err)
		}
		var total int64
		for _, r := range ratios {
			total += r
		}
		for j, p := range parts {
			// |part·total − minor·ratio| < total: within one poisha of the exact share.
			diff := new(big.Int).Mul(big.NewInt(p.Minor()), big.NewInt(total))
			diff.Sub(diff, new(big.Int).Mul(big.NewInt(minor), big.NewInt(ratios[j])))
			if diff.Abs(diff).Cmp(big.NewInt(total)) >= 0 {
				t.Fatalf("Allocate(%d, %v): part %d = %d is not within a poisha of its share", minor, ratios, j, p.Minor())
			}
			if ratios[j] == 0 && !p.IsZero() || p.Sign()*bdt(minor).Sign() < 0 {
				t.Fatalf("Allocate(%d, %v): part %d = %d", minor, ratios, j, p.Minor())
			}
		}
	}
}
