package orders

import (
	"math"
	"math/bits"

	"github.com/vextrus/vextrus/internal/platform/qty"
)

// mulDiv returns a × b / c rounded half up, for a, b ≥ 0 and c > 0,
// through a 128-bit product so no intermediate overflows; ok is false
// when the result does not fit an int64.
func mulDiv(a, b, c int64) (v int64, ok bool) {
	if a < 0 || b < 0 || c <= 0 {
		return 0, false
	}
	hi, lo := bits.Mul64(uint64(a), uint64(b))
	if hi >= uint64(c) {
		return 0, false
	}
	quo, rem := bits.Div64(hi, lo, uint64(c))
	if rem >= uint64(c)-rem {
		quo++
	}
	if quo > math.MaxInt64 {
		return 0, false
	}
	return int64(quo), true
}

// averageCost is the cost of one unit of a stock of value poisha and
// onHand ten-thousandths, rounded half up; 0 when nothing is on hand.
func averageCost(value int64, onHand qty.Qty) int64 {
	if onHand <= 0 {
		return 0
	}
	v, _ := mulDiv(value, qty.Scale, int64(onHand))
	return v
}

// incomingValue is the value of q units at unitCost poisha each, rounded
// half up to the poisha.
func incomingValue(q qty.Qty, unitCost int64) (int64, bool) {
	return mulDiv(int64(q), unitCost, qty.Scale)
}

// outgoingValue is the share of a stock's value that q of its onHand
// units take: value × q / onHand rounded half up, and all of it when q
// is the whole stock, so no poisha is left without a unit.
func outgoingValue(value int64, onHand, q qty.Qty) int64 {
	if q >= onHand {
		return value
	}
	v, _ := mulDiv(value, int64(q), int64(onHand))
	return v
}
