package money

import (
	"fmt"
	"math"
	"math/bits"

	"github.com/vextrus/vextrus/internal/platform/errs"
)

// Rounding says where a result that falls between two minor units goes.
// Every mode is symmetric: it rounds the magnitude and keeps the sign, so a
// credit note rounds exactly like the invoice it reverses.
type Rounding int

const (
	// HalfUp rounds to the nearest minor unit and halves away from zero
	// (0.5 poisha becomes 1, -0.5 becomes -1). It is the zero value and the
	// default, because it is the commercial rounding NBR practice expects on
	// VAT and SD lines.
	HalfUp Rounding = iota
	// HalfEven rounds to the nearest minor unit and halves to the even
	// neighbour (banker's rounding), which does not drift upwards over many
	// roundings; use it for interest and FX revaluation when a policy asks.
	HalfEven
	// TowardZero drops the fraction, as for a withholding that may never
	// exceed its rate.
	TowardZero
)

// VATRounding is the rounding of VAT, supplementary duty and AIT amounts
// computed from a rate.
const VATRounding = HalfUp

// BasisPoints is the denominator of a basis-point rate: 15% VAT is 1500.
const BasisPoints = 10_000

// String names the mode.
func (r Rounding) String() string {
	switch r {
	case HalfUp:
		return "half-up"
	case HalfEven:
		return "half-even"
	case TowardZero:
		return "toward-zero"
	}
	return fmt.Sprintf("Rounding(%d)", int(r))
}

// MulBasisPoints returns a × bp / 10 000 rounded by r; 15% VAT on a is
// a.MulBasisPoints(1500, money.VATRounding). Returns INVALID_ARGUMENT
// wrapping ErrOverflow when the result does not fit.
func (a Amount) MulBasisPoints(bp int64, r Rounding) (Amount, error) {
	return a.MulFrac(bp, BasisPoints, r)
}

// MulFrac returns a × num / den rounded by r, computed exactly with a
// 128-bit intermediate so no precision is lost before the one rounding. It
// serves rates given as exact decimals (7.5% is 75/1000). Returns
// INVALID_ARGUMENT when den is not positive, when r is unknown, or wrapping
// ErrOverflow when the result does not fit.
func (a Amount) MulFrac(num, den int64, r Rounding) (Amount, error) {
	if den <= 0 {
		return Amount{}, errs.E(errs.InvalidArgument, "rate denominator must be positive")
	}
	if r < HalfUp || r > TowardZero {
		return Amount{}, errs.E(errs.InvalidArgument, "unknown rounding %d", int(r))
	}
	negative := (a.minor < 0) != (num < 0)
	hi, lo := bits.Mul64(magnitude(a.minor), magnitude(num))
	d := uint64(den)
	if hi >= d { // the quotient would need more than 64 bits
		return Amount{}, overflow()
	}
	q, rem := bits.Div64(hi, lo, d)
	// rem < d <= MaxInt64, so 2*rem cannot overflow.
	switch twice := 2 * rem; {
	case r == HalfUp && twice >= d,
		r == HalfEven && (twice > d || twice == d && q%2 == 1):
		if q == math.MaxUint64 {
			return Amount{}, overflow()
		}
		q++
	}
	m, ok := signed(q, negative)
	if !ok {
		return Amount{}, overflow()
	}
	return Amount{minor: m, cur: a.cur}, nil
}

// magnitude returns |v| as uint64; it is exact for math.MinInt64 too.
func magnitude(v int64) uint64 {
	if v < 0 {
		return uint64(^v) + 1
	}
	return uint64(v)
}

// signed applies a sign to a magnitude, reporting whether it fits in int64.
func signed(m uint64, negative bool) (int64, bool) {
	if negative {
		if m > 1<<63 {
			return 0, false
		}
		return int64(-m), true
	}
	if m > math.MaxInt64 {
		return 0, false
	}
	return int64(m), true
}
