package rules

import (
	"errors"
	"math"
	"math/bits"
	"strconv"
	"strings"
)

// Decimal is an exact decimal number with at most four fractional digits,
// held as an int64 count of ten-thousandths. Money in BDT needs two digits
// (poisha) and rates such as 7.5% or 0.25% need at most four, so one fixed
// scale serves both and keeps comparison and addition integer operations.
// Products and quotients round half to even at the fourth digit. Floats
// never appear: a float cannot hold 0.1 exactly.
type Decimal int64

// DecimalScale is the number of ten-thousandths in one unit.
const DecimalScale = 10_000

const decimalDigits = 4

var (
	errDecimalSyntax   = errors.New("must be a decimal number such as \"1250.50\"")
	errDecimalDigits   = errors.New("has more than 4 decimal places")
	errDecimalOverflow = errors.New("is out of range")
	errDivideByZero    = errors.New("division by zero")
)

// ParseDecimal reads "-1250.5", "100000" or "0.0025". It refuses
// exponents, grouping separators and more than four fractional digits.
func ParseDecimal(s string) (Decimal, error) {
	neg := false
	if strings.HasPrefix(s, "-") {
		neg, s = true, s[1:]
	} else if strings.HasPrefix(s, "+") {
		s = s[1:]
	}
	whole, frac, dot := strings.Cut(s, ".")
	if whole == "" || !digitsOnly(whole) || (dot && (frac == "" || !digitsOnly(frac))) {
		return 0, errDecimalSyntax
	}
	frac = strings.TrimRight(frac, "0")
	if len(frac) > decimalDigits {
		return 0, errDecimalDigits
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || w > math.MaxInt64/DecimalScale {
		return 0, errDecimalOverflow
	}
	f := int64(0)
	if frac != "" {
		f, _ = strconv.ParseInt(frac+strings.Repeat("0", decimalDigits-len(frac)), 10, 64)
	}
	v := w*DecimalScale + f
	if v < 0 {
		return 0, errDecimalOverflow
	}
	if neg {
		v = -v
	}
	return Decimal(v), nil
}

func digitsOnly(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// DecimalFromInt converts a whole number, failing on overflow.
func DecimalFromInt(i int64) (Decimal, error) {
	if i > math.MaxInt64/DecimalScale || i < math.MinInt64/DecimalScale {
		return 0, errDecimalOverflow
	}
	return Decimal(i * DecimalScale), nil
}

// String formats with at least two fractional digits, so money reads as
// money: 15 → "15.00", 7.5 → "7.50", 0.0025 → "0.0025".
func (d Decimal) String() string {
	u := uint64(d)
	sign := ""
	if d < 0 {
		sign, u = "-", uint64(-(d+1))+1
	}
	whole, frac := u/DecimalScale, u%DecimalScale
	fs := strconv.FormatUint(frac+DecimalScale, 10)[1:] // four digits, zero-padded
	fs = strings.TrimRight(fs, "0")
	for len(fs) < 2 {
		fs += "0"
	}
	return sign + strconv.FormatUint(whole, 10) + "." + fs
}

// Plus returns d+e, failing on overflow.
func (d Decimal) Plus(e Decimal) (Decimal, error) {
	s := d + e
	if (s > d) != (e > 0) {
		return 0, errDecimalOverflow
	}
	return s, nil
}

// Minus returns d-e, failing on overflow.
func (d Decimal) Minus(e Decimal) (Decimal, error) {
	s := d - e
	if (s < d) != (e > 0) {
		return 0, errDecimalOverflow
	}
	return s, nil
}

// Times returns d×e rounded half to even at the fourth fractional digit.
func (d Decimal) Times(e Decimal) (Decimal, error) {
	hi, lo := bits.Mul64(magnitude(d), magnitude(e))
	return divRound(hi, lo, DecimalScale, (d < 0) != (e < 0))
}

// Quo returns d÷e rounded half to even at the fourth fractional digit.
func (d Decimal) Quo(e Decimal) (Decimal, error) {
	if e == 0 {
		return 0, errDivideByZero
	}
	hi, lo := bits.Mul64(magnitude(d), DecimalScale)
	return divRound(hi, lo, magnitude(e), (d < 0) != (e < 0))
}

// Round rounds half to even to places (0 to 4) fractional digits.
func (d Decimal) Round(places int64) (Decimal, error) {
	if places < 0 || places > decimalDigits {
		return 0, errors.New("round: places must be between 0 and 4")
	}
	unit := uint64(1)
	for i := int64(0); i < decimalDigits-places; i++ {
		unit *= 10
	}
	q, err := divRound(0, magnitude(d), unit, d < 0)
	if err != nil {
		return 0, err
	}
	r := int64(q) * int64(unit)
	if r/int64(unit) != int64(q) {
		return 0, errDecimalOverflow
	}
	return Decimal(r), nil
}

func magnitude(d Decimal) uint64 {
	if d < 0 {
		return uint64(-(d + 1)) + 1
	}
	return uint64(d)
}

// divRound divides the 128-bit hi:lo by den, rounding half to even, and
// applies the sign.
func divRound(hi, lo, den uint64, negative bool) (Decimal, error) {
	if hi >= den {
		return 0, errDecimalOverflow
	}
	q, r := bits.Div64(hi, lo, den)
	if half := den - r; r > half || (r == half && q%2 == 1) {
		q++
	}
	if q > math.MaxInt64 {
		return 0, errDecimalOverflow
	}
	if negative {
		return Decimal(-int64(q)), nil
	}
	return Decimal(q), nil
}
